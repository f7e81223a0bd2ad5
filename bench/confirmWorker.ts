// One client confirming its own files, in a process of its own, so that process.cpuUsage() counts
// that client's work and nothing else. Warms up on other files first (connections, JIT).
import { request } from 'undici';
import { MetaStudioClient } from '../src/client/metastudio';
import { sign } from '../src/client/signer';
import { ACCOUNT, clientOptions, type SeededFile } from './emulator';
import { childMain } from './harness';
import { SdkMetaStudioClient } from './sdkClient';

export type ConfirmClient = 'ours' | 'sdk' | 'raw';

export interface ConfirmInput {
  client: ConfirmClient;
  url: string;
  concurrency: number;
  warm: SeededFile[];
  files: SeededFile[];
}

export interface ConfirmOutput {
  cpuUs: number;
  wallMs: number;
  failed: number;
  firstError?: string;
}

/** Runs `one` over every item, `concurrency` at a time; counts failures. */
async function pool<T>(items: T[], concurrency: number, one: (item: T) => Promise<unknown>): Promise<{ failed: number; firstError?: string }> {
  let next = 0;
  let failed = 0;
  let firstError: string | undefined;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      try {
        await one(item);
      } catch (error) {
        failed += 1;
        firstError ??= error instanceof Error ? error.message : JSON.stringify(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { failed, firstError };
}

function confirmer(input: ConfirmInput): (files: SeededFile[]) => Promise<{ failed: number; firstError?: string }> {
  if (input.client === 'ours') {
    const client = new MetaStudioClient(clientOptions(input.url, 0));
    return async (files) => {
      const results = await client.confirmFileUploads(files.map((f) => ({ fileId: f.file_id, assetId: f.asset_id })), 'CREATED', { concurrency: input.concurrency });
      const failures = results.filter((r) => !r.ok);
      return { failed: failures.length, firstError: failures[0] && !failures[0].ok ? failures[0].error.message : undefined };
    };
  }
  if (input.client === 'sdk') {
    const client = SdkMetaStudioClient.build(input.url, ACCOUNT.ak, ACCOUNT.sk, ACCOUNT.projectId);
    return (files) => pool(files, input.concurrency, (f) => client.confirmFileUpload(f.file_id, { state: 'CREATED' }));
  }
  // Raw undici: every request signed before the clock starts; the loop only sends and reads.
  const host = new URL(input.url).host;
  const body = '{"state":"CREATED"}';
  const prepared = new Map<string, Record<string, string>>();
  for (const f of [...input.warm, ...input.files]) {
    const headers = { 'Content-Type': 'application/json', 'X-Project-Id': ACCOUNT.projectId };
    const path = `/v1/${ACCOUNT.projectId}/files/${f.file_id}/complete`;
    prepared.set(f.file_id, { ...headers, ...sign({ method: 'POST', host, path, headers, body }, ACCOUNT, new Date()).headers });
  }
  return (files) =>
    pool(files, input.concurrency, async (f) => {
      const response = await request(`${input.url}/v1/${ACCOUNT.projectId}/files/${f.file_id}/complete`, { method: 'POST', headers: prepared.get(f.file_id), body });
      const text = await response.body.text();
      if (response.statusCode !== 200) {
        throw new Error(`${response.statusCode} ${text}`);
      }
    });
}

childMain<ConfirmInput, ConfirmOutput>(async (input) => {
  const confirm = confirmer(input);
  const warm = await confirm(input.warm);
  if (warm.failed > 0) {
    throw new Error(`warm-up: ${warm.failed} failed: ${warm.firstError}`);
  }
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await confirm(input.files);
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { cpuUs: used.user + used.system, wallMs, ...result };
});
