// What a selection of files and folders stands for: every file chosen, and every file below each
// folder that MetaStudio takes, with what was left out and why. Imports no `vscode`.
import type { Dirent } from 'node:fs';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { assetTypeFor } from '../client/fileTypes';
import { MAX_LARGE_FILE_BYTES } from '../client/largeFileRules';

/** Why a file below a chosen folder is not uploaded. */
export type SkipReason = 'hidden' | 'unsupported' | 'folderLink' | 'empty' | 'tooLarge' | 'unreadable';

export interface Expansion {
  /** Absolute, normalised paths with their sizes in bytes, in the order chosen, a folder's in path order; each file once. */
  files: Array<{ path: string; size: number }>;
  skipped: Array<{ path: string; reason: SkipReason }>;
  /** How many different folders were chosen. */
  folders: number;
}

/**
 * Expands chosen paths: a file stays as it is (its problems are told when it is checked for its
 * asset); a folder becomes the files below it of a type MetaStudio takes (video, image, audio, PPT or
 * PDF), leaving out hidden files and folders (names starting with "."), empty files, files over
 * 500 GiB, files this user cannot read, and links to folders (not followed: one could loop). A file
 * reached twice (a link to it, a path like `a/./b`, a folder chosen twice or inside another chosen
 * one) is taken once, by its real path. Never throws for one unreadable entry: it is skipped, with
 * its reason.
 */
export async function expandSelection(paths: readonly string[]): Promise<Expansion> {
  const result: Expansion = { files: [], skipped: [], folders: 0 };
  const seen = new Set<string>();
  const add = async (file: string, size: number) => {
    const real = await fs.realpath(file).catch(() => file);
    if (!seen.has(real)) {
      seen.add(real);
      result.files.push({ path: file, size });
    }
  };
  const walked = new Set<string>();
  const skip = (file: string, reason: SkipReason) => {
    if (!result.skipped.some((s) => s.path === file)) {
      result.skipped.push({ path: file, reason });
    }
  };
  for (const chosen of paths.map((p) => path.resolve(p))) {
    const stat = await fs.stat(chosen).catch(() => undefined);
    if (!stat?.isDirectory()) {
      await add(chosen, stat?.size ?? 0);
      continue;
    }
    const real = await fs.realpath(chosen).catch(() => chosen);
    if (!walked.has(real)) {
      walked.add(real);
      result.folders += 1;
      await walk(chosen, skip, add);
    }
  }
  return result;
}

async function walk(dir: string, skip: (file: string, reason: SkipReason) => void, add: (file: string, size: number) => Promise<void>): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    skip(dir, 'unreadable');
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith('.')) {
      skip(full, 'hidden');
      continue;
    }
    if (entry.isDirectory()) {
      await walk(full, skip, add);
      continue;
    }
    // Links are followed to files only: a link to a folder could loop.
    const stat = await fs.stat(full).catch(() => undefined);
    if (stat?.isDirectory()) {
      skip(full, 'folderLink');
    } else if (!stat?.isFile()) {
      skip(full, stat ? 'unsupported' : 'unreadable');
    } else if (assetTypeFor(entry.name) === 'COMMON_FILE') {
      skip(full, 'unsupported');
    } else if (stat.size === 0) {
      skip(full, 'empty');
    } else if (stat.size > MAX_LARGE_FILE_BYTES) {
      skip(full, 'tooLarge');
    } else if (!(await readable(full))) {
      skip(full, 'unreadable');
    } else {
      await add(full, stat.size);
    }
  }
}

async function readable(file: string): Promise<boolean> {
  return fs.access(file, fsConstants.R_OK).then(() => true, () => false);
}

/**
 * How to name these files to the user, one label each: the file name, or with its folder's name
 * (`season2/ep01.mp4`) when another file of the list has the same name, so a message tells them apart.
 */
export function fileLabels(paths: readonly string[]): string[] {
  const count = new Map<string, number>();
  for (const p of paths) {
    count.set(path.basename(p), (count.get(path.basename(p)) ?? 0) + 1);
  }
  return paths.map((p) => ((count.get(path.basename(p)) ?? 0) > 1 ? `${path.basename(path.dirname(p))}/${path.basename(p)}` : path.basename(p)));
}
