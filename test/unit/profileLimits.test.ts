// Profile files that are not what they should be: a named pipe, a device or a huge file in the place
// of the credentials file or KooCLI's config, a file that is not INI, section headers as the Python
// SDK's configparser reads them, nameless profiles and names that are keys or forge log lines.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCredentialsFile, readCredentialsFile } from '../../src/profiles/credentialsFile';
import { parseKooCli, readKooCli } from '../../src/profiles/kooCli';
import { describeWarning, labelName, looksLikeKey, quoteName, type SourceResult } from '../../src/profiles/profile';
import { MAX_SOURCE_BYTES } from '../../src/profiles/sourceFile';
import { NewestRead } from '../../src/profiles/sources';

const AK = 'FIXTUREFAULTSAK00041';
const SK = 'FixtureFaultsSecretKeyPublicTestValue041';
const lines = (result: SourceResult) => result.warnings.map(describeWarning);

describe('profile sources: files not to be trusted', () => {
  it('refuses a named pipe as HUAWEICLOUD_SDK_CREDENTIALS_FILE without opening it (a read would wait for a writer), naming the file', async function () {
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

  it('says a file that is not INI at all (100,000 lines) in one warning, not one per line', () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `2026-11-30 06:00:00 log line ${i}`).join('\n');
    const result = parseCredentialsFile('credentials', text);
    assert.deepEqual(result.profiles, []);
    assert.deepEqual(lines(result), ['credentials:1: the file does not start with a section header such as [basic]; the lines up to the first section are ignored.']);
  });

  it('lists at most 10 warnings of a file, then counts the rest in one', () => {
    const ini = Array.from({ length: 30 }, (_, i) => `[basic-${i}]\nak = ${AK}\n`).join('');
    const iniLines = lines(parseCredentialsFile('credentials', ini));
    assert.equal(iniLines.length, 11);
    assert.equal(iniLines[10], 'credentials: and 20 more problems in this file, not listed; fix the ones above first.');
    const json = JSON.stringify({ authEncrypt: 'false', profiles: Array.from({ length: 25 }, (_, i) => ({ name: `p${i}`, mode: 'SSO' })) });
    const kooLines = lines(parseKooCli('config.json', json));
    assert.equal(kooLines.length, 11);
    assert.equal(kooLines[10], 'config.json: and 15 more problems in this file, not listed; fix the ones above first.');
  });

  it('refuses /dev/zero, a file over 1 MiB and a named pipe as KooCLI\'s config, and still reads the credentials file', async function () {
    if (process.platform === 'win32') {
      this.skip();
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'profile-faults-'));
    const file = path.join(dir, 'credentials');
    fs.writeFileSync(file, `[basic]\nak = ${AK}\nsk = ${SK}\n`);
    const big = path.join(dir, 'big');
    fs.writeFileSync(big, `[basic]\nak = ${AK}\nsk = ${SK}\n`.padEnd(MAX_SOURCE_BYTES + 1, '#'));
    for (const [named, problem] of [['/dev/zero', 'this is not a regular file (a pipe, a device or a folder); not read.'], [big, 'the file is larger than 1 MiB, more than any profile file; not read.']]) {
      assert.deepEqual(lines(await readCredentialsFile({ HUAWEICLOUD_SDK_CREDENTIALS_FILE: named }, dir)), [`${named}: ${problem}`]);
    }
    fs.mkdirSync(path.join(dir, '.hcloud'));
    execFileSync('mkfifo', [path.join(dir, '.hcloud', 'config.json')]);
    const kooCli = await readKooCli(dir);
    assert.deepEqual(lines(kooCli), [`${path.join(dir, '.hcloud', 'config.json')}: this is not a regular file (a pipe, a device or a folder); not read.`]);
    assert.deepEqual((await readCredentialsFile({ HUAWEICLOUD_SDK_CREDENTIALS_FILE: file }, dir)).profiles.map((p) => p.name), ['basic']);
  });

  it('reads "[basic] ; prod keys" as section basic, as configparser does (the rest of a header line is ignored)', () => {
    const result = parseCredentialsFile('credentials', `[basic] ; prod keys\nak = ${AK}\nsk = ${SK}\n`);
    assert.deepEqual(lines(result), []);
    assert.deepEqual(result.profiles.map((p) => [p.name, p.credentials]), [['basic', { kind: 'aksk', ak: AK, sk: SK }]]);
  });

  it('reads "[ basic ]" as section " basic ", which the SDKs never take, and "[Basic]" as no credential type', () => {
    for (const header of ['[ basic ]', '[Basic]', '[basic-Prod]']) {
      const result = parseCredentialsFile('credentials', `${header}\nak = ${AK}\nsk = ${SK}\n`);
      assert.deepEqual(result.profiles.map((p) => p.name), [], header);
    }
  });

  it('reads a header to its last "]", and gives every section the keys of [DEFAULT] it does not set, as configparser does', () => {
    const result = parseCredentialsFile('credentials', `[DEFAULT]\nak = ${AK}\nproject_id = p1\n[basic] x ]\nsk = ${SK}\n[basic]\nsk = ${SK}\nproject_id = p2\n`);
    assert.deepEqual(lines(result), ['credentials:4: the section name is not a credential type (basic or global, or a name starting with one of them, of lower-case letters, digits, "_", "." or "-"); skipped.']);
    assert.deepEqual(result.profiles.map((p) => [p.name, p.credentials, p.target.projectId]), [['basic', { kind: 'aksk', ak: AK, sk: SK }, 'p2']]);
  });

  it('never offers, shows or logs a profile name that looks like a key; quotes names for the log and escapes icons for labels', () => {
    const kooCli = parseKooCli('config.json', JSON.stringify({ authEncrypt: 'false', profiles: [{ name: SK, accessKeyId: AK, secretAccessKey: SK }] }));
    assert.deepEqual(kooCli.profiles, []);
    assert.deepEqual(lines(kooCli), ['config.json:1: profile "#1": the profile name looks like a key; skipped. Rename the profile in KooCLI.']);
    const ini = parseCredentialsFile('credentials', `[basic${SK.toLowerCase()}]\nak = ${AK}\nsk = ${SK}\n`);
    assert.deepEqual(ini.profiles, []);
    assert.ok(!lines(ini).join('\n').toLowerCase().includes(SK.toLowerCase()));
    assert.deepEqual(['production2024customerA', 'customer-a-prod-cn-north-4', AK, `prod ${AK}`, 'x' + SK].map(looksLikeKey), [false, false, true, true, true], 'the shapes of an AK and an SK, not long names people choose');
    assert.equal(quoteName('ok\n2026 [error] forged\u2028"x"\u202e'), '"ok\\n2026 [error] forged\\u{2028}\\"x\\"\\u{202e}"');
    assert.equal(labelName('$(check) x\ny'), '\\$(check) x y');
  });

  it('places a KooCLI profile without a name at its own line, not at the next profile\'s', () => {
    const text = JSON.stringify({ authEncrypt: 'false', profiles: [{ mode: 'AKSK', accessKeyId: AK }, { name: 'b', mode: 'SSO' }] }, null, 2);
    const nameOfB = text.split('\n').findIndex((line) => line.includes('"name": "b"')) + 1;
    const result = parseKooCli('config.json', text);
    const nameless = result.warnings.find((w) => w.profile === '#1');
    assert.ok(nameless);
    assert.notEqual(nameless.line, nameOfB, `profile #1 (lines 4-7) is said to be at line ${nameOfB}, profile "b"'s`);
    assert.equal(nameless.line, 4);
  });

  it('of two reads of the sources at once, keeps the one started last, though the older ends later', async () => {
    const answers: Array<(value: string) => void> = [];
    const reads = new NewestRead(() => new Promise<string>((resolve) => answers.push(resolve)));
    const older = reads.read();
    const newer = reads.read();
    answers[1]('files as they are now');
    answers[0]('files as they were');
    assert.deepEqual([await older, await newer], [undefined, 'files as they are now']);
    const alone = reads.read();
    answers[2]('read alone');
    assert.equal(await alone, 'read alone');
  });
});
