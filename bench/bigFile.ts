// The 1 GiB file rows 4 and 5 read: made under the OS temp dir, its MD5 taken while writing it,
// deleted afterwards whatever happens.
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

export async function withBigFile<T>(use: (file: BigFile) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-bench-'));
  const file = path.join(dir, 'upload.mp4');
  try {
    // Random bytes, each MiB made different by its index, so nothing along the way can compress or dedupe it.
    const block = randomBytes(MiB);
    const hash = createHash('md5');
    const fd = fs.openSync(file, 'w');
    for (let i = 0; i < BIG_FILE_BYTES / MiB; i++) {
      block.writeUInt32BE(i, 0);
      hash.update(block);
      fs.writeSync(fd, block);
    }
    fs.closeSync(fd);
    return await use({ path: file, size: BIG_FILE_BYTES, md5: hash.digest('base64') });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
