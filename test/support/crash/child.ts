// One process of the crash tests: it uploads a file (or recovers a storage folder as the extension
// does after a reload) and kills itself with SIGKILL at the point it is given, or fails a record's
// write there as a full or read-only disk would. Prints one JSON line when it lives to the end.
import type { PendingFile } from '../../../src/pending/model';
import type { UploadTarget } from '../../../src/pending/upload';
import { recover, windowOn, type Where } from './recover';

export interface ChildTask {
  where: Where;
  mode: 'upload' | 'recover';
  localPath?: string;
  target?: UploadTarget;
  /** A named point (probe.ts), or a phase of the flow's progress at a byte offset. */
  kill?: { point?: string; nth?: number; phase?: 'hashing' | 'uploading'; bytes?: number };
  /** A record's write fails at this point with this error code. */
  fail?: { point: string; nth?: number; code: string };
}

export interface ChildAnswer {
  state?: string;
  error?: string;
  resumed?: string[];
  refused?: string[];
  /** The view's rows after the recovery's reload. */
  rows?: PendingFile[];
}

const die = () => process.kill(process.pid, 'SIGKILL');

async function main(task: ChildTask): Promise<ChildAnswer> {
  const seen = new Map<string, number>();
  const probe = (point: string) => {
    seen.set(point, (seen.get(point) ?? 0) + 1);
    if (point === task.kill?.point && seen.get(point) === (task.kill.nth ?? 1)) {
      die();
    }
    if (point === task.fail?.point && seen.get(point) === (task.fail.nth ?? 1)) {
      throw Object.assign(new Error(`${task.fail.code}: simulated at ${point}`), { code: task.fail.code });
    }
  };
  const onProgress = (phase: string, bytes: number) => {
    if (phase === task.kill?.phase && bytes >= (task.kill.bytes ?? 0)) {
      die();
    }
  };
  const window = windowOn(task.where, probe, onProgress);
  try {
    if (task.mode === 'recover') {
      return { ...(await recover(window)) };
    }
    const result = await window.uploader.upload(task.localPath!, task.target!, { onProgress });
    window.log('info', `${result.fileName} (${result.fileId}) confirmed ${result.state}`);
    return { state: result.state };
  } catch (error) {
    window.log('error', `${task.localPath}: ${(error as Error).message}`);
    return { error: (error as Error).message };
  } finally {
    await window.client.close();
  }
}

void main(JSON.parse(process.argv[2]) as ChildTask).then((answer) => {
  process.stdout.write(`${JSON.stringify(answer)}\n`);
});
