// Base64 of a file's MD5, read in large chunks into one reused buffer: the `file_md5` CreateFile
// wants. Plain node:fs and node:crypto, so nothing of the network stack loads with it.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { cancelledError } from './errors';

const CHUNK = 4 * 1024 * 1024;

export async function fileMd5(path: string, signal?: AbortSignal, onProgress?: (hashedBytes: number) => void): Promise<string> {
  const hash = createHash('md5');
  const buffer = Buffer.allocUnsafe(CHUNK);
  const file = await open(path, 'r');
  let hashed = 0;
  try {
    for (;;) {
      if (signal?.aborted) {
        throw cancelledError('Reading the file');
      }
      const { bytesRead } = await file.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) {
        break;
      }
      hash.update(buffer.subarray(0, bytesRead));
      hashed += bytesRead;
      onProgress?.(hashed);
    }
  } finally {
    await file.close();
  }
  return hash.digest('base64');
}
