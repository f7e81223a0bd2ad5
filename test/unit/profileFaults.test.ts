// Faults found in the profile sources (issue 13), each as a test that fails until it is fixed:
// a named pipe read as the credentials file, a file that is not INI flooding the log, a section
// header read otherwise than the Python SDK's configparser reads it, a nameless KooCLI profile
// placed at another profile's line.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCredentialsFile, readCredentialsFile } from '../../src/profiles/credentialsFile';
import { parseKooCli } from '../../src/profiles/kooCli';
import { describeWarning, type SourceResult } from '../../src/profiles/profile';

const AK = 'FIXTUREFAULTSAK00041';
const SK = 'FixtureFaultsSecretKeyPublicTestValue041';
const lines = (result: SourceResult) => result.warnings.map(describeWarning);

describe('profile source faults (issue 13)', () => {
  it('FAULT: a named pipe as HUAWEICLOUD_SDK_CREDENTIALS_FILE is read (the read blocks until someone writes) instead of refused', async function () {
    if (process.platform === 'win32') {
      this.skip();
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'profile-faults-'));
    const pipe = path.join(dir, 'credentials');
    execFileSync('mkfifo', [pipe]);
    let settled = false;
    const reading = readCredentialsFile({ HUAWEICLOUD_SDK_CREDENTIALS_FILE: pipe }, dir).finally(() => (settled = true));
    // A reader that opened the pipe waits for a writer (and holds a thread of libuv's pool meanwhile):
    // the test plays the writer, so that it ends whichever way the file is treated.
    let wrote = false;
    while (!settled && !wrote) {
      try {
        const fd = fs.openSync(pipe, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
        fs.writeSync(fd, `[basic]\nak = ${AK}\nsk = ${SK}\n`);
        fs.closeSync(fd);
        wrote = true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENXIO') {
          throw error; // ENXIO: nobody reads the pipe (yet)
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    const result = await reading;
    assert.equal(wrote, false, 'the extension opened the pipe and waited for a writer: with none, every profile (the default too) waits forever');
    assert.deepEqual(result.profiles, []);
    assert.equal(result.warnings.length, 1);
    assert.ok(lines(result)[0].startsWith(`${pipe}: `), lines(result)[0]);
  });

  it('FAULT: a file that is not INI at all (100,000 lines) gives one warning per line, flooding the output', () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `2026-11-30 06:00:00 log line ${i}`).join('\n');
    const result = parseCredentialsFile('credentials', text);
    assert.deepEqual(result.profiles, []);
    assert.ok(result.warnings.length <= 50, `${result.warnings.length} warnings, each a line in the output and a string kept for the window's life`);
  });

  it('FAULT: "[basic] ; prod keys" is section basic for the Python SDK (configparser), but is ignored here as "not closed"', () => {
    const result = parseCredentialsFile('credentials', `[basic] ; prod keys\nak = ${AK}\nsk = ${SK}\n`);
    assert.deepEqual(lines(result), []);
    assert.deepEqual(result.profiles.map((p) => [p.name, p.credentials]), [['basic', { kind: 'aksk', ak: AK, sk: SK }]]);
  });

  it('FAULT: "[ basic ]" is section " basic " for configparser, which the SDKs never take, but is offered here as basic', () => {
    const result = parseCredentialsFile('credentials', `[ basic ]\nak = ${AK}\nsk = ${SK}\n`);
    assert.deepEqual(result.profiles.map((p) => p.name), []);
  });

  it('FAULT: a KooCLI profile without a name is placed at the line of the next profile\'s name', () => {
    const text = JSON.stringify({ authEncrypt: 'false', profiles: [{ mode: 'AKSK', accessKeyId: AK }, { name: 'b', mode: 'SSO' }] }, null, 2);
    const nameOfB = text.split('\n').findIndex((line) => line.includes('"name": "b"')) + 1;
    const result = parseKooCli('config.json', text);
    const nameless = result.warnings.find((w) => w.profile === '#1');
    assert.ok(nameless);
    assert.notEqual(nameless.line, nameOfB, `profile #1 (lines 4-7) is said to be at line ${nameOfB}, profile "b"'s`);
  });
});
