// What a selection of files and folders stands for: every file chosen, and every file below each
// folder that MetaStudio takes, with what was left out and why. Imports no `vscode`.
import type { Dirent } from 'node:fs';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { assetTypeFor } from '../client/fileTypes';
import { MAX_LARGE_FILE_BYTES } from '../client/largeFileRules';

/** Why a file below a chosen folder is not uploaded. */
export type SkipReason = 'hidden' | 'unsupported' | 'empty' | 'tooLarge' | 'unreadable';

export interface Expansion {
  /** Absolute paths with their sizes in bytes, files chosen first, then each folder's in path order. */
  files: Array<{ path: string; size: number }>;
  skipped: Array<{ path: string; reason: SkipReason }>;
  /** How many of the chosen paths were folders. */
  folders: number;
}

/**
 * Expands chosen paths: a file stays as it is (its problems are told when it is checked for its
 * asset); a folder becomes the files below it of a type MetaStudio takes (video, image, audio, PPT or
 * PDF), leaving out hidden files and folders (names starting with "."), empty files, files over
 * 500 GiB and links to folders. Never throws for one unreadable entry: it is skipped, with its reason.
 */
export async function expandSelection(paths: readonly string[]): Promise<Expansion> {
  const result: Expansion = { files: [], skipped: [], folders: 0 };
  const seen = new Set<string>();
  const add = (file: string, size: number) => {
    if (!seen.has(file)) {
      seen.add(file);
      result.files.push({ path: file, size });
    }
  };
  for (const chosen of paths) {
    const stat = await fs.stat(chosen).catch(() => undefined);
    if (stat?.isDirectory()) {
      result.folders += 1;
      await walk(chosen, result, add);
    } else {
      add(chosen, stat?.size ?? 0);
    }
  }
  return result;
}

async function walk(dir: string, result: Expansion, add: (file: string, size: number) => void): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    result.skipped.push({ path: dir, reason: 'unreadable' });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith('.')) {
      result.skipped.push({ path: full, reason: 'hidden' });
      continue;
    }
    if (entry.isDirectory()) {
      await walk(full, result, add);
      continue;
    }
    // Links are followed to files only: a link to a folder could loop.
    const stat = await fs.stat(full).catch(() => undefined);
    if (!stat?.isFile()) {
      result.skipped.push({ path: full, reason: stat?.isDirectory() ? 'unsupported' : 'unreadable' });
    } else if (assetTypeFor(entry.name) === 'COMMON_FILE') {
      result.skipped.push({ path: full, reason: 'unsupported' });
    } else if (stat.size === 0) {
      result.skipped.push({ path: full, reason: 'empty' });
    } else if (stat.size > MAX_LARGE_FILE_BYTES) {
      result.skipped.push({ path: full, reason: 'tooLarge' });
    } else {
      add(full, stat.size);
    }
  }
}
