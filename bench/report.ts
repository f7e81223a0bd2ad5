// Writes results/latest.json and results/latest.md. A run of some benchmarks replaces their lines
// and keeps the others, so each row can be rerun alone.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, type BenchOutcome, type ResultLine, type Stat } from './harness';

const DIR = path.join(ROOT, 'bench/results');
const JSON_FILE = path.join(DIR, 'latest.json');
const MD_FILE = path.join(DIR, 'latest.md');

interface Run {
  bench: string;
  date: string;
  commit: string;
  node: string;
  cpu: string;
  uptime: string;
  load?: BenchOutcome['load'];
  seconds?: number;
}

interface Results {
  runs: Run[];
  lines: ResultLine[];
}

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
}

export function machine(): Omit<Run, 'bench' | 'load' | 'seconds'> {
  const dirty = git('status', '--porcelain', '--', 'src', 'test', 'bench', 'package.json') ? ' (with uncommitted changes)' : '';
  const cpus = os.cpus();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: git('rev-parse', '--short', 'HEAD') + dirty,
    node: process.version,
    cpu: `${cpus.length} × ${cpus[0]?.model ?? '?'}`,
    uptime: (() => {
      try {
        return execFileSync('uptime', { encoding: 'utf8' }).trim();
      } catch {
        return `load ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`;
      }
    })(),
  };
}

export function save(bench: string, outcome: BenchOutcome, run: ReturnType<typeof machine>): void {
  const results: Results = fs.existsSync(JSON_FILE) ? JSON.parse(fs.readFileSync(JSON_FILE, 'utf8')) : { runs: [], lines: [] };
  results.runs = [...results.runs.filter((r) => r.bench !== bench), { bench, ...run, load: outcome.load, seconds: outcome.seconds }];
  const others = results.lines.filter((l) => l.bench !== bench);
  results.lines = [...others, ...outcome.lines];
  const order = ['sign', 'confirm', 'ratelimit', 'put', 'md5', 'activation', 'view', 'listing'];
  results.lines.sort((a, b) => order.indexOf(a.bench) - order.indexOf(b.bench));
  results.runs.sort((a, b) => order.indexOf(a.bench) - order.indexOf(b.bench));
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(JSON_FILE, JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(MD_FILE, markdown(results));
}

function number(value: number): string {
  if (!Number.isFinite(value)) {
    return String(value);
  }
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function formatStat(s: Stat, unit: string): string {
  const space = unit && !unit.startsWith('/') && unit !== '×' && unit !== '%' ? ' ' : '';
  const median = `**${number(s.median)}${space}${unit}**`;
  return s.n > 1 ? `${median} (${number(s.min)}–${number(s.max)}, n=${s.n})` : median;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function markdown(results: Results): string {
  const rows = results.lines.map((l) => {
    const comparisons = l.comparisons.map((c) => `${c.name}: ${formatStat(c.stat, l.unit)}`).join('<br>') || '—';
    const ratioText = l.ratios.map((r) => `${r.name}: ${formatStat(r.stat, '×')}`).join('<br>') || '—';
    const met = l.met === undefined ? '—' : l.met ? 'yes' : '**no**';
    const what = l.note ? `${l.what}<br><sub>${l.note}</sub>` : l.what;
    return `| ${cell(what)} | ${cell(formatStat(l.ours, l.unit))} | ${cell(comparisons)} | ${cell(ratioText)} | ${cell(l.goal)} | ${met} | \`${l.command}\` |`;
  });
  const runs = results.runs.map(
    (r) => `| ${r.bench} | ${r.date} | ${r.commit} | ${r.seconds === undefined ? '?' : r.seconds.toFixed(0) + ' s'} | ${r.load ? `${r.load.before.join(', ')} → ${r.load.after.join(', ')}` : '?'} | ${cell(r.uptime)} |`,
  );
  const first = results.runs[0];
  return [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (see `bench/README.md` for what each row measures and why a goal is missed).',
    'Figures: **median** (min–max, n = repetitions). Ratios are paired per repetition, measured in the same run.',
    first ? `Machine: ${first.cpu}, Node ${first.node}.` : '',
    '',
    '| What | Ours | Comparison | Ratio | Goal | Met | Command |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '## Runs',
    '',
    '| Bench | Date (UTC) | Commit | Took | Load 1/5/15 min, before → after | `uptime` at start |',
    '| --- | --- | --- | --- | --- | --- |',
    ...runs,
    '',
  ].join('\n');
}
