// Stands in for SecretStorage in the crash tests: upload URLs kept durably (write, fsync, rename) in
// a folder of their own, outside the extension's storage folder, as the OS keychain is.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { UrlVault } from '../../../src/pending/records';

export class FolderUrlVault implements UrlVault {
  constructor(private readonly dir: string) {}

  async get(id: string): Promise<string | undefined> {
    return fs.readFile(this.file(id), 'utf8').catch(() => undefined);
  }

  async set(id: string, url: string): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const temp = `${this.file(id)}.tmp`;
    const handle = await fs.open(temp, 'w');
    try {
      await handle.writeFile(url);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, this.file(id));
  }

  async delete(id: string): Promise<void> {
    await fs.rm(this.file(id), { force: true });
  }

  private file(id: string): string {
    return path.join(this.dir, id.replace(/[^A-Za-z0-9_-]/g, '_'));
  }
}
