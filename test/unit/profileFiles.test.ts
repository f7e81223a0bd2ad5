// The profile files read as the tools that write them read them: the SDK credentials file as the
// Python SDK's configparser does (BOM, inline ';' and '#', backslashes, CR-only lines, [global]'s
// domain_id), KooCLI's config.json (20,000 profiles, duplicate names, authEncrypt's spellings), and
// malformed files of both, generated from a seed, whose warnings never carry any part of the file.
import * as assert from 'node:assert/strict';
import { parseCredentialsFile } from '../../src/profiles/credentialsFile';
import { authEncrypted, parseKooCli } from '../../src/profiles/kooCli';
import { describeWarning, type SourceResult } from '../../src/profiles/profile';

const AK = 'FIXTUREFILESAK000021';
const SK = 'FixtureFilesSecretKeyPublicTestValue0021';
const lines = (result: SourceResult) => result.warnings.map(describeWarning);

describe('SDK credentials file, read as the Python SDK reads it', () => {
  it('keeps the first profile of a file that starts with a UTF-8 BOM', () => {
    const result = parseCredentialsFile('credentials', `\uFEFF[basic]\nak = ${AK}\nsk = ${SK}\n`);
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(result.profiles.map((p) => [p.name, p.credentials]), [['basic', { kind: 'aksk', ak: AK, sk: SK }]]);
  });

  it('reads values literally: an inline ";" or "#" and backslashes are part of the value', () => {
    const sk = 'Fixture;Semi#Hash\\\\Back\\Slash0021';
    const result = parseCredentialsFile('credentials', `[basic]\nak = ${AK}\nsk = ${sk}\n# a whole-line comment\n; another\n`);
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(result.profiles[0].credentials, { kind: 'aksk', ak: AK, sk });
  });

  it('refuses an SK followed by " ; comment" as configparser reads it (with the comment), naming the line, not the value', () => {
    const result = parseCredentialsFile('credentials', `[basic]\nak = ${AK}\nsk = ${SK} ; prod key\n`);
    assert.deepEqual(result.profiles, []);
    assert.deepEqual(lines(result), ['credentials:3: profile "basic": The SK should be 16 to 128 characters without spaces (Huawei Cloud SKs are 40 characters).']);
  });

  it('splits lines at CR LF, LF and a lone CR, and takes "key: value" and upper-case keys', () => {
    const text = `[basic]\rAK: ${AK}\rsk=${SK}\r\n[basic-two]\nak = ${AK}\r`;
    const result = parseCredentialsFile('credentials', text);
    assert.deepEqual(result.profiles.map((p) => [p.name, p.credentials]), [['basic', { kind: 'aksk', ak: AK, sk: SK }]]);
    assert.deepEqual(lines(result), ['credentials:4: profile "basic-two": the key "sk" is missing or empty.']);
  });

  it('continues a value on a deeper-indented line, as configparser does (an SK cut over two lines is refused)', () => {
    const result = parseCredentialsFile('credentials', `[basic]\nak = ${AK}\nsk = ${SK.slice(0, 20)}\n  ${SK.slice(20)}\n`);
    assert.deepEqual(result.profiles, []);
    assert.deepEqual(lines(result), ['credentials:3: profile "basic": The SK should be 16 to 128 characters without spaces (Huawei Cloud SKs are 40 characters).']);
  });

  it('keeps the domain_id of a [global] section and the project_id of a [basic] one', () => {
    const text = `[global]\nak = ${AK}\nsk = ${SK}\ndomain_id = 0123456789abcdef0123456789abcdef\nproject_id = ignored-by-global\n[basic]\nak = ${AK}\nsk = ${SK}\nproject_id = 0a1b2c3d\ndomain_id = ignored-by-basic\n`;
    const result = parseCredentialsFile('credentials', text);
    assert.deepEqual(result.profiles.map((p) => [p.name, p.target]), [
      ['global', { domainId: '0123456789abcdef0123456789abcdef', iamEndpoint: undefined }],
      ['basic', { projectId: '0a1b2c3d', iamEndpoint: undefined }],
    ]);
  });

  it('warns about a security_token with no AK/SK, naming the profile and the line', () => {
    const result = parseCredentialsFile('credentials', '[basic]\nsecurity_token = fixture-lonely-token-public-test-value\n');
    assert.deepEqual(lines(result), ['credentials:2: profile "basic": a security_token is given without the temporary "ak" and "sk" it belongs to; skipped.']);
  });

  it('names no key, section or value from the file: a key outside a section, [x=SK], a bad iam_endpoint or project_id', () => {
    const text = `${SK} = 1\n[x=${SK}]\nak = ${AK}\n[basic]\nak = ${AK}\nsk = ${SK}\niam_endpoint = http://${SK}.example.com\n[basic-b]\nak = ${AK}\nsk = ${SK}\nproject_id = ${SK}/x\n`;
    const result = parseCredentialsFile('credentials', text);
    assert.deepEqual(lines(result), [
      'credentials:1: the file does not start with a section header such as [basic]; the lines up to the first section are ignored.',
      'credentials:2: the section name is not a credential type (basic or global, or a name starting with one of them, of lower-case letters, digits, "_", "." or "-"); skipped.',
      'credentials:7: profile "basic": the iam_endpoint is not an https URL of only a scheme and host; skipped.',
      'credentials:11: profile "basic-b": the project_id is not an id (letters, digits, - or _); skipped.',
    ]);
  });
});

describe('KooCLI config.json, read as KooCLI writes it', () => {
  const profile = (name: string, extra: Record<string, unknown> = {}) => ({ name, mode: 'AKSK', accessKeyId: AK, secretAccessKey: SK, region: 'cn-north-4', ...extra });

  it('places each of 20,000 profiles at its own line, in one pass over the file (and one look-up per name)', () => {
    const count = 20_000;
    const text = JSON.stringify({ current: 'p0', authEncrypt: 'false', profiles: Array.from({ length: count }, (_, i) => profile(`p${i}`, i === count - 1 ? { mode: 'SSO' } : {})) }, null, 2);
    const result = parseKooCli('config.json', text);
    assert.equal(result.profiles.length, count - 1);
    // The first name is on line 6 and each profile takes 7 lines.
    const expected = 6 + 7 * (count - 1);
    assert.equal(text.split('\n')[expected - 1].trim(), `"name": "p${count - 1}",`);
    assert.deepEqual(lines(result), [`config.json:${expected}: profile "p${count - 1}": mode "SSO" is not supported (only AKSK is); skipped.`]);
  });

  it('reports a second profile of a name at its own line, not at the first one', () => {
    const text = JSON.stringify({ authEncrypt: 'false', profiles: [profile('dup'), profile('other'), profile('dup')] }, null, 2);
    const result = parseKooCli('config.json', text);
    const secondLine = text.split('\n').findIndex((line, i) => line.includes('"name": "dup"') && i > text.split('\n').findIndex((l) => l.includes('"name": "dup"'))) + 1;
    assert.deepEqual(lines(result), [`config.json:${secondLine}: profile "dup": a second profile of the same name; skipped.`]);
  });

  it('counts a lone CR as a line break in a JSON error\'s line', () => {
    assert.deepEqual(lines(parseKooCli('config.json', '{\r"profiles": [\r{"name": "a",,}\r]}')), ['config.json:3: the file is not valid JSON; no KooCLI profile is used until it is fixed.']);
  });

  it('takes only a true-ish authEncrypt, or none (KooCLI\'s default), for encrypted', () => {
    for (const flag of ['true', 'TRUE', 'True', true, 1, '1', undefined]) {
      assert.equal(authEncrypted(flag), true, `authEncrypt ${JSON.stringify(flag)}`);
    }
    for (const flag of ['false', 'False', 'FALSE', false, 0, '0', '']) {
      assert.equal(authEncrypted(flag), false, `authEncrypt ${JSON.stringify(flag)}`);
      const result = parseKooCli('config.json', JSON.stringify({ authEncrypt: flag, profiles: [profile('plain')] }));
      assert.deepEqual(result.profiles.map((p) => [p.needsKeys, p.credentials]), [[undefined, { kind: 'aksk', ak: AK, sk: SK }]], `authEncrypt ${JSON.stringify(flag)}`);
    }
  });

  it('warns about a securityToken with no keys, and names no unknown mode', () => {
    const result = parseKooCli('config.json', JSON.stringify({ authEncrypt: 'false', profiles: [
      { name: 'token-only', securityToken: 'fixture-lonely-token-public-test-value' },
      profile('odd', { mode: SK }),
    ] }, null, 2));
    assert.deepEqual(lines(result), [
      'config.json:5: profile "token-only": a securityToken is given without the temporary "accessKeyId" and "secretAccessKey" it belongs to; skipped.',
      'config.json:9: profile "odd": the mode is not supported (only AKSK is); skipped.',
    ]);
  });
});

describe('malformed profile files never show their text in a warning', () => {
  /** A secret as it may look, with a '/' and a '+' as SKs and tokens may have: no name or id is made of those. */
  const MARKER = 'Qz7/LEAKMARK+9w';
  const seeds = 400;

  /** mulberry32: a small seeded generator, so a failing case can be run again. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const INI_LINES = [
    '[basic]', '[global]', '[basic-prod]', '[basic', '[profile x]', 'ak = FIXTUREFUZZAK00000031', `sk = ${SK}`, 'security_token = fuzz-token-public-test-value',
    'project_id = 0a1b2c3d', 'domain_id = 9f8e7d6c', 'iam_endpoint = https://iam.example.com', 'idp_id = x', 'id_token_file = /tmp/t', '# comment', '; comment', '', '   indented',
    'no delimiter here', '= value without key', 'key: colon value', '[]',
  ];

  function iniFile(next: () => number): string {
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
    const body = Array.from({ length: 3 + Math.floor(next() * 12) }, () => pick(INI_LINES));
    let text = body.join(pick(['\n', '\r\n', '\r']));
    // The marker anywhere: in a value, a key, a section name, a line of its own, or cutting a line.
    const at = Math.floor(next() * (text.length + 1));
    text = text.slice(0, at) + pick([MARKER, ` ${MARKER} `, `[${MARKER}]`, `${MARKER} = 1`, `\n${MARKER}\n`, `=${MARKER}`, `[basic-${MARKER}]`]) + text.slice(at);
    return (next() < 0.2 ? '\uFEFF' : '') + text;
  }

  function kooCliFile(next: () => number): string {
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
    const field = () => pick(['name', 'mode', 'accessKeyId', 'secretAccessKey', 'securityToken', 'region', 'projectId', 'domainId']);
    const profiles = Array.from({ length: 1 + Math.floor(next() * 4) }, () => {
      const entry: Record<string, unknown> = { name: pick(['a', 'b', 'prod', '']), mode: pick(['AKSK', 'SSO', 'ecsAgency', 'AKSK']), region: pick(['cn-north-4', 'x', undefined]) };
      for (let i = 0; i < 3; i++) {
        entry[field()] = pick([MARKER, `${MARKER}x`, 'FIXTUREFUZZAK00000031', SK, 42, null]);
      }
      return entry;
    });
    let text = JSON.stringify({ current: pick(['a', MARKER]), authEncrypt: pick(['false', 'true', MARKER, 0]), profiles }, null, pick([0, 2]));
    if (next() < 0.4) {
      // Broken JSON: the marker inserted anywhere, or the text cut short.
      const at = Math.floor(next() * (text.length + 1));
      text = next() < 0.5 ? text.slice(0, at) + MARKER + text.slice(at) : text.slice(0, at);
    }
    return text;
  }

  it(`keeps every part of the file out of the warnings of ${seeds} generated INI and KooCLI files`, () => {
    let warned = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const next = random(seed);
      for (const result of [parseCredentialsFile('credentials', iniFile(next)), parseKooCli('config.json', kooCliFile(next))]) {
        for (const line of lines(result)) {
          warned++;
          assert.ok(!line.includes('LEAKMARK'), `seed ${seed}: the file's text is in a warning: ${line}`);
        }
      }
    }
    assert.ok(warned > seeds, `the generated files gave warnings to check (${warned})`);
  });
});
