// The emulator in its own process, as the benchmarks use it: started on a free loopback port,
// driven through its admin routes, stopped by its own pid.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { request } from 'undici';
import { DEMO_ACCOUNT } from '../test/emulator/demo';
import { OUT } from './harness';

export interface SeededFile {
  file_id: string;
  asset_id: string;
}

export const ACCOUNT = DEMO_ACCOUNT;

export class EmulatorProcess {
  private stopping = false;

  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(args: string[] = []): Promise<EmulatorProcess> {
    const child = spawn(process.execPath, [path.join(OUT, 'test/emulator/main.js'), '--port', '0', '--seed', 'none', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const found = /listening on (http:\/\/\S+)/.exec(text);
        if (found) {
          resolve(found[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
    });
    child.stdout!.resume();
    const emulator = new EmulatorProcess(url, child);
    child.once('exit', (code, signal) => {
      if (!emulator.stopping) {
        console.error(`the emulator (pid ${child.pid}) exited by itself: ${signal ?? `code ${code}`}`);
      }
    });
    return emulator;
  }

  async admin<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
    const response = await request(this.url + route, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.body.text();
    if (response.statusCode !== 200) {
      throw new Error(`${method} ${route}: ${response.statusCode} ${text}`);
    }
    return JSON.parse(text) as T;
  }

  reset(): Promise<unknown> {
    return this.admin('POST', '/__admin/reset', { seed: 'none' });
  }

  /** `mixed`: assets in CREATING, FAILED, UNACTIVED, ACTIVED in turn, one in four with its files pending (see test/emulator/bulk.ts). */
  async seedBulk(assets: number, filesPerAsset: number, uploaded: boolean, mixed = false): Promise<SeededFile[]> {
    return (await this.admin<{ files: SeededFile[] }>('POST', '/__admin/seed-bulk', { assets, filesPerAsset, uploaded, mixed })).files;
  }

  /** Answers by HTTP status since the last reset. */
  async counters(): Promise<{ requests: Record<string, number>; throttled: number }> {
    return (await this.admin<{ counters: { requests: Record<string, number>; throttled: number } }>('GET', '/__admin/state')).counters;
  }

  /** CPU time the emulator process has used so far (user + system), in ms. */
  cpuMs(): number {
    const fields = fs.readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100 Hz)
  }

  stop(): Promise<void> {
    this.stopping = true;
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) {
        return resolve();
      }
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

/** The demo account's client options for our MetaStudioClient, pointed at an emulator; `rateLimitPerSecond` undefined: the published per-API limits. */
export function clientOptions(url: string, rateLimitPerSecond: number | undefined) {
  return {
    endpoint: url,
    iamEndpoint: url,
    region: ACCOUNT.region,
    projectId: ACCOUNT.projectId,
    credentials: { kind: 'aksk' as const, ak: ACCOUNT.ak, sk: ACCOUNT.sk },
    rateLimitPerSecond,
  };
}
