import * as assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { Client, request } from 'undici';
import { DEMO_ACCOUNT, DEMO_IDS, DEMO_PROJECT_ID, demoFileContent, startEmulator, type Emulator } from '../emulator';
// The official SDK signs every request here, so these tests do not lean on our own signer.
import { AKSKSigner } from '../emulator/sdk';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

interface SendOptions {
  body?: object;
  /** Sent instead of the signed JSON body, to tamper with it. */
  rawBody?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  key?: { ak: string; sk: string };
  /** Skip signing (for token auth). */
  unsigned?: boolean;
}

/** An emulator in this process, or one started from the command line in another. */
type Target = Pick<Emulator, 'url'>;

const P = DEMO_PROJECT_ID;
const MiB = 1024 * 1024;

async function answer(res: { statusCode: number; headers: Answer['headers']; body: { text(): Promise<string> } }): Promise<Answer> {
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

async function send(em: Target, method: string, urlPath: string, o: SendOptions = {}): Promise<Answer> {
  const key = o.key ?? DEMO_ACCOUNT;
  const headers: Record<string, string> = { ...(o.body || o.rawBody ? { 'Content-Type': 'application/json' } : {}), ...o.headers };
  const signed = o.unsigned
    ? headers
    : AKSKSigner.sign(
        { method, endpoint: em.url + urlPath, headers, queryParams: o.query, data: o.body },
        { getAk: () => key.ak, getSk: () => key.sk },
      );
  const query = o.query ? '?' + new URLSearchParams(o.query).toString() : '';
  const body = o.rawBody ?? (o.body ? JSON.stringify(o.body) : undefined);
  return answer(await request(em.url + urlPath + query, { method, headers: signed, body }));
}

function md5(data: Buffer): string {
  return createHash('md5').update(data).digest('base64');
}

async function createAsset(em: Target, name: string, type = 'IMAGE'): Promise<string> {
  const res = await send(em, 'POST', `/v1/${P}/digital-assets`, { body: { asset_name: name, asset_type: type } });
  assert.equal(res.status, 200, res.text);
  return res.json.asset_id;
}

async function createFile(em: Target, assetId: string, data: Buffer, fileName = 'photo.png'): Promise<{ file_id: string; upload_url: string }> {
  const body = { file_name: fileName, file_md5: md5(data), file_size: data.length, file_type: fileName.split('.').pop(), asset_id: assetId, asset_file_category: 'MAIN' };
  const res = await send(em, 'POST', `/v1/${P}/files`, { body });
  assert.equal(res.status, 200, res.text);
  return res.json;
}

async function put(url: string, data: Buffer, contentType = 'image/png', contentMd5 = md5(data)): Promise<Answer> {
  return answer(await request(url, { method: 'PUT', headers: { 'Content-Type': contentType, 'Content-MD5': contentMd5 }, body: data }));
}

function confirm(em: Target, fileId: string, state: string): Promise<Answer> {
  return send(em, 'POST', `/v1/${P}/files/${fileId}/complete`, { body: { state } });
}

async function login(em: Target, password = DEMO_ACCOUNT.password): Promise<Answer> {
  const body = {
    auth: {
      identity: { methods: ['password'], password: { user: { domain: { name: DEMO_ACCOUNT.domainName }, name: DEMO_ACCOUNT.userName, password } } },
      scope: { project: { name: DEMO_ACCOUNT.region } },
    },
  };
  return answer(
    await request(`${em.url}/v3/auth/tokens?nocatalog=true`, { method: 'POST', headers: { 'Content-Type': 'application/json;charset=utf8' }, body: JSON.stringify(body) }),
  );
}

const listAssets = (em: Target, query?: Record<string, string>): Promise<Answer> => send(em, 'GET', `/v1/${P}/digital-assets`, { query });

describe('emulator', function () {
  let em: Emulator;
  const image = Buffer.from('not really a png, but the bytes MetaStudio is told about');

  before(async () => {
    em = await startEmulator({ seed: 'demo' });
  });
  after(() => em.close());
  beforeEach(() => em.reset());

  describe('gateway authentication', () => {
    it('answers a request signed by the official SDK, with a request id and its own Date', async () => {
      em.setClockOffset(60_000);
      const res = await listAssets(em, { limit: '2', asset_state: 'CREATING,FAILED' });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.count, 4);
      assert.equal(res.json.assets.length, 2);
      assert.match(String(res.headers['x-request-id']), /^[0-9a-f]{32}$/);
      assert.ok(Math.abs(Date.parse(String(res.headers.date)) - (Date.now() + 60_000)) < 2000);
    });

    it('rejects a tampered body and shows its own canonical request', async () => {
      const sent = '{"asset_name":"Tampered","asset_type":"IMAGE"}';
      const res = await send(em, 'POST', `/v1/${P}/digital-assets`, { body: { asset_name: 'Original', asset_type: 'IMAGE' }, rawBody: sent });
      assert.equal(res.status, 401);
      assert.equal(res.json.error_code, 'APIGW.0301');
      const prefix = `Incorrect IAM authentication information: verify aksk signature fail, canonicalRequest:POST|/v1/${P}/digital-assets/||`;
      assert.ok(res.json.error_msg.startsWith(prefix), res.json.error_msg);
      assert.ok(res.json.error_msg.endsWith('|' + createHash('sha256').update(sent).digest('hex')));
      assert.equal(em.state.assets.length, 5, 'nothing was created');
    });

    it('rejects a signature more than 15 minutes off the server clock', async () => {
      em.setClockOffset(14 * 60_000);
      assert.equal((await listAssets(em)).status, 200);
      em.setClockOffset(16 * 60_000);
      const res = await listAssets(em);
      assert.equal(res.status, 401);
      assert.match(res.json.error_msg, /calc aksk signature fail:signature expired, signature time:\d{8}T\d{6}Z,server time:\d{8}T\d{6}Z$/);
    });

    it('locks an AK for 5 minutes after 5 bad signatures in a row', async () => {
      const wrong = { ak: DEMO_ACCOUNT.ak, sk: 'not-the-secret-key' };
      const fail = async (times: number): Promise<void> => {
        for (let i = 0; i < times; i++) {
          const res = await send(em, 'GET', `/v1/${P}/digital-assets`, { key: wrong });
          assert.match(res.json.error_msg, /verify aksk signature fail/);
        }
      };
      await fail(4);
      assert.equal((await listAssets(em)).status, 200, 'a good signature resets the count');
      await fail(4);
      assert.equal((await listAssets(em)).status, 200);
      await fail(5);
      const locked = await listAssets(em);
      assert.equal(locked.status, 401);
      assert.equal(locked.json.error_msg, 'Incorrect IAM authentication information: AK access failed to reach the limit,forbidden');
      em.setClockOffset(5 * 60_000 + 1000);
      assert.equal((await listAssets(em)).status, 200);
      assert.equal(em.counters.unauthorized, 4 + 4 + 5 + 1);
    });

    it('rejects an unknown AK, and a temporary AK without its security token', async () => {
      assert.equal((await send(em, 'GET', `/v1/${P}/digital-assets`, { key: { ak: 'UNKNOWNAK0000000000X', sk: 'x' } })).json.error_code, 'APIGW.0301');
      const temporary = DEMO_ACCOUNT.temporary!;
      assert.equal((await send(em, 'GET', `/v1/${P}/digital-assets`, { key: temporary })).status, 401);
      const res = await send(em, 'GET', `/v1/${P}/digital-assets`, { key: temporary, headers: { 'X-Security-Token': temporary.securityToken } });
      assert.equal(res.status, 200, res.text);
    });

    it('rejects another project in the URL or in X-Project-Id', async () => {
      const other = 'ffffffffffffffffffffffffffffffff';
      const res = await send(em, 'GET', `/v1/${other}/digital-assets`);
      assert.deepEqual([res.status, res.json.error_code], [400, 'MSS.00010009']);
      const header = await send(em, 'GET', `/v1/${P}/digital-assets`, { headers: { 'X-Project-Id': other } });
      assert.deepEqual([header.status, header.json.error_msg], [400, 'urlTenantId is not equal tokenTenantId']);
    });

    it('throttles a project over its rate limit with APIGW.0308', async () => {
      em.setRateLimit(3);
      const answers = await Promise.all(Array.from({ length: 6 }, () => listAssets(em)));
      const throttled = answers.filter((a) => a.status === 429);
      assert.equal(throttled.length, 3);
      assert.deepEqual(throttled[0].json, {
        error_code: 'APIGW.0308',
        error_msg: 'The throttling threshold has been reached: policy user over ratelimit,limit:3,time:1 second',
      });
      assert.equal(em.counters.throttled, 3);
    });

    it('throttles each API at its own published limit with per-API limits on (cn-north-4: ListAssets 20/s)', async () => {
      em.setRateLimit(0, 'cn-north-4');
      const lists = await Promise.all(Array.from({ length: 25 }, () => listAssets(em)));
      assert.equal(lists.filter((a) => a.status === 429).length, 5);
      // Another API has its own window: the listing used none of it.
      const shows = await Promise.all(Array.from({ length: 3 }, () => send(em, 'GET', `/v1/${P}/digital-assets/${DEMO_IDS.keynoteAsset}`)));
      assert.deepEqual(shows.map((a) => a.status), [200, 200, 200]);
    });

    it('halves the per-API limits outside cn-north-4', async () => {
      em.setRateLimit(0, 'ap-southeast-3');
      const lists = await Promise.all(Array.from({ length: 12 }, () => listAssets(em)));
      assert.equal(lists.filter((a) => a.status === 429).length, 2);
    });

    it('refuses a body over 12 MiB with 413 APIGW.0201', async () => {
      const res = await send(em, 'POST', `/v1/${P}/digital-assets`, { unsigned: true, rawBody: ' '.repeat(12 * MiB + 1) });
      assert.deepEqual([res.status, res.json.error_code], [413, 'APIGW.0201']);
    });

    it('answers unknown routes 404 APIGW.0101 before authentication', async () => {
      const res = await send(em, 'GET', `/v1/${P}/no-such-thing`, { unsigned: true });
      assert.deepEqual([res.status, res.json.error_code], [404, 'APIGW.0101']);
    });
  });

  describe('IAM', () => {
    it('issues a token by password that MetaStudio accepts until it expires', async () => {
      const res = await login(em);
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.token.project.id, P);
      assert.equal(res.json.token.catalog, undefined);
      const token = String(res.headers['x-subject-token']);
      const listed = await send(em, 'GET', `/v1/${P}/digital-assets`, { unsigned: true, headers: { 'X-Auth-Token': token } });
      assert.equal(listed.status, 200);
      em.setClockOffset(24 * 3600_000 + 1000);
      const expired = await send(em, 'GET', `/v1/${P}/digital-assets`, { unsigned: true, headers: { 'X-Auth-Token': token } });
      assert.deepEqual([expired.status, expired.json.error_code], [401, 'APIGW.0307']);
      const forged = await send(em, 'GET', `/v1/${P}/digital-assets`, { unsigned: true, headers: { 'X-Auth-Token': 'MIIEforged' } });
      assert.equal(forged.json.error_msg, 'Incorrect IAM authentication information: decrypt token fail');
    });

    it('answers a wrong password in IAM\'s own error shape', async () => {
      const res = await login(em, 'wrong');
      assert.equal(res.status, 401);
      assert.deepEqual(res.json, { error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' } });
    });

    it('finds the project id by region name', async () => {
      const found = await send(em, 'GET', '/v3/projects', { query: { name: 'cn-north-4' } });
      assert.equal(found.json.projects[0].id, P);
      const none = await send(em, 'GET', '/v3/projects', { query: { name: 'xx-nowhere-1' } });
      assert.deepEqual(none.json.projects, []);
    });
  });

  describe('upload flow', () => {
    it('create asset, create file, PUT, confirm CREATED: the asset becomes ACTIVED', async () => {
      const assetId = await createAsset(em, 'Flow test');
      const { file_id, upload_url } = await createFile(em, assetId, image);
      const stored = await put(upload_url, image);
      assert.equal(stored.status, 200, stored.text);
      assert.equal(stored.headers.etag, `"${createHash('md5').update(image).digest('hex')}"`);
      const done = await confirm(em, file_id, 'CREATED');
      assert.equal(done.status, 200, done.text);
      assert.equal(done.text, '');
      assert.match(String(done.headers['x-request-id']), /^[0-9a-f]{32}$/);
      const shown = await send(em, 'GET', `/v1/${P}/digital-assets/${assetId}`);
      assert.equal(shown.json.asset_state, 'ACTIVED');
      assert.equal(shown.json.files[0].state, 'CREATED');
      assert.deepEqual(em.state.confirms.map((c) => [c.file_id, c.state, c.status]), [[file_id, 'CREATED', 200]]);
    });

    it('refuses a PUT whose Content-MD5 or Content-Type differ from the signed ones', async () => {
      const { upload_url } = await createFile(em, await createAsset(em, 'Bad headers'), image);
      const wrongMd5 = await put(upload_url, image, 'image/png', md5(Buffer.from('other')));
      assert.equal(wrongMd5.status, 403);
      assert.match(wrongMd5.text, /^<\?xml version="1.0" encoding="UTF-8"\?><Error><Code>SignatureDoesNotMatch<\/Code>/);
      assert.match(String(wrongMd5.headers['x-obs-request-id']), /^[0-9A-F]{32}$/);
      assert.equal((await put(upload_url, image, 'image/png; charset=utf-8')).status, 403);
      assert.equal((await put(upload_url.replace('photo.png', 'other.png'), image)).status, 403);
      const sameSize = Buffer.alloc(image.length, 'z');
      const corrupt = await put(upload_url, sameSize, 'image/png', md5(image));
      assert.deepEqual([corrupt.status, /<Code>BadDigest<\/Code>/.test(corrupt.text)], [400, true]);
    });

    it('refuses a PUT after the upload URL expired (24 h on the server clock)', async () => {
      const { upload_url } = await createFile(em, await createAsset(em, 'Late'), image);
      em.setClockOffset(24 * 3600_000 + 60_000);
      const res = await put(upload_url, image);
      assert.equal(res.status, 403);
      assert.match(res.text, /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
    });

    it('refuses to confirm twice, or CREATED before the bytes arrived', async () => {
      const { file_id, upload_url } = await createFile(em, await createAsset(em, 'Twice'), image);
      const early = await confirm(em, file_id, 'CREATED');
      assert.deepEqual([early.status, early.json.error_msg], [400, 'The file has not been uploaded']);
      await put(upload_url, image);
      assert.equal((await confirm(em, file_id, 'CREATED')).status, 200);
      const again = await confirm(em, file_id, 'CREATED');
      assert.equal(again.status, 400);
      assert.equal(again.json.error_code, 'MSS.00000003');
      assert.match(again.json.error_msg, /CREATED/);
      assert.deepEqual(em.state.confirms.map((c) => c.status), [400, 200, 400]);
    });

    it('validates the confirm body', async () => {
      const { file_id } = await createFile(em, await createAsset(em, 'Body'), image);
      assert.equal((await confirm(em, file_id, 'DONE')).json.error_code, 'MSS.00000003');
      const extra = await send(em, 'POST', `/v1/${P}/files/${file_id}/complete`, { body: { state: 'FAILED', colour: 'blue' } });
      assert.equal(extra.json.error_code, 'MSS.00000002');
      const typed = await send(em, 'POST', `/v1/${P}/files/${file_id}/complete`, { body: { state: 'FAILED', auto_meta_analysis: 'yes' } });
      assert.equal(typed.json.error_code, 'MSS.00000002');
      const noType = await send(em, 'POST', `/v1/${P}/files/${file_id}/complete`, { body: { state: 'FAILED' }, headers: { 'Content-Type': 'text/plain' } });
      assert.equal(noType.json.error_code, 'MSS.10000002');
    });

    it('answers MSS.10001004 for an unknown file', async () => {
      const res = await confirm(em, '00000000-0000-4000-8000-000000000000', 'CANCELLED');
      assert.deepEqual(res.json, { error_code: 'MSS.10001004', error_msg: 'The file not found' });
    });

    it('never lets a file id with ../ or %2F reach another route', async () => {
      const token = String((await login(em)).headers['x-subject-token']);
      const auth = { unsigned: true, headers: { 'X-Auth-Token': token } };
      const encoded = await send(em, 'POST', `/v1/${P}/files/..%2F..%2Fdigital-assets/complete`, { ...auth, body: { state: 'CANCELLED' } });
      assert.deepEqual([encoded.status, encoded.json.error_code], [400, 'MSS.10001004']);
      const client = new Client(em.url);
      try {
        const raw = await answer(await client.request({ method: 'DELETE', path: `/v1/${P}/files/../digital-assets/${DEMO_IDS.logoAsset}`, headers: auth.headers }));
        assert.deepEqual([raw.status, raw.json.error_code], [404, 'APIGW.0101']);
      } finally {
        await client.close();
      }
      assert.equal(em.state.assets.find((a) => a.asset_id === DEMO_IDS.logoAsset)?.asset_state, 'ACTIVED');
    });

    it('validates CreateFile: MD5 format, one MAIN per asset, asset and type', async () => {
      const assetId = await createAsset(em, 'Checks');
      const body = { file_name: 'a.png', file_md5: md5(image), file_size: image.length, file_type: 'png', asset_id: assetId, asset_file_category: 'MAIN' };
      const create = (change: object): Promise<Answer> => send(em, 'POST', `/v1/${P}/files`, { body: { ...body, ...change } });
      assert.equal((await create({ file_md5: createHash('md5').update(image).digest('hex') })).json.error_code, 'MSS.00000003');
      assert.equal((await create({ file_type: 'mp4' })).json.error_code, 'MSS.00000003');
      assert.equal((await create({ asset_id: 'no-such-asset' })).json.error_code, 'MSS.10001001');
      assert.equal((await create({})).status, 200);
      assert.equal((await create({})).json.error_code, 'MSS.10001008');
    });
  });

  describe('demo seed', () => {
    it('holds pending uploads: uploaded but unconfirmed, never uploaded, and an expired URL', async () => {
      const pending = await listAssets(em, { asset_state: 'CREATING' });
      assert.deepEqual(
        pending.json.assets.map((a: { asset_id: string }) => a.asset_id).sort(),
        [DEMO_IDS.keynoteAsset, DEMO_IDS.backdropAsset, DEMO_IDS.jingleAsset, DEMO_IDS.deckAsset].sort(),
      );
      assert.equal((await confirm(em, DEMO_IDS.jingleMain, 'CREATED')).status, 200);
      const files = em.state.files;
      const backdrop = files.find((f) => f.file_id === DEMO_IDS.backdropMain)!;
      assert.equal((await put(backdrop.upload_url, demoFileContent(DEMO_IDS.backdropMain)!)).status, 200);
      assert.equal((await confirm(em, DEMO_IDS.backdropMain, 'CREATED')).status, 200);
      const deck = files.find((f) => f.file_id === DEMO_IDS.deckMain)!;
      const late = await put(deck.upload_url, demoFileContent(DEMO_IDS.deckMain)!, 'application/octet-stream');
      assert.match(late.text, /Request has expired/);
    });
  });

  describe('faults', () => {
    it('injects errors at the set rate, reproducibly for a seed', async () => {
      const faulty = await startEmulator({ randomSeed: 42, faults: { error500: 0.25 } });
      try {
        const run = async (): Promise<number[]> => {
          const statuses: number[] = [];
          for (let i = 0; i < 100; i++) {
            statuses.push((await listAssets(faulty)).status);
          }
          return statuses;
        };
        const first = await run();
        const errors = first.filter((s) => s === 500).length;
        assert.ok(errors >= 13 && errors <= 37, `${errors} errors in 100`);
        assert.equal(faulty.counters.requests['500'], errors);
        faulty.reset();
        assert.deepEqual(await run(), first);
      } finally {
        await faulty.close();
      }
    });

    it('can apply a confirm and lose the answer, as a cut connection would', async () => {
      const { file_id, upload_url } = await createFile(em, await createAsset(em, 'Lost'), image);
      await put(upload_url, image);
      em.setFaults({ lostResponse: 1 });
      await assert.rejects(confirm(em, file_id, 'CREATED'));
      em.setFaults({});
      assert.equal(em.state.files.find((f) => f.file_id === file_id)?.state, 'CREATED');
      assert.equal(em.counters.resets, 1);
    });

    it('sends broken bodies on request, never on the admin API', async () => {
      em.setFaults({ badBody: 1, badBodyKind: 'truncated' });
      const res = await listAssets(em);
      assert.equal(res.status, 500);
      assert.equal(res.json, undefined);
      const admin = await answer(await request(`${em.url}/__admin/state`));
      assert.equal(admin.status, 200);
      assert.equal(admin.json.state.assets.length, 5);
    });

    it('cuts an OBS PUT mid-body and leaves the file not uploaded', async () => {
      const data = Buffer.alloc(4 * MiB, 'x');
      const assetId = await createAsset(em, 'Cut', 'VIDEO');
      const { file_id, upload_url } = await createFile(em, assetId, data, 'clip.mp4');
      em.setFaults({ obsResetAfterBytes: MiB });
      await assert.rejects(put(upload_url, data, 'video/mp4'));
      assert.equal(em.state.files.find((f) => f.file_id === file_id)?.uploaded, false);
    });
  });

  describe('command line and admin API (another process)', () => {
    let child: ChildProcessWithoutNullStreams;
    let out = '';
    let cli: Target;
    const admin = async (route: string, body?: object): Promise<Answer> =>
      answer(await request(`${cli.url}/__admin/${route}`, body ? { method: 'POST', body: JSON.stringify(body) } : {}));

    before(async () => {
      child = spawn(process.execPath, [path.join(__dirname, '../emulator/main.js'), '--seed', 'demo', '--random-seed', '3']);
      await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => ((out += d), out.includes('IAM password') && resolve())));
      cli = { url: /listening on (\S+)/.exec(out)![1] };
    });
    after(() => child.kill('SIGKILL'));

    it('prints its URL, then the demo keys on their own lines', () => {
      assert.match(out, /^MetaStudio emulator listening on http:\/\/127\.0\.0\.1:\d+\n/);
      assert.ok(out.includes(`\nAK: ${DEMO_ACCOUNT.ak}\n`) && out.includes(`\nproject id: ${P}\n`));
    });

    it('changes faults, the clock and the rate limit over the admin API', async () => {
      assert.equal((await admin('clock', { offsetMs: 20 * 60_000 })).status, 200);
      assert.match((await listAssets(cli)).json.error_msg, /signature expired/);
      await admin('clock', { offsetMs: 0 });
      await admin('rate-limit', { perSecond: 1 });
      assert.deepEqual([(await listAssets(cli)).status, (await listAssets(cli)).status], [200, 429]);
      await admin('rate-limit', { perSecond: 0, perApi: 'ap-southeast-3' }); // ListAssets 10/s
      const lists = await Promise.all(Array.from({ length: 12 }, () => listAssets(cli)));
      assert.equal(lists.filter((a) => a.status === 429).length, 2);
      await admin('rate-limit', { perSecond: 0 });
      await admin('faults', { error503: 1 });
      assert.equal((await listAssets(cli)).json.error_code, 'APIGW.0201');
      await admin('reset', { seed: 'none' });
      const state = (await admin('state')).json;
      assert.deepEqual([state.state.assets.length, state.counters.requests], [0, {}]);
    });

    it('answers a seed, patch or setting it cannot take with a 400 naming the key or id, adds nothing, and stays up', async () => {
      await admin('reset', { seed: 'none' });
      const seeded = await admin('seed-assets', { assets: [{ asset_name: 'Kept', asset_type: 'IMAGE', asset_id: 'kept-asset', files: [{ file_name: 'k.png', file_id: 'kept-file' }] }] });
      assert.equal(seeded.status, 200);
      const refused: Array<[string, object, RegExp]> = [
        ['seed-assets', { assets: [{ asset_name: 'D1', asset_type: 'IMAGE', files: [{ file_name: 'a.png', file_id: 'same' }, { file_name: 'b.png', file_id: 'same' }] }] }, /file_id same exists/],
        ['seed-assets', { assets: [{ asset_name: 'D2', asset_type: 'IMAGE', files: [{ file_name: 'a.png', file_id: 'kept-file' }] }] }, /file_id kept-file exists/],
        ['seed-assets', { assets: [{ asset_name: 'Theirs', asset_type: 'IMAGE', asset_id: 'kept-asset' }], projectId: 'otherproject00000000000000000000' }, /asset_id kept-asset exists/],
        ['seed-assets', { assets: [{ asset_name: 'D3', asset_type: 'IMAGE', files: [{ file_name: 'a.png', staet: 'CREATED' }] }] }, /"staet"/],
        ['seed-assets', { assets: [{ asset_name: 'x:y', asset_type: 'IMAGE' }] }, /asset_name "x:y"/],
        ['seed-assets', { assets: [{ asset_type: 'IMAGE' }] }, /needs asset_name/],
        ['seed-assets', { assets: [null] }, /JSON object/],
        ['seed-assets', { assets: [{ asset_name: 'D4', asset_type: 'IMAGE', asset_order: 'first' }] }, /asset_order/],
        ['file', { file_id: 'kept-file', staet: 'CREATED' }, /"staet"/],
        ['asset', { asset_id: 'kept-asset', asset_name: 'x:y' }, /"asset_name"/],
        ['asset', { asset_id: 'kept-asset', project_id: 'elsewhere' }, /"project_id"/],
        ['asset', { asset_id: 'kept-asset', asset_order: 1.5 }, /asset_order/],
        ['file', { file_id: 'kept-file', file_extra_meta: { video_transcoding_status: 'DONE' } }, /file_extra_meta/],
        ['faults', { eror500: 1 }, /"eror500"/],
        ['faults', { error500: 2 }, /error500 takes a rate/],
        ['faults', { badBodyKind: 'xml' }, /badBodyKind/],
        ['clock', { offsetMs: 1e20 }, /clock offset/],
        ['rate-limit', { perSecond: -1 }, /rate limit/],
        ['rate-limit', { perSecond: 0, perApi: 'mars-1' }, /perApi/],
        ['reset', { seed: 'demo', sed: 'none' }, /"sed"/],
        ['seed-bulk', { assets: 1, filesPerAsset: 1, uploaded: true, projectID: 'x' }, /"projectID"/],
        ['review', { mode: 'sometimes' }, /review mode/],
      ];
      for (const [route, body, message] of refused) {
        const answered = await admin(route, body);
        assert.equal(answered.status, 400, `${route} ${JSON.stringify(body)}`);
        assert.match(answered.json.error, message, route);
      }
      for (const body of ['null', '[1]', '5']) {
        assert.equal((await answer(await request(`${cli.url}/__admin/faults`, { method: 'POST', body }))).status, 400, body);
      }
      const { state } = (await admin('state')).json;
      assert.deepEqual(state.assets.map((a: { asset_name: string }) => a.asset_name), ['Kept']);
      assert.deepEqual(state.files.map((f: { file_id: string; state: string }) => [f.file_id, f.state]), [['kept-file', 'CREATING']]);
      assert.equal(state.assets[0].project_id, P);
    });

    it('seeds bulk assets in mixed states over HTTP, as the listing benchmark asks', async () => {
      await admin('reset', { seed: 'none' });
      const seeded = await admin('seed-bulk', { assets: 8, filesPerAsset: 2, uploaded: false, mixed: true });
      assert.equal(seeded.status, 200, JSON.stringify(seeded.json));
      const { state } = (await admin('state')).json;
      const states = new Set(state.assets.map((a: { asset_state: string }) => a.asset_state));
      assert.deepEqual([...states].sort(), ['ACTIVED', 'CREATING', 'FAILED', 'UNACTIVED']);
      assert.equal(seeded.json.files.length, state.files.filter((f: { state: string }) => f.state === 'CREATING').length);
    });

    it('prints its options and exits 0 on --help', async () => {
      const help = spawn(process.execPath, [path.join(__dirname, '../emulator/main.js'), '--help']);
      let text = '';
      help.stdout.on('data', (d: Buffer) => (text += d));
      const code = await new Promise((resolve) => help.on('close', resolve));
      assert.equal(code, 0);
      assert.match(text, /^Usage: .*\n[\s\S]*--seed demo\|none[\s\S]*--max-lifetime-s N/);
    });

    // In its own process, the emulator's memory is not mixed up with the client's.
    it('streams a 200 MB PUT without holding it in memory', async function () {
      this.timeout(60_000);
      const chunk = Buffer.alloc(MiB, 'metastudio');
      const count = 200;
      const hash = createHash('md5');
      for (let i = 0; i < count; i++) {
        hash.update(chunk);
      }
      const digest = hash.digest('base64');
      const assetId = await createAsset(cli, 'Big video', 'VIDEO');
      const file = await send(cli, 'POST', `/v1/${P}/files`, {
        body: { file_name: 'big.mp4', file_md5: digest, file_size: count * MiB, file_type: 'mp4', asset_id: assetId, asset_file_category: 'MAIN' },
      });
      const rss = async (): Promise<number> => (await admin('state')).json.rss;
      const before = await rss();
      let peak = before;
      let uploading = true;
      const watch = (async () => {
        while (uploading) {
          peak = Math.max(peak, await rss());
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      })();
      try {
        const body = Readable.from((function* () {
          for (let i = 0; i < count; i++) {
            yield chunk;
          }
        })());
        const res = await request(file.json.upload_url, {
          method: 'PUT',
          headers: { 'Content-Type': 'video/mp4', 'Content-MD5': digest, 'Content-Length': String(count * MiB) },
          body,
        });
        assert.equal(res.statusCode, 200, await res.body.text());
      } finally {
        uploading = false;
        await watch;
      }
      peak = Math.max(peak, await rss());
      assert.ok(peak - before < 64 * MiB, `the emulator's rss grew by ${Math.round((peak - before) / MiB)} MB`);
      const stored = (await admin('state')).json.state.files.find((f: { file_id: string }) => f.file_id === file.json.file_id);
      assert.equal(stored.uploaded, true);
    });

    it('exits cleanly on SIGTERM', async () => {
      const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve([code, signal])));
      child.kill('SIGTERM');
      assert.deepEqual(await exited, [0, null]);
    });
  });
});
