// The read-only sources, in the order Huawei Cloud's SDKs try them (environment, then the credentials
// file), then KooCLI; and a watch on the files, so that an edit there shows without a reload.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { credentialsFilePath, readCredentialsFile } from './credentialsFile';
import { readEnvironment } from './environment';
import { kooCliConfigPath, readKooCli } from './kooCli';
import type { SourceResult } from './profile';

/** Every profile the sources give, in precedence order, and what is wrong with the rest. Never throws. */
export async function readSources(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): Promise<SourceResult> {
  const results = [readEnvironment(env), await readCredentialsFile(env, home), await readKooCli(home)];
  return { profiles: results.flatMap((r) => r.profiles), warnings: results.flatMap((r) => r.warnings), listed: results.flatMap((r) => r.listed ?? []) };
}

/**
 * Reads of which only the newest started counts: `read()` gives undefined when another read started
 * after it, whenever either ends. Two reads overlap when a file changes while it is read (the watch
 * and a command both read); the one that ends last may have started first, with older files.
 */
export class NewestRead<T> {
  private started = 0;

  constructor(private readonly reader: () => Promise<T>) {}

  async read(): Promise<T | undefined> {
    const mine = ++this.started;
    const result = await this.reader();
    return mine === this.started ? result : undefined;
  }
}

/** The files the sources read. */
export function sourceFiles(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string[] {
  return [credentialsFilePath(env, home).file, kooCliConfigPath(home)];
}

/**
 * Calls `onChange` when one of the files is created, changed or removed. fs.watchFile polls a stat
 * (every `intervalMs`), which also sees files that do not exist yet and editors that replace a file.
 */
export function watchSources(files: string[], onChange: () => void, intervalMs = 2000): { dispose(): void } {
  const listener = (now: fs.Stats, before: fs.Stats) => {
    if (now.mtimeMs !== before.mtimeMs || now.size !== before.size || now.ino !== before.ino) {
      onChange();
    }
  };
  for (const file of files) {
    fs.watchFile(file, { interval: intervalMs, persistent: false }, listener);
  }
  return { dispose: () => files.forEach((file) => fs.unwatchFile(file, listener)) };
}
