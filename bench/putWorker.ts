// Our putFile of one file, in a process of its own, sampling that process's RSS every few ms.
import { putFile } from '../src/client/obs';
import { childMain } from './harness';

export interface PutInput {
  uploadUrl: string;
  path: string;
  size: number;
  md5: string;
  contentType: string;
}

export interface PutOutput {
  wallMs: number;
  baselineRss: number;
  peakRss: number;
  samples: number;
}

const SAMPLE_MS = 5;

childMain<PutInput, PutOutput>(async (input) => {
  (globalThis as { gc?: () => void }).gc?.(); // run with --expose-gc: the baseline without garbage
  const baselineRss = process.memoryUsage.rss();
  let peakRss = baselineRss;
  let samples = 0;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    samples += 1;
  }, SAMPLE_MS);
  const started = performance.now();
  try {
    await putFile(input);
  } finally {
    clearInterval(timer);
  }
  const wallMs = performance.now() - started;
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  return { wallMs, baselineRss, peakRss, samples };
});
