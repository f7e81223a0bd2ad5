// Row 4: PUT of a 1 GiB file to the emulator's upload URL (which streams it through MD5 and checks
// it): our putFile, in its own process, against `curl -T` of the same file to a URL made the same
// way with the same headers. A fresh upload URL (a new asset and file) for every PUT.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { MetaStudioClient } from '../src/client/metastudio';
import { bigFile, type BigFile } from './bigFile';
import { clientOptions, EmulatorProcess } from './emulator';
import { command, inChild, interleaved, memoryGrowthLine, MiB, ratios, stat, type BenchOutcome } from './harness';
import type { PutInput, PutOutput } from './putWorker';

const REPETITIONS = 5;
const CONTENT_TYPE = 'video/mp4';
const run$ = promisify(execFile);

async function freshUrl(client: MetaStudioClient, file: BigFile, n: number): Promise<string> {
  const { asset_id } = await client.createDigitalAsset({ asset_name: `bench upload ${n} ${Date.now()}`, asset_type: 'VIDEO' });
  const created = await client.createFile({ file_name: 'upload.mp4', file_md5: file.md5, file_size: file.size, file_type: 'mp4', asset_id, asset_file_category: 'MAIN' });
  return created.upload_url;
}

async function curl(url: string, file: BigFile): Promise<number> {
  const args = ['-sS', '-T', file.path, '-H', `Content-Type: ${CONTENT_TYPE}`, '-H', `Content-MD5: ${file.md5}`, '-o', '/dev/null', '-w', '%{http_code} %{time_total}', url];
  const { stdout } = await run$('curl', args);
  const [status, seconds] = stdout.trim().split(' ');
  if (status !== '200') {
    throw new Error(`curl: HTTP ${status}`);
  }
  return Number(seconds) * 1000;
}

export async function run(): Promise<BenchOutcome> {
  const emulator = await EmulatorProcess.start();
  const client = new MetaStudioClient(clientOptions(emulator.url, 0));
  try {
    const file = bigFile();
    let n = 0;
    const growth: number[] = [];
    const mbPerSecond = (ms: number) => file.size / 1e6 / (ms / 1000);
    const speeds = await interleaved(REPETITIONS, ['ours', 'curl'] as const, async (contender) => {
      const url = await freshUrl(client, file, n++);
      if (contender === 'curl') {
        return mbPerSecond(await curl(url, file));
      }
      const input: PutInput = { uploadUrl: url, path: file.path, size: file.size, md5: file.md5, contentType: CONTENT_TYPE };
      const output = await inChild<PutOutput>('putWorker.js', input, ['--expose-gc']);
      growth.push((output.peakRss - output.baselineRss) / MiB);
      return mbPerSecond(output.wallMs);
    });
    const toCurl = stat(ratios(speeds.ours, speeds.curl));
    const memory = stat(growth);
    return {
      lines: [
        {
          bench: 'put',
          what: 'PUT of a 1 GiB file to the upload URL (emulator checks MD5 while streaming)',
          unit: 'MB/s',
          ours: stat(speeds.ours),
          comparisons: [{ name: 'curl -T, same URL kind and headers', stat: stat(speeds.curl) }],
          ratios: [{ name: 'ours/curl', stat: toCurl }],
          goal: '≥ 90% of curl',
          met: toCurl.median >= 0.9,
          command: command('put'),
          note: 'MB = 10⁶ bytes; ours: the putFile() call; curl: its time_total',
        },
        memoryGrowthLine('put', 'the 1 GiB PUT', 'PUT', memory),
      ],
    };
  } finally {
    await client.close();
    await emulator.stop();
  }
}
