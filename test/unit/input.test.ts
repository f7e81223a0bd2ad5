import * as assert from 'node:assert/strict';
import { appUserIdProblem, credentialProblem, credentialsFromEnv } from '../../src/client/credentials';
import { checkEndpoint, checkId } from '../../src/client/regions';
import { assetTypeFor, contentTypeFor, mainFileProblem } from '../../src/client/fileTypes';
import { runBatch } from '../../src/client/batch';
import { MetaStudioError } from '../../src/client/errors';

describe('input checks', () => {
  it('accepts well-formed credentials and explains bad ones', () => {
    assert.equal(credentialProblem({ kind: 'aksk', ak: 'QTWAOYTTINDUT2QVKYUC', sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' }), undefined);
    assert.match(credentialProblem({ kind: 'aksk', ak: 'short', sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' })!, /The AK/);
    assert.match(credentialProblem({ kind: 'aksk', ak: 'QTWAOYTTINDUT2QVKYUC', sk: 'has spaces in it here ok' })!, /The SK/);
    assert.match(credentialProblem({ kind: 'temporary', ak: 'QTWAOYTTINDUT2QVKYUC', sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc', securityToken: '' })!, /security token/);
    assert.match(credentialProblem({ kind: 'token', token: 'abc' })!, /token/);
    assert.match(credentialProblem({ kind: 'password', domainName: 'd', userName: '', password: 'p' })!, /user name/);
  });

  it('reads the official SDK\'s environment variables', () => {
    assert.deepEqual(credentialsFromEnv({ HUAWEICLOUD_SDK_AK: 'A', HUAWEICLOUD_SDK_SK: 'S' }), { kind: 'aksk', ak: 'A', sk: 'S' });
    assert.deepEqual(credentialsFromEnv({ HUAWEICLOUD_SDK_AK: 'A', HUAWEICLOUD_SDK_SK: 'S', HUAWEICLOUD_SDK_SECURITY_TOKEN: 'T' }), { kind: 'temporary', ak: 'A', sk: 'S', securityToken: 'T' });
    assert.equal(credentialsFromEnv({ HUAWEICLOUD_SDK_AK: 'A' }), undefined);
  });

  it('refuses Chinese characters in X-App-UserId', () => {
    assert.match(appUserIdProblem('用户1')!, /Chinese/);
    assert.equal(appUserIdProblem('user-1'), undefined);
  });

  it('takes https endpoints, and http only on loopback', () => {
    assert.equal(checkEndpoint('https://metastudio.cn-north-4.myhuaweicloud.com/'), 'https://metastudio.cn-north-4.myhuaweicloud.com');
    assert.equal(checkEndpoint('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
    assert.throws(() => checkEndpoint('http://metastudio.example.com'), /must use https/);
    assert.throws(() => checkEndpoint('not a url'), /is not a URL/);
    assert.throws(() => checkEndpoint('https://user:pw@example.com'), /only a scheme and host/);
  });

  it('lets no id change the request path', () => {
    for (const bad of ['', '../x', '..', 'a/b', 'a%2Fb', 'a b', 'x'.repeat(65), '中文']) {
      assert.throws(() => checkId('file id', bad), (e: MetaStudioError) => e.kind === 'input' && /not a valid file id/.test(e.message), bad);
    }
    assert.equal(checkId('file id', '24bad716-87b1-45e5-8912-6102f7693265'), '24bad716-87b1-45e5-8912-6102f7693265');
  });

  it('knows the content types and main file rules', () => {
    assert.equal(contentTypeFor('JPG'), 'image/jpeg');
    assert.equal(contentTypeFor('mov'), 'application/octet-stream');
    assert.equal(assetTypeFor('intro.mp4'), 'VIDEO');
    assert.equal(assetTypeFor('slides.pptx'), 'PPT');
    assert.equal(assetTypeFor('voice.wav'), 'AUDIO');
    assert.match(mainFileProblem('IMAGE', 'a.mp4', 10)!, /IMAGE asset takes/);
    assert.match(mainFileProblem('IMAGE', 'a.png', 60 * 1024 * 1024)!, /larger than 50 MiB/);
    assert.equal(mainFileProblem('VIDEO', 'a.mp4', 10), undefined);
  });
});

describe('runBatch', () => {
  it('gives each item its own result and never stops at a failure', async () => {
    let running = 0;
    let most = 0;
    const results = await runBatch([1, 2, 3, 4, 5, 6], async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setImmediate(r));
      running--;
      if (n % 2 === 0) {
        throw new MetaStudioError(`no ${n}`, { kind: 'http' });
      }
      return n * 10;
    }, { concurrency: 2 });
    assert.deepEqual(results.map((r) => (r.ok ? r.value : r.error.message)), [10, 'no 2', 30, 'no 4', 50, 'no 6']);
    assert.equal(most, 2);
  });

  it('starts nothing new after cancellation', async () => {
    const controller = new AbortController();
    const results = await runBatch([1, 2, 3], async (n) => {
      controller.abort();
      return n;
    }, { concurrency: 1, signal: controller.signal });
    assert.deepEqual(results.map((r) => r.ok || r.error.kind), [true, 'cancelled', 'cancelled']);
  });
});
