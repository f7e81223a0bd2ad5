// Every error the client and the upload flow give carries a reason code the UI has a sentence for,
// with every fact that sentence names; the English message is that sentence, and the server's words
// and request ids stay out of it. Seeded fuzz over answers and network failures: every run is the same.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cancelledError, englishMessage, failure, MetaStudioError, sentenceOf, stoppedError, withNote } from '../../src/client/errors';
import { errorFromAnswer, errorFromException, foreignAnswerError, type Answer } from '../../src/client/failures';
import { obsError } from '../../src/client/obs';
import { ADVICE, fill, NOTES, SENTENCES } from '../../src/client/sentences';
import { RecordWriteError } from '../../src/pending/records';
import { readRecord } from '../../src/pending/recordShape';

const root = path.resolve(__dirname, '../../..');

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** What the UI needs of an error: a known code, known advice and notes, and a value for each placeholder. */
function assertSayable(error: MetaStudioError, label: string): void {
  assert.ok(Object.hasOwn(SENTENCES, error.reason), `${label}: reason ${error.reason}`);
  assert.ok(error.advice === undefined || Object.hasOwn(ADVICE, error.advice), `${label}: advice ${error.advice}`);
  for (const note of error.notes) {
    assert.ok(Object.hasOwn(NOTES, note.reason), `${label}: note ${note.reason}`);
  }
  for (const name of SENTENCES[error.reason].match(/\{(\w+)\}/g) ?? []) {
    const value = error.facts[name.slice(1, -1)];
    assert.ok(typeof value === 'string' || typeof value === 'number', `${label}: ${error.reason} has no ${name}`);
  }
  assert.equal(error.message, englishMessage(error), label);
}

const CODES = ['MSS.10001004', 'MSS.00000003', 'APIGW.0301', 'APIGW.0308', 'APIG.0201', 'APIGW.0101', 'MSS.99999999', 'IAM.1101', 'x'];
const MSGS = ['The file not found', 'The file has not been uploaded', 'calc aksk signature fail:signature expired', 'AK access failed to reach the limit', '{operation} {0}', '', 'décrypté 失败'];
const NET = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'DEADLINE', 'CERT_HAS_EXPIRED', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID', 'EPROTO', 'EWHATEVER', undefined];

describe('error sentences', () => {
  it('give every error answer, foreign answer and OBS answer a reason the UI can say (fuzz)', () => {
    const next = random(18);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const status = 200 + Math.floor(next() * 400);
      const bodies = [
        JSON.stringify({ error_code: pick(CODES), error_msg: pick(MSGS) }),
        JSON.stringify({ error_msg: pick(MSGS) }),
        JSON.stringify({ error: { code: 1101, message: pick(MSGS) } }),
        '<html><body>Sign in</body></html>',
        '',
        '{"count":1,"assets":[]}',
        `<Error><Code>${pick(['SlowDown', 'AccessDenied', 'RequestTimeout', 'Nope'])}</Code><Message>${pick(MSGS)}</Message></Error>`,
      ];
      const text = pick(bodies);
      const answer: Answer = { status, contentType: pick(['application/json', 'text/html; charset=utf-8', '']), text, truncated: next() < 0.1, bytes: Buffer.byteLength(text), requestId: next() < 0.7 ? `req-${i}` : undefined };
      const refused = errorFromAnswer(pick(['ConfirmFileUpload', 'ListAssets', 'IAM token']), answer);
      assertSayable(refused, `#${i} answer ${status} ${text}`);
      seen.add(refused.reason);
      const foreign = foreignAnswerError('ShowAsset', answer, (body) => (body && typeof body === 'object' && 'asset_id' in body ? undefined : 'no asset_id'));
      if (foreign) {
        assertSayable(foreign, `#${i} foreign ${text}`);
        seen.add(foreign.reason);
      }
      const obs = obsError(status, text, answer.requestId);
      assertSayable(obs, `#${i} obs ${text}`);
      seen.add(obs.reason);
    }
    assert.deepEqual([...seen].sort(), ['auth-refused', 'foreign-answer', 'http-error', 'http-status', 'obs-error']);
  });

  it('give every network failure a reason the UI can say, and no server words in the sentence (fuzz)', () => {
    const next = random(7);
    const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = pick(NET);
      const words = next() < 0.1 ? `Proxy response (${pick(['407', '403', '502'])}) !== 200 when HTTP Tunneling` : `socket trouble ${i}`;
      const thrown = Object.assign(new Error(words), code === undefined ? {} : next() < 0.5 ? { code } : { cause: { code } });
      const error = errorFromException(pick(['ListAssets', 'Upload to OBS']), 'metastudio.example.com', thrown, 1000 + Math.floor(next() * 60_000));
      assertSayable(error, `#${i} ${code} ${words}`);
      seen.add(error.reason);
    }
    for (const reason of ['connection-refused', 'host-unknown', 'dns-failed', 'unreachable', 'connection-reset', 'closed-while-sending', 'closed-before-answer', 'client-closed', 'timeout', 'connect-timeout', 'deadline', 'tls', 'proxy-refused', 'network']) {
      assert.ok(seen.has(reason), reason);
    }
  });

  it('keep the server\'s words and request id in the message for the log, out of the sentence a person reads', () => {
    const error = errorFromAnswer('ConfirmFileUpload', { status: 404, contentType: 'application/json', text: '{"error_code":"MSS.10001004","error_msg":"The file not found"}', truncated: false, bytes: 60, requestId: 'req-9' });
    assert.equal(error.message, 'ConfirmFileUpload failed: MSS.10001004 The file not found. The file was not found: check the file id; it may have been deleted, or belong to another project or region. (HTTP 404, X-Request-Id req-9)');
    const said = [fill(SENTENCES[error.reason], error.facts), ADVICE[error.advice!]].join(' ');
    assert.equal(said, 'ConfirmFileUpload failed: MSS.10001004. The file was not found: check the file id; it may have been deleted, or belong to another project or region.');
    assert.doesNotMatch(said, /The file not found|req-9/);
  });

  it('say the flow\'s notes in order: a part first, what stays pending last', () => {
    const put = obsError(503, '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>', 'R1');
    const kept = withNote(withNote(put, { reason: 'part-of', facts: { fileName: 'big.mp4' } }), { reason: 'parts-left', facts: { fileName: 'big.mp4', left: 2, parts: 5 } });
    assert.equal(kept.message, 'A part of big.mp4: Upload to OBS failed: SlowDown Please reduce your request rate. OBS asked to slow down: resume the upload in a moment. (HTTP 503, request R1) big.mp4 stays pending under This machine with 2 of 5 parts to send: Resume sends only those.');
    assertSayable(kept, 'notes');
    assert.equal(kept.retryable, put.retryable);
  });

  it('give the errors of stops, cancels, input and disk writes a reason too', () => {
    assertSayable(stoppedError('signed-out'), 'signed out');
    assertSayable(stoppedError('taken-over', { fileName: 'a.mp4' }), 'taken over');
    assertSayable(cancelledError(), 'cancelled');
    assertSayable(failure('bad-id', { value: '"../x"', what: 'file id' }, { kind: 'input' }), 'bad id');
    const full = new RecordWriteError('a.mp4', Object.assign(new Error('no space'), { code: 'ENOSPC' }));
    assertSayable(full, 'disk full');
    assert.equal(full.advice, 'disk-full');
    assertSayable(new RecordWriteError(undefined, new Error('odd')), 'record removal');
  });

  it('make every error of src/ through a reason code (no sentence that the UI could not translate)', () => {
    const made: string[] = [];
    for (const file of sourceFiles(path.join(root, 'src'))) {
      const text = fs.readFileSync(file, 'utf8');
      if (!file.endsWith(path.join('client', 'errors.ts')) && /new MetaStudioError\(/.test(text)) {
        made.push(path.relative(root, file));
      }
      for (const m of text.matchAll(/\b(?:failure|inputError|stoppedError)\(\s*'([\w-]+)'/g)) {
        assert.ok(Object.hasOwn(SENTENCES, m[1]), `${path.relative(root, file)}: ${m[1]}`);
      }
      for (const m of text.matchAll(/reason: '([\w-]+)'/g)) {
        assert.ok(Object.hasOwn(NOTES, m[1]) || Object.hasOwn(SENTENCES, m[1]), `${path.relative(root, file)}: ${m[1]}`);
      }
    }
    assert.deepEqual(made, []);
  });

  it('keep an upload\'s last failure in its record only when this version can say it', () => {
    const base = {
      id: 'ok', endpoint: 'https://metastudio.example', projectId: 'p', localPath: '/x/a.mp4', fileName: 'a.mp4', fileType: 'mp4', contentType: 'video/mp4', size: 3, mtimeMs: 1,
      md5: 'AAAAAAAAAAAAAAAAAAAAAA==', assetId: 'asset', assetName: 'A', category: 'MAIN', fileId: 'f', urlExpiresAt: 5, step: 'uploading', createdAt: 1, updatedAt: 2, lastError: 'x',
    };
    const good = sentenceOf(stoppedError('taken-over', { fileName: 'a.mp4' }));
    assert.deepEqual(readRecord({ ...base, lastFailure: good })?.lastFailure, good);
    assert.equal(readRecord({ ...base, lastFailure: { reason: 'from-a-later-version', facts: {} } })?.lastFailure, undefined);
    assert.equal(readRecord({ ...base, lastFailure: { reason: 'url-gone', facts: { fileName: {} } } })?.lastFailure, undefined);
    assert.equal(readRecord({ ...base, lastError: 'x' })?.lastError, 'x');
    const damaged = readRecord({ ...base, size: -1 });
    assert.equal(damaged?.lastFailure?.reason, 'record-damaged');
  });
});
