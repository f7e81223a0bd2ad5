// Reading a profile file without trusting it: only a regular file, and only up to a size no credentials
// file or KooCLI config comes near. A named pipe, a device such as /dev/zero or a huge file would
// otherwise hold the read (and every profile, the default too) forever.
import { constants, promises as fs } from 'node:fs';

/** The largest profile file read, in bytes (1 MiB). */
export const MAX_SOURCE_BYTES = 1024 * 1024;

export type SourceFileRead = { text: string } | { missing: true } | { problem: string };

/**
 * The UTF-8 text of `file`; `{ missing }` when it does not exist; `{ problem }` (a sentence that names
 * no value) when it is not a regular file, is larger than MAX_SOURCE_BYTES or cannot be read. Never throws.
 */
export async function readSourceFile(file: string): Promise<SourceFileRead> {
  const tooLarge = { problem: `the file is larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MiB, more than any profile file; not read.` };
  const notFile = { problem: 'this is not a regular file (a pipe, a device or a folder); not read.' };
  try {
    // The path is looked at before it is opened: opening a named pipe would wait for a writer.
    const before = await fs.stat(file);
    if (!before.isFile()) {
      return notFile;
    }
    if (before.size > MAX_SOURCE_BYTES) {
      return tooLarge;
    }
    // Non-blocking, and looked at again once open: the path may have been replaced meanwhile.
    const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      if (!(await handle.stat()).isFile()) {
        return notFile;
      }
      // One byte more than the limit tells a file that grew since its stat.
      const buffer = Buffer.alloc(MAX_SOURCE_BYTES + 1);
      let length = 0;
      for (let read = -1; read !== 0 && length < buffer.length; length += read) {
        read = (await handle.read(buffer, length, buffer.length - length, length)).bytesRead;
      }
      return length > MAX_SOURCE_BYTES ? tooLarge : { text: buffer.toString('utf8', 0, length) };
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { missing: true } : { problem: `the file cannot be read (${code ?? 'error'}).` };
  }
}
