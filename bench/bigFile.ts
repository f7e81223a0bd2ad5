// The 1 GiB file rows 4 and 5 read: made once per run under the OS temp dir, its MD5 taken while
// writing it, deleted by `removeBigFile` at the end of the run (and at exit, whatever happens).
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MiB } from './harness';

export const BIG_FILE_BYTES = 1024 * MiB;

export interface BigFile {
  path: string;
  size: number;
  /** Base64 of the MD5 digest, as CreateFile wants it. */
  md5: string;
}

let made: (BigFile & { dir: string }) | undefined;

export function removeBigFile(): void {
  if (made) {
    fs.rmSync(made.dir, { recursive: true, force: true });
    made = undefined;
  }
}

export function bigFile(): BigFile {
  if (made) {
    return made;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-bench-'));
  process.once('exit', removeBigFile);
  const file = path.join(dir, 'upload.mp4');
  // Random bytes, each MiB made different by its index, so nothing along the way can compress or dedupe it.
  const block = randomBytes(MiB);
  const hash = createHash('md5');
  const fd = fs.openSync(file, 'w');
  try {
    for (let i = 0; i < BIG_FILE_BYTES / MiB; i++) {
      block.writeUInt32BE(i, 0);
      hash.update(block);
      fs.writeSync(fd, block);
    }
  } finally {
    fs.closeSync(fd);
  }
  made = { dir, path: file, size: BIG_FILE_BYTES, md5: hash.digest('base64') };
  return made;
}
