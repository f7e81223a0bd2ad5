// After a run, every file the run wrote and every line it printed is searched for the credentials
// the tests used. SecretStorage is where they belong: in code-server that is the browser's own
// storage (the Chromium profile folder), which is therefore the one place not searched.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO_ACCOUNT } from '../emulator/demo';
import { profileSecrets } from '../support/profileFixtures';

/** A test prints this with a secret it made (a token, say) so that the scan looks for it too. */
export const SECRET_MARKER = '__secret__:';

export function knownSecrets(): string[] {
  const t = DEMO_ACCOUNT.temporary!;
  // Also every value of the profile fixtures (credentials file, KooCLI) and of the test environment variables.
  return [DEMO_ACCOUNT.ak, DEMO_ACCOUNT.sk, DEMO_ACCOUNT.password, t.ak, t.sk, t.securityToken, ...profileSecrets()];
}

export interface ScanResult {
  files: number;
  bytes: number;
  hits: string[];
}

export function scanForSecrets(root: string, exclude: string[], printed: string[], secrets: string[]): ScanResult {
  const result: ScanResult = { files: 0, bytes: 0, hits: [] };
  const needles = secrets.filter((s) => s.length >= 8).map((s) => ({ text: s, bytes: Buffer.from(s) }));
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (exclude.includes(full)) {
        continue;
      }
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.isFile()) {
        const content = fs.readFileSync(full);
        result.files++;
        result.bytes += content.length;
        for (const needle of needles) {
          if (content.includes(needle.bytes)) {
            result.hits.push(`${path.relative(root, full)}: ${needle.text.slice(0, 4)}…`);
          }
        }
      }
    }
  };
  if (fs.existsSync(root)) {
    walk(root);
  }
  printed.forEach((line, i) => needles.forEach((needle) => line.includes(needle.text) && result.hits.push(`output line ${i + 1}: ${needle.text.slice(0, 4)}…`)));
  return result;
}
