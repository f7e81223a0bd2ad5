// Row 5: streaming MD5 of a 1 GiB file (in the page cache): our fileMd5 against
// `openssl md5 -binary` on the same file, alternating, timed from outside both.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileMd5 } from '../src/client/md5';
import { bigFile } from './bigFile';
import { command, interleaved, ratios, stat, type BenchOutcome } from './harness';

const REPETITIONS = 5;
const run$ = promisify(execFile);

export async function run(): Promise<BenchOutcome> {
  const file = bigFile();
  const mbPerSecond = (ms: number) => file.size / 1e6 / (ms / 1000);
  const speeds = await interleaved(REPETITIONS, ['ours', 'openssl'] as const, async (contender) => {
    const started = performance.now();
    let digest: string;
    if (contender === 'ours') {
      digest = await fileMd5(file.path);
    } else {
      const { stdout } = await run$('openssl', ['md5', '-binary', file.path], { encoding: 'buffer' });
      digest = stdout.toString('base64');
    }
    const ms = performance.now() - started;
    if (digest !== file.md5) {
      throw new Error(`${contender} computed ${digest}, not ${file.md5}`);
    }
    return mbPerSecond(ms);
  });
  const toOpenssl = stat(ratios(speeds.ours, speeds.openssl));
  return {
    lines: [
      {
        bench: 'md5',
        what: 'Streaming MD5 of a 1 GiB file (page cache)',
        unit: 'MB/s',
        ours: stat(speeds.ours),
        comparisons: [{ name: 'openssl md5 -binary', stat: stat(speeds.openssl) }],
        ratios: [{ name: 'ours/openssl', stat: toOpenssl }],
        goal: '≥ 90% of openssl',
        met: toOpenssl.median >= 0.9,
        command: command('md5'),
        note: 'MB = 10⁶ bytes; openssl timed including its process start (a few ms)',
      },
    ],
  };
}
