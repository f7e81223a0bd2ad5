// The credential files of test/fixtures/profiles, and every secret-looking value in them, so that the
// secret scan of a run looks for each one. The values are fake, public test values.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The folder of the fixtures, from the compiled test (out/test/...) or the sources alike. */
export const PROFILE_FIXTURES = [path.resolve(__dirname, '../../../test/fixtures/profiles'), path.resolve(__dirname, '../fixtures/profiles')].find((dir) => fs.existsSync(dir)) ?? '';

export function fixture(name: string): string {
  return path.join(PROFILE_FIXTURES, name);
}

/** AKs, SKs, security tokens and KooCLI ciphertexts of every fixture file. */
export function fixtureSecrets(): string[] {
  if (!PROFILE_FIXTURES) {
    return [];
  }
  const values = fs.readdirSync(PROFILE_FIXTURES).flatMap((name) => fs.readFileSync(path.join(PROFILE_FIXTURES, name), 'utf8').match(/(enc:)?(FIXTURE|Fixture|fixture-)[\w-]*/g) ?? []);
  return [...new Set(values.flatMap((v) => (v.startsWith('enc:') ? [v, v.slice(4)] : [v])))].filter((v) => v.length >= 16);
}

/** Environment variables of a second account, as the official SDKs read them. */
export const ENV_ACCOUNT = {
  ak: 'ENVFIXTUREAK00000015',
  sk: 'EnvFixtureSecretKeyPublicTestValue00015',
  securityToken: 'env-fixture-security-token-public-test-value',
  projectId: '4e5f6a7b8c9d4e5f8a0b1c2d3e4f5a6b',
};

/** The account of the [basic] section of the `credentials` fixture, as an emulator knows it. */
export const FILE_ACCOUNT = {
  ak: 'FIXTUREBASICAK000001',
  sk: 'FixtureBasicSecretKeyPublicTestValue0001',
  projectId: '0a1b2c3d4e5f4a5b8c7d9e0f1a2b3c4d',
};

/** An account in a second "region" (a second emulator). */
export const SECOND_REGION_ACCOUNT = {
  ak: 'EMUSECONDAK0PUBLIC02',
  sk: 'EmulatorSecondRegionSecretPublicValue002',
  projectId: '5f6a7b8c9d0e4f5a9b1c2d3e4f5a6b7c',
};

/** Environment variables of an account whose project is in another region than the settings'. */
export const ENV_OTHER_REGION_ACCOUNT = {
  ak: 'ENVSGFIXTUREAK000017',
  sk: 'EnvOtherRegionSecretKeyPublicValue00017',
  projectId: '6a7b8c9d0e1f4a5b9c2d3e4f5a6b7c8d',
};

/** Every secret of this file and of the fixture files, for the secret scan. */
export function profileSecrets(): string[] {
  return [...fixtureSecrets(), ...[ENV_ACCOUNT, ENV_OTHER_REGION_ACCOUNT, SECOND_REGION_ACCOUNT, KOOCLI_TYPED].flatMap((a) => [a.ak, a.sk]), ENV_ACCOUNT.securityToken];
}

/** What a user types for a KooCLI profile whose keys are encrypted. */
export const KOOCLI_TYPED = { ak: 'KOOTYPEDAK0PUBLIC016', sk: 'KooTypedSecretKeyPublicTestValue00000016' };
