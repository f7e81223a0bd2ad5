// The read-only profile sources in plain Node: the environment, the SDK credentials file and KooCLI's
// config, from the fixture files; broken variants give warnings with file, profile and line, and no value.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCredentialsFile, readCredentialsFile } from '../../src/profiles/credentialsFile';
import { readEnvironment } from '../../src/profiles/environment';
import { parseKooCli, readKooCli } from '../../src/profiles/kooCli';
import { describeWarning, type SourceResult } from '../../src/profiles/profile';
import { readSources, watchSources } from '../../src/profiles/sources';
import { ENV_ACCOUNT, fixture, fixtureSecrets } from '../support/profileFixtures';

const read = (name: string) => fs.readFileSync(fixture(name), 'utf8');
const lines = (result: SourceResult) => result.warnings.map(describeWarning);

/** No value from the fixtures (or the environment) in any warning. */
function assertNoValues(result: SourceResult): void {
  const secrets = [...fixtureSecrets(), ENV_ACCOUNT.ak, ENV_ACCOUNT.sk, ENV_ACCOUNT.securityToken];
  for (const line of lines(result)) {
    for (const secret of secrets) {
      assert.ok(!line.includes(secret), `a value is in the warning: ${line.replace(secret, '****')}`);
    }
  }
}

/** A home folder of its own, with the named fixtures copied to where the tools keep them. */
function home(files: { credentials?: string; kooCli?: string } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'profiles-home-'));
  if (files.credentials) {
    fs.mkdirSync(path.join(dir, '.huaweicloud'));
    fs.copyFileSync(fixture(files.credentials), path.join(dir, '.huaweicloud', 'credentials'));
  }
  if (files.kooCli) {
    fs.mkdirSync(path.join(dir, '.hcloud'));
    fs.copyFileSync(fixture(files.kooCli), path.join(dir, '.hcloud', 'config.json'));
  }
  return dir;
}

describe('profile sources', () => {
  describe('environment variables', () => {
    it('reads AK/SK, the security token and the project id the SDKs read', () => {
      const result = readEnvironment({ HUAWEICLOUD_SDK_AK: ENV_ACCOUNT.ak, HUAWEICLOUD_SDK_SK: ` ${ENV_ACCOUNT.sk} `, HUAWEICLOUD_SDK_PROJECT_ID: ENV_ACCOUNT.projectId, HUAWEICLOUD_SDK_DOMAIN_ID: 'd' });
      assert.deepEqual(result.warnings, []);
      assert.deepEqual(result.profiles.map((p) => [p.id, p.source, p.credentials, p.target]), [
        ['environment', 'environment', { kind: 'aksk', ak: ENV_ACCOUNT.ak, sk: ENV_ACCOUNT.sk }, { projectId: ENV_ACCOUNT.projectId, domainId: 'd' }],
      ]);
      const temporary = readEnvironment({ HUAWEICLOUD_SDK_AK: ENV_ACCOUNT.ak, HUAWEICLOUD_SDK_SK: ENV_ACCOUNT.sk, HUAWEICLOUD_SDK_SECURITY_TOKEN: ENV_ACCOUNT.securityToken });
      assert.deepEqual(temporary.profiles[0].credentials, { kind: 'temporary', ak: ENV_ACCOUNT.ak, sk: ENV_ACCOUNT.sk, securityToken: ENV_ACCOUNT.securityToken });
    });

    it('gives nothing without variables, and says which half is missing, without its value', () => {
      assert.deepEqual(readEnvironment({}), { profiles: [], warnings: [] });
      const half = readEnvironment({ HUAWEICLOUD_SDK_AK: ENV_ACCOUNT.ak });
      assert.deepEqual(lines(half), ['environment variables: profile "Environment": HUAWEICLOUD_SDK_AK is set but HUAWEICLOUD_SDK_SK is not; both are needed.']);
      const bad = readEnvironment({ HUAWEICLOUD_SDK_AK: ENV_ACCOUNT.ak, HUAWEICLOUD_SDK_SK: 'short' });
      assert.match(lines(bad)[0], /^environment variables: profile "Environment": HUAWEICLOUD_SDK_AK\/SK: The SK should be/);
      assertNoValues(half);
      assertNoValues(bad);
    });

    it('warns about a security token set without AK/SK, naming the profile, not the token', () => {
      const alone = readEnvironment({ HUAWEICLOUD_SDK_SECURITY_TOKEN: ENV_ACCOUNT.securityToken });
      assert.deepEqual(alone.profiles, []);
      assert.deepEqual(lines(alone), ['environment variables: profile "Environment": HUAWEICLOUD_SDK_SECURITY_TOKEN is set but HUAWEICLOUD_SDK_AK and _SK are not; the token is used only with its temporary AK/SK.']);
      assertNoValues(alone);
      const badProject = readEnvironment({ HUAWEICLOUD_SDK_AK: ENV_ACCOUNT.ak, HUAWEICLOUD_SDK_SK: ENV_ACCOUNT.sk, HUAWEICLOUD_SDK_PROJECT_ID: `x ${ENV_ACCOUNT.sk}` });
      assert.deepEqual(lines(badProject), ['environment variables: profile "Environment": HUAWEICLOUD_SDK_PROJECT_ID is not an id (letters, digits, - or _).']);
      assertNoValues(badProject);
    });
  });

  describe('SDK credentials file', () => {
    it('reads every credential-type section of the INI file', () => {
      const result = parseCredentialsFile('credentials', read('credentials'));
      assert.deepEqual(result.warnings, []);
      assert.deepEqual(result.profiles.map((p) => [p.id, p.name, p.credentials, p.target]), [
        ['credentialsFile:basic', 'basic', { kind: 'aksk', ak: 'FIXTUREBASICAK000001', sk: 'FixtureBasicSecretKeyPublicTestValue0001' }, { projectId: '0a1b2c3d4e5f4a5b8c7d9e0f1a2b3c4d', iamEndpoint: undefined }],
        ['credentialsFile:basic-prod', 'basic-prod', { kind: 'temporary', ak: 'FIXTUREPRODAK0000002', sk: 'FixtureProdSecretKeyPublicTestValue00002', securityToken: 'fixture-prod-security-token-public-test-value' }, { projectId: undefined, iamEndpoint: 'https://iam.ap-southeast-3.myhuaweicloud.com' }],
        ['credentialsFile:global', 'global', { kind: 'aksk', ak: 'FIXTUREGLOBALAK00003', sk: 'FixtureGlobalSecretKeyPublicTestValue003' }, { domainId: '9f8e7d6c5b4a49388271605f4e3d2c1b', iamEndpoint: undefined }],
      ]);
    });

    it('names the file, the profile and the line of each fault, keeps the good sections, and shows no value', () => {
      const result = parseCredentialsFile('/home/u/.huaweicloud/credentials', read('credentials-broken'));
      assert.deepEqual(lines(result), [
        '/home/u/.huaweicloud/credentials:3: profile "basic": the line is not "key = value"; ignored.',
        '/home/u/.huaweicloud/credentials:8: the section name is not a credential type (basic or global, or a name starting with one of them, of lower-case letters, digits, "_", "." or "-"); skipped.',
        '/home/u/.huaweicloud/credentials:16: the section header is not closed with "]"; the lines up to the next section are ignored.',
        '/home/u/.huaweicloud/credentials:1: profile "basic": the key "sk" is missing or empty.',
        '/home/u/.huaweicloud/credentials:5: profile "basic-missing": the key "sk" is missing or empty.',
        '/home/u/.huaweicloud/credentials:13: profile "basic-federated": federated sign-in (idp_id, id_token_file) is not supported; use an AK/SK.',
      ]);
      assert.deepEqual(result.profiles.map((p) => p.name), ['basic-ok']);
      assertNoValues(result);
    });

    it('reads HUAWEICLOUD_SDK_CREDENTIALS_FILE before the default path, and says when it names no file', async () => {
      const dir = home({ credentials: 'credentials-broken' });
      const byDefault = await readCredentialsFile({}, dir);
      assert.deepEqual(byDefault.profiles.map((p) => p.name), ['basic-ok']);
      const named = await readCredentialsFile({ HUAWEICLOUD_SDK_CREDENTIALS_FILE: fixture('credentials') }, dir);
      assert.deepEqual(named.profiles.map((p) => [p.name, p.origin]), [['basic', fixture('credentials')], ['basic-prod', fixture('credentials')], ['global', fixture('credentials')]]);
      const missing = path.join(dir, 'nothing-here');
      assert.deepEqual(lines(await readCredentialsFile({ HUAWEICLOUD_SDK_CREDENTIALS_FILE: missing }, dir)), [`${missing}: the file does not exist (named by HUAWEICLOUD_SDK_CREDENTIALS_FILE).`]);
      assert.deepEqual((await readCredentialsFile({}, home())).warnings, [], 'no file at the default path is no problem');
    });

    it('says when the file cannot be read', async function () {
      if (process.getuid?.() === 0 || process.platform === 'win32') {
        // root reads any file: a directory in its place is a file that cannot be read for everyone
        const dir = home();
        fs.mkdirSync(path.join(dir, '.huaweicloud', 'credentials'), { recursive: true });
        assert.deepEqual(lines(await readCredentialsFile({}, dir)), [`${path.join(dir, '.huaweicloud', 'credentials')}: this is not a regular file (a pipe, a device or a folder); not read.`]);
        return;
      }
      const dir = home({ credentials: 'credentials' });
      fs.chmodSync(path.join(dir, '.huaweicloud', 'credentials'), 0o000);
      assert.deepEqual(lines(await readCredentialsFile({}, dir)), [`${path.join(dir, '.huaweicloud', 'credentials')}: the file cannot be read (EACCES).`]);
    });
  });

  describe('KooCLI config.json', () => {
    it('uses plaintext profiles as they are, and warns about the ones it cannot use', () => {
      const result = parseKooCli('config.json', read('koocli-plaintext.json'));
      assert.deepEqual(result.profiles.map((p) => [p.id, p.credentials, p.target, p.sourceCurrent, p.needsKeys]), [
        ['kooCli:test', { kind: 'aksk', ak: 'FIXTUREKOOTESTAK0009', sk: 'FixtureKooTestSecretKeyPublicTestValue09' }, { region: 'cn-north-4', projectId: '1b2c3d4e5f6a4b5c9d8e0f1a2b3c4d5e' }, false, undefined],
        ['kooCli:prod', { kind: 'aksk', ak: 'FIXTUREKOOPRODAK0010', sk: 'FixtureKooProdSecretKeyPublicTestValue10' }, { region: 'ap-southeast-3', projectId: '2c3d4e5f6a7b4c5d8e9f0a1b2c3d4e5f' }, true, undefined],
      ]);
      assert.deepEqual(lines(result), [
        'config.json:25: profile "half": "secretAccessKey" is missing or empty; skipped.',
        'config.json:31: profile "sso-user": mode "SSO" is not supported (only AKSK is); skipped.',
        'config.json:36: profile "agency": mode "ecsAgency" is not supported (only AKSK is); skipped.',
      ]);
      assertNoValues(result);
    });

    it('takes name, region and project id of encrypted profiles, and none of their ciphertext', () => {
      const result = parseKooCli('config.json', read('koocli-encrypted.json'));
      assert.deepEqual(result.warnings, []);
      assert.deepEqual(result.profiles, [{
        id: 'kooCli:default', name: 'default', source: 'kooCli', origin: 'config.json', needsKeys: true, sourceCurrent: true,
        target: { region: 'cn-east-3', projectId: '3d4e5f6a7b8c4d5e9f0a1b2c3d4e5f6a' },
      }]);
      assert.ok(!JSON.stringify(result).includes('Fixture'), 'no ciphertext is kept');
    });

    it('gives the line of a JSON syntax error, not the text around it', () => {
      const result = parseKooCli('config.json', read('koocli-broken.json'));
      assert.deepEqual(lines(result), ['config.json:9: the file is not valid JSON; no KooCLI profile is used until it is fixed.']);
      assertNoValues(result);
      assert.deepEqual(lines(parseKooCli('config.json', '{"profiles": {}}')), ['config.json: the file has no "profiles" list.']);
    });

    it('reads ~/.hcloud/config.json, and nothing when there is none', async () => {
      assert.deepEqual((await readKooCli(home({ kooCli: 'koocli-encrypted.json' }))).profiles.map((p) => p.name), ['default']);
      const none = await readKooCli(home());
      assert.deepEqual([none.profiles, none.warnings], [[], []]);
    });
  });

  it('lists the sources in the SDKs\' order: environment, credentials file, KooCLI', async () => {
    const env = { HUAWEICLOUD_SDK_AK: ENV_ACCOUNT.ak, HUAWEICLOUD_SDK_SK: ENV_ACCOUNT.sk };
    const result = await readSources(env, home({ credentials: 'credentials', kooCli: 'koocli-plaintext.json' }));
    assert.deepEqual(result.profiles.map((p) => p.id), ['environment', 'credentialsFile:basic', 'credentialsFile:basic-prod', 'credentialsFile:global', 'kooCli:test', 'kooCli:prod']);
    assert.equal(result.warnings.length, 3);
  });

  it('sees a file appear, change and go', async function () {
    // Polling stats shares libuv's thread pool with every other file operation: under load a poll may come late.
    this.timeout(120_000);
    const dir = home();
    const file = path.join(dir, '.hcloud', 'config.json');
    let changes = 0;
    const watch = watchSources([file], () => changes++, 20);
    // Node polls a missing file once at the start and calls its listeners with zeroed stats: after that
    // call the first state is known, so the creation below cannot be taken for the first state.
    let started = false;
    const probe = () => (started = true);
    fs.watchFile(file, { interval: 20, persistent: false }, probe);
    /** Waits until `step` is followed by a change event; a step may give more than one. */
    const seen = async (step: () => void) => {
      const before = changes;
      step();
      for (let i = 0; i < 3000 && changes === before; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.ok(changes > before, 'no change seen');
    };
    try {
      for (let i = 0; i < 3000 && !started; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.ok(started, 'the watch started');
      fs.mkdirSync(path.dirname(file));
      await seen(() => fs.copyFileSync(fixture('koocli-encrypted.json'), file));
      await seen(() => fs.writeFileSync(file, read('koocli-plaintext.json')));
      await seen(() => fs.rmSync(file));
    } finally {
      fs.unwatchFile(file, probe);
      watch.dispose();
    }
  });
});

describe('the region of a project, from IAM', () => {
  it('is the name IAM gives the project; another account\'s project is not found; a domain id is sent as X-Domain-Id', async () => {
    const { MetaStudioClient } = await import('../../src/client/metastudio');
    const { startEmulator, DEMO_ACCOUNT } = await import('../emulator');
    const other = { ...DEMO_ACCOUNT, ak: ENV_ACCOUNT.ak, sk: ENV_ACCOUNT.sk, projectId: ENV_ACCOUNT.projectId, region: 'ap-southeast-3', domainName: 'env-domain' };
    const emulator = await startEmulator({ accounts: [DEMO_ACCOUNT, other] });
    const client = new MetaStudioClient({ endpoint: emulator.url, iamEndpoint: emulator.url, region: 'cn-north-4', credentials: { kind: 'aksk', ak: ENV_ACCOUNT.ak, sk: ENV_ACCOUNT.sk } });
    try {
      assert.equal(await client.projectRegion(ENV_ACCOUNT.projectId), 'ap-southeast-3');
      await assert.rejects(client.projectRegion(DEMO_ACCOUNT.projectId), (e: Error & { status?: number }) => e.status === 404);
      await assert.rejects(client.projectRegion('../x'), /not a valid project id/);
      // A [global] profile's domain id goes to IAM as X-Domain-Id: the account's own passes, another is refused.
      const domainId = createHash('md5').update('env-domain').digest('hex');
      for (const [id, ok] of [[domainId, true], ['0123456789abcdef0123456789abcdef', false]] as const) {
        const global = new MetaStudioClient({ endpoint: emulator.url, iamEndpoint: emulator.url, region: 'ap-southeast-3', domainId: id, credentials: { kind: 'aksk', ak: ENV_ACCOUNT.ak, sk: ENV_ACCOUNT.sk } });
        try {
          if (ok) {
            assert.equal(await global.projectRegion(ENV_ACCOUNT.projectId), 'ap-southeast-3');
            assert.equal(await global.projectId(), ENV_ACCOUNT.projectId);
          } else {
            await assert.rejects(global.projectRegion(ENV_ACCOUNT.projectId), (e: Error & { status?: number }) => e.status === 403);
            await assert.rejects(global.projectId(), (e: Error & { status?: number }) => e.status === 403);
          }
        } finally {
          await global.close();
        }
      }
    } finally {
      await client.close();
      await emulator.close();
    }
  });
});
