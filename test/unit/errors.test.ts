import * as assert from 'node:assert/strict';
import { errorFromAnswer, errorFromException } from '../../src/client/failures';
import { redact } from '../../src/client/redact';
import { backoffMs, shouldRetry, DEFAULT_RETRY } from '../../src/client/retry';
import { MetaStudioError } from '../../src/client/errors';

const answer = (status: number, text: string, contentType = 'application/json') => ({ status, text, contentType, truncated: false, bytes: Buffer.byteLength(text), requestId: 'req-1' });

describe('errors from answers', () => {
  it('carries MetaStudio\'s error_code, error_msg and X-Request-Id, with advice', () => {
    const error = errorFromAnswer('ConfirmFileUpload', answer(400, '{"error_code":"MSS.10001004","error_msg":"The file not found"}'));
    assert.equal(error.errorCode, 'MSS.10001004');
    assert.equal(error.errorMsg, 'The file not found');
    assert.equal(error.requestId, 'req-1');
    assert.equal(error.retryable, false);
    assert.equal(error.serverSaid, 'MSS.10001004 The file not found');
    assert.equal(error.reason, 'http-error');
    assert.match(error.message, /^ConfirmFileUpload failed: MSS\.10001004 The file not found\. The file was not found: check the file id.*X-Request-Id req-1\)$/);
  });

  it('explains throttling and marks it retryable and unprocessed', () => {
    const error = errorFromAnswer('ConfirmFileUpload', answer(429, '{"error_code":"APIGW.0308","error_msg":"The throttling threshold has been reached"}'));
    assert.equal(error.retryable, true);
    assert.equal(error.notProcessed, true);
    assert.match(error.message, /throttling/);
  });

  it('tells the lockout, the clock skew and a bad signature apart', () => {
    const msg = (m: string) => errorFromAnswer('X', answer(401, JSON.stringify({ error_code: 'APIGW.0301', error_msg: m }))).message;
    assert.match(msg('Incorrect IAM authentication information: AK access failed to reach the limit,forbidden'), /locked for 5 minutes/);
    assert.match(msg('Incorrect IAM authentication information: calc aksk signature fail:signature expired'), /clock/);
    assert.match(msg('Incorrect IAM authentication information: verify aksk signature fail'), /check the AK and SK/);
  });

  it('gives a clear sentence for bodies that are not MetaStudio errors', () => {
    assert.match(errorFromAnswer('X', answer(502, '<html>Bad gateway</html>', 'text/html')).message, /HTTP 502 with text\/html that is not a MetaStudio error/);
    assert.match(errorFromAnswer('X', answer(500, '')).message, /HTTP 500 with an empty body/);
    assert.match(errorFromAnswer('X', { ...answer(500, '{"error_code":"MSS.0'), truncated: true }).message, /cut off or too large/);
    assert.equal(errorFromAnswer('X', answer(500, 'null')).retryable, true);
    const iam = errorFromAnswer('IAM token', answer(401, '{"error":{"code":401,"message":"The username or password is wrong.","title":"Unauthorized"}}'));
    assert.equal(iam.errorMsg, 'The username or password is wrong.');
    assert.equal(iam.kind, 'auth');
  });

  it('classifies network failures', () => {
    const refused = errorFromException('X', 'h:1', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 1000);
    assert.equal(refused.kind, 'network');
    assert.equal(refused.notProcessed, true);
    const reset = errorFromException('X', 'h:1', Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }), 1000);
    assert.equal(reset.retryable, true);
    assert.equal(reset.notProcessed, false);
    const tls = errorFromException('X', 'h:1', Object.assign(new Error('self signed'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), 1000);
    assert.match(tls.message, /http\.proxyStrictSSL/);
    const timeout = errorFromException('X', 'h:1', Object.assign(new Error('t'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), 5000);
    assert.equal(timeout.kind, 'timeout');
    assert.match(timeout.message, /within 5 s/);
  });
});

describe('retry policy', () => {
  const error = (details: Partial<ConstructorParameters<typeof MetaStudioError>[1]>) => new MetaStudioError('x', { kind: 'http', ...details });

  it('never retries 400, 401 or 403, and stops after the configured retries', () => {
    assert.equal(shouldRetry(error({ status: 400 }), 1, DEFAULT_RETRY, true), false);
    assert.equal(shouldRetry(error({ status: 401, kind: 'auth' }), 1, DEFAULT_RETRY, true), false);
    assert.equal(shouldRetry(error({ status: 503, retryable: true }), 1, DEFAULT_RETRY, true), true);
    assert.equal(shouldRetry(error({ status: 503, retryable: true }), DEFAULT_RETRY.retries + 1, DEFAULT_RETRY, true), false);
  });

  it('retries a call that creates something only when it cannot have been processed', () => {
    assert.equal(shouldRetry(error({ status: 500, retryable: true }), 1, DEFAULT_RETRY, false), false);
    assert.equal(shouldRetry(error({ status: 429, retryable: true, notProcessed: true }), 1, DEFAULT_RETRY, false), true);
  });

  it('backs off exponentially within bounds and honours Retry-After', () => {
    const options = { retries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    for (let attempt = 1; attempt <= 6; attempt++) {
      const ceiling = Math.min(1000, 100 * 2 ** (attempt - 1));
      assert.ok(backoffMs(attempt, options, undefined, () => 0) >= ceiling / 2);
      assert.ok(backoffMs(attempt, options, undefined, () => 0.999) <= ceiling);
    }
    assert.equal(backoffMs(1, options, '3', () => 0), 3000);
  });
});

describe('redact', () => {
  it('removes known secrets and credential-shaped values', () => {
    const text = 'sk=MySecretKey123 Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=' + 'a'.repeat(64) +
      ' https://b.obs/x?AccessKeyId=K&Expires=1&Signature=abc%2Bdef123 X-Auth-Token: MIIabc.def {"password":"hunter2"}';
    const out = redact(text, ['MySecretKey123']);
    for (const secret of ['MySecretKey123', 'a'.repeat(64), 'abc%2Bdef123', 'MIIabc.def', 'hunter2']) {
      assert.ok(!out.includes(secret), `${secret} leaked in ${out}`);
    }
  });
});
