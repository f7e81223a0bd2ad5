// What every benchmark shares: statistics over repetitions, the shape of a result line, the
// machine's load, and child processes that report one JSON result.
import { fork } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const OUT = path.join(ROOT, 'out');

export interface Stat {
  median: number;
  min: number;
  max: number;
  n: number;
}

export interface Figure {
  name: string;
  stat: Stat;
}

/** One line of the results table. */
export interface ResultLine {
  bench: string;
  what: string;
  unit: string;
  ours: Stat;
  comparisons: Figure[];
  /** Per-repetition ratios (paired in one run), with their name, e.g. "ours/floor". */
  ratios: Figure[];
  goal: string;
  /** Undefined when the line has no goal of its own. */
  met?: boolean;
  command: string;
  note?: string;
}

export interface BenchOutcome {
  lines: ResultLine[];
  /** Load averages (1, 5, 15 min) before and after. */
  load?: { before: number[]; after: number[] };
  seconds?: number;
}

export function stat(samples: number[]): Stat {
  if (samples.length === 0) {
    return { median: NaN, min: NaN, max: NaN, n: 0 };
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/** Element-wise a[i] / b[i]: ratios paired within one repetition. */
export function ratios(a: number[], b: number[]): number[] {
  return a.map((value, i) => value / b[i]);
}

export function loadAverage(): number[] {
  return os.loadavg().map((l) => Math.round(l * 100) / 100);
}

export function command(bench: string): string {
  return `npm run bench -- ${bench}`;
}

/** The row of an upload's peak RSS growth (MiB) in the uploading process, against the 64 MiB goal; `step` names what started. */
export function memoryGrowthLine(bench: string, during: string, step: string, memory: ResultLine['ours']): ResultLine {
  return {
    bench,
    what: `Peak RSS growth of the client process during ${during}`,
    unit: 'MiB',
    ours: memory,
    comparisons: [],
    ratios: [],
    goal: '≤ 64 MiB',
    met: memory.max <= 64,
    command: command(bench),
    note: `RSS sampled every 5 ms in the uploading process; peak minus the RSS just before the ${step} (after a GC)`,
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a compiled bench module in its own Node process, sends it `input`, resolves with its one reply. */
export function inChild<T>(module: string, input: unknown, execArgv: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, module), [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let reply: T | undefined;
    child.once('message', (message) => {
      reply = message as T;
      child.disconnect();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => (reply !== undefined ? resolve(reply) : reject(new Error(`${module} exited with ${code ?? signal} and no result`))));
    child.send(input as object);
  });
}

/** For the child side of `inChild`: runs `work` on the parent's input and replies with its result. */
export function childMain<I, O>(work: (input: I) => Promise<O>): void {
  process.once('message', (input) => {
    work(input as I).then(
      (output) => process.send!(output as object, () => process.exit(0)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}

/** `runs` repetitions; each repetition calls every contender once, in an order rotated per repetition. */
export async function interleaved<K extends string, T>(runs: number, contenders: readonly K[], once: (contender: K, rep: number) => Promise<T>): Promise<Record<K, T[]>> {
  const results = Object.fromEntries(contenders.map((c) => [c, [] as T[]])) as Record<K, T[]>;
  for (let rep = 0; rep < runs; rep++) {
    for (let i = 0; i < contenders.length; i++) {
      const contender = contenders[(i + rep) % contenders.length];
      results[contender].push(await once(contender, rep));
    }
  }
  return results;
}

export const MiB = 1024 * 1024;
