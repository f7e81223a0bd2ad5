// One upload through our Uploader in a process of its own: a large file in parts (CreateLargeFile,
// several parts in flight) or one PUT (CreateFile), timed from the first byte sent to the confirm,
// with this process's RSS sampled every few ms.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planParts } from '../src/client/largeFileRules';
import { MetaStudioClient } from '../src/client/metastudio';
import { FileRecordStore, MemoryUrlVault } from '../src/pending/records';
import { Uploader } from '../src/pending/upload';
import { clientOptions } from './emulator';
import { childMain } from './harness';

export interface LargePutInput {
  url: string;
  path: string;
  mode: 'parts' | 'single';
  partsInFlight: number;
}

export interface LargePutOutput {
  /** From the first 'uploading' progress to 'confirming': the bytes on the wire only. */
  transferMs: number;
  parts: number;
  state: string;
  baselineRss: number;
  peakRss: number;
  /** Memory of Buffers (process.memoryUsage().arrayBuffers) before the upload and at the peak of RSS. */
  baselineBuffers: number;
  peakBuffers: number;
}

const SAMPLE_MS = 5;

childMain<LargePutInput, LargePutOutput>(async (input) => {
  const client = new MetaStudioClient(clientOptions(input.url, 0));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-bench-records-'));
  // parts: every file goes through CreateLargeFile; single: the default 5 GiB threshold keeps it one PUT.
  const uploader = new Uploader(client, new FileRecordStore(dir), new MemoryUrlVault(), {
    largeFileBytes: input.mode === 'parts' ? 0 : undefined,
    partsInFlight: input.partsInFlight,
  });
  (globalThis as { gc?: () => void }).gc?.();
  const baselineRss = process.memoryUsage.rss();
  const baselineBuffers = process.memoryUsage().arrayBuffers;
  let peakRss = baselineRss;
  let peakBuffers = baselineBuffers;
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peakRss) {
      peakRss = rss;
      peakBuffers = process.memoryUsage().arrayBuffers; // what of the peak is Buffers (the file's chunks), read only at a new peak
    }
  }, SAMPLE_MS);
  let sending: number | undefined;
  let sent: number | undefined;
  try {
    const result = await uploader.upload(input.path, { kind: 'new', assetName: `bench ${input.mode} ${process.pid}`, assetType: 'VIDEO' }, {
      onProgress: (phase) => {
        if (phase === 'uploading') {
          sending ??= performance.now();
        } else if (phase === 'confirming') {
          sent ??= performance.now();
        }
      },
    });
    return {
      transferMs: (sent ?? NaN) - (sending ?? NaN),
      parts: input.mode === 'parts' ? planParts(fs.statSync(input.path).size).count : 1,
      state: result.state,
      baselineRss,
      peakRss: Math.max(peakRss, process.memoryUsage.rss()),
      baselineBuffers,
      peakBuffers,
    };
  } finally {
    clearInterval(timer);
    await client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
