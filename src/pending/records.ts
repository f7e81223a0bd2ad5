// Durable records of the uploads this machine started: one JSON file per upload, written before each
// step and replaced atomically, so a crash or reload loses nothing. The upload URL is a credential
// (anyone holding it can write the file for 24 hours), so it is kept in a separate vault, not here.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { englishMessage, MetaStudioError, sentenceOf, type Advice, type ErrorSentence, type Note } from '../client/errors';
import type { AssetFileCategory, ConfirmState } from '../client/types';
import type { Probe } from './probe';
import { readRecord } from './recordShape';

/** Upload URLs work for 24 hours after CreateFile; a resume needs this much of it left. */
export const URL_LIFETIME_MS = 24 * 3600_000;

/** The steps of an upload, in order; `confirming` means the bytes are in OBS but MetaStudio does not know yet. */
export type UploadStep = 'creating' | 'created' | 'uploading' | 'uploaded' | 'confirming';

export interface UploadRecord {
  id: string;
  /** The MetaStudio endpoint and project the file was created in: records of others are left alone. */
  endpoint: string;
  projectId: string;
  localPath: string;
  fileName: string;
  fileType: string;
  contentType: string;
  size: number;
  /** The file as it was when the upload began (fs.Stats), to tell it changed; ctimeMs and ino were not kept by older records. */
  mtimeMs: number;
  ctimeMs?: number;
  ino?: number;
  /** Base64 MD5, as sent in CreateFile. */
  md5: string;
  assetId: string;
  assetName: string;
  category: AssetFileCategory;
  fileId?: string;
  /** When the upload URL stops working (24 hours after CreateFile). */
  urlExpiresAt?: number;
  step: UploadStep;
  /** A large file (CreateLargeFile): how it is cut, and the ETag of each part OBS has taken (null: not yet). */
  parts?: UploadParts;
  /** The state being confirmed, while `confirming`. */
  confirming?: ConfirmState;
  /** Why the last step failed, in English with the server's words (for the log). */
  lastError?: string;
  /** The same failure as a reason code and facts, for the view to say in the display language. */
  lastFailure?: ErrorSentence;
  /** MetaStudio refused CREATED for want of bytes: a resume PUTs them again (while the URL lasts). */
  neverUploaded?: boolean;
  /** Why the record as read from disk cannot be trusted (recordShape.ts): it is shown, never resumed. */
  damaged?: string;
  createdAt: number;
  updatedAt: number;
}

export interface UploadParts {
  /** Bytes of every part but the last. */
  partSize: number;
  count: number;
  /** etags[i] is part i + 1's. */
  etags: Array<string | null>;
}

/**
 * A record belongs to the MetaStudio endpoint and project it was made in; `projectId` is the one in
 * use (configured, or looked up from IAM), undefined while it is not known yet.
 */
export function belongsTo(record: UploadRecord, endpoint: string, projectId: string | undefined): boolean {
  return record.endpoint === endpoint && (projectId === undefined || record.projectId === projectId);
}

export interface RecordStore {
  list(): Promise<UploadRecord[]>;
  save(record: UploadRecord): Promise<void>;
  remove(id: string): Promise<void>;
}

/** Where upload URLs are kept (SecretStorage in VS Code). */
export interface UrlVault {
  get(id: string): Promise<string | undefined>;
  set(id: string, url: string): Promise<void>;
  delete(id: string): Promise<void>;
}

/** A file in the records folder that is not a whole, valid record (torn, empty, edited): reported, never trusted. */
export interface UnreadableRecord {
  name: string;
  why: string;
}

/** Makes each temp file name of this process unique. */
let tempCounter = 0;
/** The last save or removal asked for each record file (by path, whichever store asked), so they never overlap. */
const pending = new Map<string, Promise<void>>();

export class FileRecordStore implements RecordStore {
  /** `probe`: the crash tests' hook at each step of a write (probe.ts); unset in the extension. */
  constructor(private readonly dir: string, private readonly probe?: Probe) {}

  /** Set once the temp files of crashed writes were swept (on the first read). */
  private swept = false;

  async list(): Promise<UploadRecord[]> {
    return (await this.read()).records;
  }

  /** The valid records, oldest first, and the files that are not one (each with why). */
  async read(): Promise<{ records: UploadRecord[]; unreadable: UnreadableRecord[] }> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return { records: [], unreadable: [] };
    }
    if (!this.swept) {
      this.swept = true;
      await this.sweepTemps(names);
    }
    const records: UploadRecord[] = [];
    const unreadable: UnreadableRecord[] = [];
    // A temp file being written never has the .json name: only renamed, whole files are read.
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      try {
        // Checked, never trusted as read: a damaged record is shown with its reason (recordShape.ts).
        const record = readRecord(JSON.parse(await fs.readFile(path.join(this.dir, name), 'utf8')));
        if (record) {
          records.push(record);
        } else {
          unreadable.push({ name, why: 'it is not an upload record (it has no id)' });
        }
      } catch (error) {
        unreadable.push({ name, why: error instanceof SyntaxError ? 'it is not whole JSON (empty or cut short)' : (error as Error).message });
      }
    }
    return { records: records.sort((a, b) => a.createdAt - b.createdAt), unreadable };
  }

  /**
   * Writes `record` whole or not at all (temp file, fsync, rename, folder fsync). Throws a
   * RecordWriteError. Saves and removals of one record run one after the other, in the order asked,
   * so the last one asked wins; each temp name is unique (pid, counter, random), so two saves never
   * write into one file.
   */
  save(record: UploadRecord): Promise<void> {
    const text = JSON.stringify(record, null, 1);
    return this.inTurn(record.id, () => this.write(record, text));
  }

  /** Runs `step` after every save or removal of record `id` asked before it. */
  private inTurn(id: string, step: () => Promise<void>): Promise<void> {
    const key = path.resolve(this.dir, safeName(id));
    const next = (pending.get(key) ?? Promise.resolve()).catch(() => undefined).then(step);
    pending.set(key, next);
    void next.catch(() => undefined).finally(() => {
      if (pending.get(key) === next) {
        pending.delete(key);
      }
    });
    return next;
  }

  private async write(record: UploadRecord, text: string): Promise<void> {
    const at = (point: string) => this.probe?.(`record.${record.step}.${point}`);
    try {
      at('begin');
      await fs.mkdir(this.dir, { recursive: true });
      const file = path.join(this.dir, `${safeName(record.id)}.json`);
      const temp = `${file}.${process.pid}.${++tempCounter}.${randomBytes(4).toString('hex')}.tmp`; // TEMP_NAME
      const handle = await fs.open(temp, 'w');
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      at('written');
      await fs.rename(temp, file);
      at('renamed');
      await this.syncDir();
    } catch (error) {
      throw new RecordWriteError(record.fileName, error);
    }
  }

  /**
   * Removes the temp files (TEMP_NAME) a write left when its process died before the rename: those of
   * a process no longer running, or older than an hour. Another window's write in progress is left
   * alone; other names are never touched. Never read back: a record is only a renamed `.json`.
   */
  private async sweepTemps(names: readonly string[]): Promise<void> {
    for (const name of names) {
      const pid = Number(TEMP_NAME.exec(name)?.[1]);
      if (!pid || pid === process.pid) {
        continue;
      }
      const temp = path.join(this.dir, name);
      const stat = await fs.stat(temp).catch(() => undefined);
      if (stat && (!processRuns(pid) || Date.now() - stat.mtimeMs > TEMP_STALE_MS)) {
        await fs.rm(temp, { force: true }).catch(() => undefined);
      }
    }
  }

  remove(id: string): Promise<void> {
    return this.inTurn(id, async () => {
      try {
        this.probe?.('record.remove.begin');
        await fs.rm(path.join(this.dir, `${safeName(id)}.json`), { force: true });
        this.probe?.('record.remove.removed');
        await this.syncDir();
      } catch (error) {
        throw new RecordWriteError(undefined, error);
      }
    });
  }

  /** A rename or removal is durable only once the folder itself is on disk (POSIX); Windows cannot sync a folder and needs not. */
  private async syncDir(): Promise<void> {
    if (process.platform === 'win32') {
      return;
    }
    const handle = await fs.open(this.dir, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        return undefined; // no folder, nothing in it to make durable
      }
      throw error;
    });
    if (!handle) {
      return;
    }
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

/** A vault that keeps URLs in memory: for the CLI and tests. */
export class MemoryUrlVault implements UrlVault {
  private readonly urls = new Map<string, string>();
  async get(id: string) {
    return this.urls.get(id);
  }
  async set(id: string, url: string) {
    this.urls.set(id, url);
  }
  async delete(id: string) {
    this.urls.delete(id);
  }
}

/** A record's `lastError` and `lastFailure` for `error`. */
export function failedWith(error: unknown): Pick<UploadRecord, 'lastError' | 'lastFailure'> {
  return { lastError: error instanceof Error ? error.message : String(error), lastFailure: sentenceOf(error) };
}

/**
 * A record could not be written (disk full, read-only, no permission). The record on disk is the one
 * before, whole: the upload stops where that one says, and Resume goes on from there. It is a
 * MetaStudioError of kind `network` (an outcome to check again, as any unclear failure) so that the
 * view can say it in the display language.
 */
export class RecordWriteError extends MetaStudioError {
  readonly code?: string;
  constructor(fileName: string | undefined, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    const advice = code !== undefined && Object.hasOwn(WRITE_FAILURES, code) ? WRITE_FAILURES[code] : undefined;
    const reason = fileName ? (advice ? 'record-not-saved' : 'record-not-saved-because') : advice ? 'records-not-saved' : 'records-not-saved-because';
    const facts = { fileName, detail: (cause as Error)?.message ?? String(cause) };
    const notes: Note[] = [fileName ? { reason: 'record-stays', facts: { fileName } } : { reason: 'free-space', facts: {} }];
    super(englishMessage({ reason, facts, advice, notes }), { kind: 'network', reason, facts, advice, notes, cause });
    this.name = 'RecordWriteError';
    this.code = code;
  }
}

/**
 * CreateFile answered but its upload URL could not be kept in SecretStorage: nothing is PUT, since
 * no crash or reload could carry it on. The record holds the file id and this reason; MetaStudio
 * gives no second URL for a file, so its row offers Upload in Place. Of kind `network`, as a
 * RecordWriteError: a failure of this machine, not MetaStudio's refusal.
 */
export class UrlSaveError extends MetaStudioError {
  constructor(record: Pick<UploadRecord, 'fileName' | 'assetName'>, fileId: string, cause: unknown) {
    // The cause's code only: a vault's message might quote what it was given.
    const facts = { fileName: record.fileName, fileId, assetName: record.assetName, code: (cause as NodeJS.ErrnoException | undefined)?.code ?? 'no code' };
    super(englishMessage({ reason: 'url-save-refused', facts }), { kind: 'network', reason: 'url-save-refused', facts, cause });
    this.name = 'UrlSaveError';
  }
}

const WRITE_FAILURES: Record<string, Advice> = {
  ENOSPC: 'disk-full',
  EDQUOT: 'disk-quota',
  EROFS: 'disk-read-only',
  EACCES: 'no-permission',
  EPERM: 'no-permission',
  EIO: 'disk-io',
};

/** A record's temp file: `<id>.json.<pid>.<counter>.<8 hex>.tmp`; group 1 is the writer's pid. */
const TEMP_NAME = /^[A-Za-z0-9_-]+\.json\.(\d+)\.\d+\.[0-9a-f]{8}\.tmp$/;
/** No write of a record lasts this long: its temp file is a leftover even if its pid was reused. */
const TEMP_STALE_MS = 3600_000;

/** Process `pid` runs on this machine (signal 0 only checks; EPERM: it does, as another user). */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}
