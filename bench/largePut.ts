// Row "largeput": a large file (4 GiB by default) uploaded as parts, 4 in flight, against one PUT of
// the same file, both through our Uploader to the emulator in its own process, which reads every PUT
// at the same per-connection bandwidth cap; and the peak RSS growth of the uploading process. The
// file is sparse (the disk is not what is measured: the connections are).
// BENCH_LARGE_MIB (default 4096) and BENCH_LARGE_CAP_MBPS (default 32, MB/s per connection) change
// the size and the cap, BENCH_LARGE_RUNS (default 3) the repetitions.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmulatorProcess } from './emulator';
import { command, inChild, interleaved, memoryGrowthLine, MiB, ratios, stat, type BenchOutcome } from './harness';
import type { LargePutInput, LargePutOutput } from './largePutWorker';

const PARTS_IN_FLIGHT = 4;

export async function run(): Promise<BenchOutcome> {
  const sizeMiB = Number(process.env.BENCH_LARGE_MIB) || 4096;
  const capMBps = Number(process.env.BENCH_LARGE_CAP_MBPS) || 32;
  const runs = Number(process.env.BENCH_LARGE_RUNS) || 3;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-bench-large-'));
  const file = path.join(dir, 'master.mp4');
  const fd = fs.openSync(file, 'w');
  fs.ftruncateSync(fd, sizeMiB * MiB);
  fs.closeSync(fd);
  const emulator = await EmulatorProcess.start();
  try {
    await emulator.admin('POST', '/__admin/faults', { obsBytesPerSecond: capMBps * 1e6 });
    const growth: number[] = [];
    const buffers: number[] = [];
    let parts = 0;
    const mbPerSecond = (ms: number) => (sizeMiB * MiB) / 1e6 / (ms / 1000);
    const speeds = await interleaved(runs, ['parts', 'single'] as const, async (mode) => {
      const input: LargePutInput = { url: emulator.url, path: file, mode, partsInFlight: PARTS_IN_FLIGHT };
      const output = await inChild<LargePutOutput>('largePutWorker.js', input, ['--expose-gc']);
      if (output.state !== 'CREATED') {
        throw new Error(`the ${mode} upload ended ${output.state}`);
      }
      if (mode === 'parts') {
        growth.push((output.peakRss - output.baselineRss) / MiB);
        buffers.push((output.peakBuffers - output.baselineBuffers) / MiB);
        parts = output.parts;
      }
      return mbPerSecond(output.transferMs);
    });
    const speedUp = stat(ratios(speeds.parts, speeds.single));
    const memory = stat(growth);
    const what = `${(sizeMiB / 1024).toFixed(sizeMiB >= 1024 ? 0 : 2)} GiB file, ${capMBps} MB/s cap per connection`;
    return {
      lines: [
        {
          bench: 'largeput',
          what: `Large file in ${parts} parts, ${PARTS_IN_FLIGHT} in flight, against one PUT (${what})`,
          unit: 'MB/s',
          ours: stat(speeds.parts),
          comparisons: [{ name: 'one PUT of the same file (CreateFile)', stat: stat(speeds.single) }],
          ratios: [{ name: 'parts/one PUT', stat: speedUp }],
          goal: '≥ 3× one PUT',
          met: speedUp.median >= 3,
          command: command('largeput'),
          note: 'MB = 10⁶ bytes; time from the first byte sent to the confirm, through the Uploader; sparse file',
        },
        {
          ...memoryGrowthLine('largeput', `the upload in parts (${what})`, 'upload', memory),
          note: `${memoryGrowthLine('largeput', '', 'upload', memory).note}; of it, Buffers (process.memoryUsage().arrayBuffers) at the peak: ${stat(buffers).median.toFixed(1)} MiB (median, ${stat(buffers).min.toFixed(1)}–${stat(buffers).max.toFixed(1)})`,
        },
      ],
    };
  } finally {
    await emulator.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
