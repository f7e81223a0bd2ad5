// Row 2: 1,000 confirms against the emulator on loopback (its own process, no rate limit), at
// concurrency 1 and 16. Our MetaStudioClient against the official SDK's confirmFileUpload and a
// raw undici loop with pre-signed headers. Client CPU per confirm and wall time, each client in a
// fresh process with its own 1,000 pending files (plus 100 to warm up on).
import type { ConfirmClient, ConfirmInput, ConfirmOutput } from './confirmWorker';
import { EmulatorProcess } from './emulator';
import { command, inChild, interleaved, ratios, stat, type BenchOutcome, type ResultLine } from './harness';

const FILES = 1000;
const WARM = 100;
const REPETITIONS = 5;
const CLIENTS: ConfirmClient[] = ['ours', 'sdk', 'raw'];

export async function run(): Promise<BenchOutcome> {
  const emulator = await EmulatorProcess.start();
  const lines: ResultLine[] = [];
  try {
    for (const concurrency of [1, 16]) {
      const results = await interleaved(REPETITIONS, CLIENTS, async (client) => {
        await emulator.reset(); // keeps the emulator's store (and its memory) the same size for every run
        const seeded = await emulator.seedBulk(WARM + FILES, 1, true);
        const input: ConfirmInput = { client, url: emulator.url, concurrency, warm: seeded.slice(0, WARM), files: seeded.slice(WARM) };
        const output = await inChild<ConfirmOutput>('confirmWorker.js', input);
        if (output.failed > 0) {
          throw new Error(`${client} at concurrency ${concurrency}: ${output.failed} confirms failed: ${output.firstError}`);
        }
        return output;
      });
      const cpu = (c: ConfirmClient) => results[c].map((r) => r.cpuUs / FILES);
      const wall = (c: ConfirmClient) => results[c].map((r) => r.wallMs);
      const toSdk = stat(ratios(cpu('ours'), cpu('sdk')));
      const toRaw = stat(ratios(cpu('ours'), cpu('raw')));
      lines.push(
        {
          bench: 'confirm',
          what: `Client CPU per confirm, 1,000 confirms, concurrency ${concurrency}`,
          unit: 'µs',
          ours: stat(cpu('ours')),
          comparisons: [
            { name: 'official SDK', stat: stat(cpu('sdk')) },
            { name: 'raw undici, pre-signed', stat: stat(cpu('raw')) },
          ],
          ratios: [
            { name: 'ours/SDK', stat: toSdk },
            { name: 'ours/raw', stat: toRaw },
          ],
          goal: 'ours ≤ 1.15× raw undici with pre-signed headers (the floor of a client on undici)',
          met: toRaw.median <= 1.15,
          command: command('confirm'),
          note: 'process.cpuUsage() (user + system) of the client process only, warm (100 confirms first)',
        },
        {
          bench: 'confirm',
          what: `Wall time of 1,000 confirms, concurrency ${concurrency}`,
          unit: 'ms',
          ours: stat(wall('ours')),
          comparisons: [
            { name: 'official SDK', stat: stat(wall('sdk')) },
            { name: 'raw undici, pre-signed', stat: stat(wall('raw')) },
          ],
          ratios: [
            { name: 'ours/SDK', stat: stat(ratios(wall('ours'), wall('sdk'))) },
            { name: 'ours/raw', stat: stat(ratios(wall('ours'), wall('raw'))) },
          ],
          goal: '— (the emulator, on the other core, bounds it)',
          command: command('confirm'),
        },
      );
    }
  } finally {
    await emulator.stop();
  }
  return { lines };
}
