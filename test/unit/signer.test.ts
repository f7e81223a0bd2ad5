import * as assert from 'node:assert/strict';
import { canonicalQuery, canonicalUri, sdkDate, sign, uriEncode, type SignableRequest } from '../../src/client/signer';
import { pick, prng, text } from '../support/random';

// The official SDK's signer, as an independent implementation to compare with.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');

const DOC_KEY = { ak: 'QTWAOYTTINDUT2QVKYUC', sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' };
const DOC_DATE = new Date(Date.UTC(2019, 10, 15, 3, 36, 55));
const JSON_TYPE = { 'Content-Type': 'application/json' };

function signature(authorization: string): string {
  return /Signature=([0-9a-f]{64})$/.exec(authorization)![1];
}

describe('signer', () => {
  it('reproduces the official test vector from Huawei\'s signing guide', () => {
    const { headers, canonicalRequest } = sign(
      {
        method: 'GET',
        host: 'service.region.example.com',
        path: '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs',
        query: { limit: '2', marker: '13551d6b-755d-4757-b956-536f674975c0' },
        headers: JSON_TYPE,
      },
      DOC_KEY,
      DOC_DATE,
    );
    assert.equal(
      canonicalRequest,
      'GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\nlimit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n' +
        'content-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n\n' +
        'content-type;host;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    assert.equal(headers['X-Sdk-Date'], '20191115T033655Z');
    assert.equal(
      headers.Authorization,
      'SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, ' +
        'Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
    );
  });

  const confirm: SignableRequest = {
    method: 'POST',
    host: 'metastudio.cn-north-4.myhuaweicloud.com',
    path: '/v1/6a6a1f8354f64dd9b9a614def7b59d83/files/24bad716-87b1-45e5-8912-6102f7693265/complete',
    headers: JSON_TYPE,
    body: '{"state":"CREATED"}',
  };
  const jan2024 = new Date(Date.UTC(2024, 0, 1));

  it('signs the confirm request body (research vector V2)', () => {
    const { headers, canonicalRequest } = sign(confirm, DOC_KEY, jan2024);
    assert.match(canonicalRequest, /\/complete\/\n/);
    assert.match(canonicalRequest, /\n99220ca031564688ccd5f37c0802500ae8ecdd934a2300eac5de4e9d0d89b534$/);
    assert.equal(signature(headers.Authorization), '8170ee33a4078b31c2369cf7ac4251836fa8c763c9d4a66b2ea295ba27c37fb5');
  });

  it('encodes a comma-separated query value (research vector V3)', () => {
    const request = {
      method: 'GET',
      host: confirm.host,
      path: '/v1/6a6a1f8354f64dd9b9a614def7b59d83/digital-assets',
      query: { limit: '10', offset: '0', asset_state: 'CREATING,FAILED' },
      headers: JSON_TYPE,
    };
    assert.equal(canonicalQuery(request.query), 'asset_state=CREATING%2CFAILED&limit=10&offset=0');
    assert.equal(signature(sign(request, DOC_KEY, jan2024).headers.Authorization), 'cfe92682671e0a4ca798356e84478e9619187307c66e69c4958b359ecbc99fa6');
  });

  it('signs UNSIGNED-PAYLOAD and sends the header that says so (research vector V4)', () => {
    const { headers, canonicalRequest } = sign({ ...confirm, unsignedPayload: true }, DOC_KEY, jan2024);
    assert.equal(headers['X-Sdk-Content-Sha256'], 'UNSIGNED-PAYLOAD');
    assert.match(headers.Authorization, /SignedHeaders=content-type;host;x-sdk-content-sha256;x-sdk-date,/);
    assert.match(canonicalRequest, /\nUNSIGNED-PAYLOAD$/);
    assert.equal(signature(headers.Authorization), 'd5acd384353faa4aef15646d1f23e6b222c220e493d6da696340fe2134e6d930');
  });

  it('formats X-Sdk-Date in UTC and encodes per RFC 3986', () => {
    assert.equal(sdkDate(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678))), '20260102T030405Z');
    assert.equal(uriEncode('a b/c~d*e中'), 'a%20b%2Fc~d%2Ae%E4%B8%AD');
    assert.equal(canonicalUri('/v1/x'), '/v1/x/');
    assert.equal(canonicalUri('/v1/x/'), '/v1/x/');
    assert.equal(canonicalQuery({ b: '', a: ['2', '1'], F: 'x' }), 'F=x&a=1&a=2&b=');
  });

  it('trims header values and ignores header name case', () => {
    const a = sign({ ...confirm, headers: { 'CONTENT-type': '  application/json \t' } }, DOC_KEY, jan2024);
    const b = sign(confirm, DOC_KEY, jan2024);
    assert.equal(a.headers.Authorization, b.headers.Authorization);
  });

  it('agrees with the official SDK signer on 1,000 generated requests', () => {
    const seed = 20261125;
    const random = prng(seed);
    const unreserved = [...'abcXYZ019-_.~'];
    const pathChars = [...unreserved, ...':@!$&()*+,;=[]', '中', 'é', '😀', 'ß'];
    const queryChars = [...pathChars, ' ', '/', '?', '#', '%', '"', "'", '<', '>', '{', '}', '|', '^', '`', '\\'];
    const nameChars = [...'abcdefgXYZ0123456789', '-'];
    const valueChars = [...'abcXYZ 019;=,/:"\'()@', 'ü'];
    const differences: string[] = [];

    for (let i = 0; i < 1000; i++) {
      const method = pick(random, ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
      const segments = Array.from({ length: 1 + Math.floor(random() * 4) }, () => text(random, pathChars, 1, 8));
      const query: Record<string, string | string[]> = {};
      for (let q = Math.floor(random() * 5); q > 0; q--) {
        const name = text(random, queryChars, 1, 6);
        query[name] = random() < 0.3
          ? Array.from({ length: 2 + Math.floor(random() * 2) }, () => text(random, queryChars, 0, 6))
          : text(random, queryChars, 0, 8);
      }
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      for (let h = Math.floor(random() * 4); h > 0; h--) {
        const name = 'X-' + text(random, nameChars, 1, 10);
        headers[random() < 0.5 ? name.toUpperCase() : name] = text(random, valueChars, 1, 12).trim() || 'v';
      }
      const data = ['POST', 'PUT', 'PATCH'].includes(method) ? { state: pick(random, ['CREATED', 'FAILED']), note: text(random, queryChars, 0, 10) } : undefined;
      const time = new Date(Date.UTC(2020 + Math.floor(random() * 8), Math.floor(random() * 12), 1 + Math.floor(random() * 28), Math.floor(random() * 24), Math.floor(random() * 60), Math.floor(random() * 60)));
      const host = pick(random, ['metastudio.cn-north-4.myhuaweicloud.com', '127.0.0.1:8443']);

      const ours = sign({ method, host, path: '/' + segments.map(uriEncode).join('/'), query, headers, body: data && JSON.stringify(data) }, DOC_KEY, time);
      const theirs = AKSKSigner.sign(
        {
          method,
          endpoint: `https://${host}/${segments.join('/')}`,
          queryParams: structuredClone(query),
          headers: { ...headers, 'X-Sdk-Date': sdkDate(time) },
          data,
        },
        { getAk: () => DOC_KEY.ak, getSk: () => DOC_KEY.sk },
      );
      if (ours.headers.Authorization !== theirs.Authorization) {
        differences.push(`#${i} ${method} /${segments.join('/')} ${JSON.stringify(query)}`);
      }
    }
    assert.deepEqual(differences, [], `seed ${seed}: ${differences.length} differences`);
  });

  it('agrees with the official SDK for SKs of every allowed length (16 to 128, longer than the 64-byte HMAC block too) and bodies signed again and again', () => {
    const random = prng(20261130);
    const printable = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i));
    const sks = Array.from({ length: 113 }, (_, i) => text(random, printable, 16 + i, 16 + i));
    sks.push('секрет-ключ-密钥-ünïcödé'); // not an SK the client takes, but sign() alone must still be right
    for (const sk of sks) {
      const length = sk.length;
      const key = { ak: DOC_KEY.ak, sk };
      for (const body of ['{"state":"CREATED"}', '{"state":"CREATED"}', '{"state":"CANCELLED"}', JSON.stringify({ note: 'x'.repeat(length) })]) {
        const time = new Date(Date.UTC(2026, 10, 30, 4, 0, length));
        const ours = sign({ method: 'POST', host: 'metastudio.cn-north-4.myhuaweicloud.com', path: '/v1/p/files/f/complete', headers: { 'Content-Type': 'application/json' }, body }, key, time);
        const theirs = AKSKSigner.sign(
          { method: 'POST', endpoint: 'https://metastudio.cn-north-4.myhuaweicloud.com/v1/p/files/f/complete', queryParams: {}, headers: { 'Content-Type': 'application/json', 'X-Sdk-Date': sdkDate(time) }, data: JSON.parse(body) },
          { getAk: () => key.ak, getSk: () => key.sk },
        );
        assert.equal(ours.headers.Authorization, theirs.Authorization, `SK of ${length} characters, body ${body}`);
      }
    }
  });
});
