// `npm run bench [-- name ...]`: runs the benchmarks named (all when none), one after another, and
// writes bench/results/latest.{md,json}. Names: sign confirm ratelimit uploads put largeput md5 activation view listing kept.
import { removeBigFile } from './bigFile';
import { loadAverage, type BenchOutcome } from './harness';
import { machine, save } from './report';

const BENCHES: Record<string, () => Promise<{ run: () => Promise<BenchOutcome> }>> = {
  sign: () => import('./sign'),
  confirm: () => import('./confirm'),
  ratelimit: () => import('./rateLimit'),
  uploads: () => import('./uploads'),
  put: () => import('./put'),
  largeput: () => import('./largePut'),
  md5: () => import('./md5'),
  activation: () => import('./activation'),
  view: () => import('./view'),
  listing: () => import('./listing'),
  kept: () => import('./kept'),
};

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !(n in BENCHES));
  if (unknown.length > 0) {
    throw new Error(`unknown benchmark ${unknown.join(', ')}: choose from ${Object.keys(BENCHES).join(', ')}`);
  }
  for (const name of names.length > 0 ? names : Object.keys(BENCHES)) {
    const before = loadAverage();
    if (before[0] > 1.5) {
      console.log(`note: load average ${before[0]} before ${name}: other work is running; the figures may be disturbed`);
    }
    const run = machine();
    const started = performance.now();
    console.log(`== ${name}`);
    const outcome = await (await BENCHES[name]()).run();
    outcome.seconds = (performance.now() - started) / 1000;
    outcome.load = { before, after: loadAverage() };
    for (const line of outcome.lines) {
      const comparisons = line.comparisons.map((c) => `${c.name} ${c.stat.median.toPrecision(4)}`).join(', ');
      const ratioText = line.ratios.map((r) => `${r.name} ${r.stat.median.toFixed(3)}`).join(', ');
      console.log(`${line.what}: ours ${line.ours.median.toPrecision(4)} ${line.unit}; ${comparisons}; ${ratioText}; goal ${line.goal}: ${line.met === undefined ? '-' : line.met ? 'met' : 'NOT met'}`);
    }
    console.log(`(${outcome.seconds.toFixed(0)} s)`);
    save(name, outcome, run);
  }
}

main()
  .finally(removeBigFile)
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
