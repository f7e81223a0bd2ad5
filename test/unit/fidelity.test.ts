// Fidelity to the real API (the SDK's models): every asset type, the review states that follow an
// upload, system_properties for video production, valid asset names, and an emulator that can show
// every state a real account can. Against the emulator over loopback HTTP.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  ASSET_TYPES, MetaStudioClient, MetaStudioError, assetNameFor, assetNameProblem, categoriesFor, categoryFileProblem, fileMd5,
  reachedState, videoProductionProperties, type ClientEvent, type MetaStudioClientOptions,
} from '../../src/client';
import { PendingUploads } from '../../src/pending/model';
import { FileRecordStore, MemoryUrlVault, type UploadRecord } from '../../src/pending/records';
import { Uploader, URL_LIFETIME_MS } from '../../src/pending/upload';
import { DEMO_ACCOUNT, DEMO_IDS, DEMO_PROJECT_ID, startEmulator, type Emulator } from '../emulator';

const root = path.resolve(__dirname, '../../..');

describe('fidelity to the API', function () {
  let emulator: Emulator;
  let dir: string;
  let records: FileRecordStore;
  let urls: MemoryUrlVault;
  const clients: MetaStudioClient[] = [];

  function client(options: Partial<MetaStudioClientOptions> = {}): MetaStudioClient {
    const made = new MetaStudioClient({
      endpoint: emulator.url, iamEndpoint: emulator.url, region: 'cn-north-4', projectId: DEMO_PROJECT_ID,
      credentials: { kind: 'aksk', ak: DEMO_ACCOUNT.ak, sk: DEMO_ACCOUNT.sk }, rateLimitPerSecond: 0,
      retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 }, ...options,
    });
    clients.push(made);
    return made;
  }
  const uploader = (c = client()) => new Uploader(c, records, urls, { putRetries: 0 });
  const file = (name: string, bytes: number) => {
    const full = path.join(dir, name);
    writeFileSync(full, Buffer.alloc(bytes, name));
    return full;
  };
  const serverFile = (fileId: string) => emulator.state.files.find((f) => f.file_id === fileId);
  const serverAsset = (assetId: string) => emulator.state.assets.find((a) => a.asset_id === assetId);

  before(async () => {
    emulator = await startEmulator({ seed: 'demo' });
  });
  beforeEach(() => {
    emulator.reset('demo');
    dir = mkdtempSync(path.join(tmpdir(), 'ms-fidelity-'));
    records = new FileRecordStore(path.join(dir, 'records'));
    urls = new MemoryUrlVault();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  after(() => emulator.close());

  describe('1. every asset type', () => {
    it('knows the SDK\'s 14 asset types', () => {
      assert.equal(ASSET_TYPES.length, 14);
      for (const type of ['HUMAN_MODEL_2D', 'VOICE_MODEL', 'MATERIAL', 'BUSINESS_CARD_TEMPLET', 'SCENE', 'ANIMATION', 'NORMAL_MODEL', 'HUMAN_MODEL']) {
        assert.ok((ASSET_TYPES as readonly string[]).includes(type), type);
      }
    });

    it('lists the pending files of assets of any type, known to the SDK or newer', async () => {
      const [avatar, future] = emulator.seedAssets([
        { asset_name: 'Avatar', asset_type: 'HUMAN_MODEL_2D', files: [{ file_name: 'avatar-training.mp4', uploaded: true }] },
        { asset_name: 'Hologram', asset_type: 'HOLOGRAM', files: [{ file_name: 'holo.bin' }] },
      ]);
      const model = new PendingUploads();
      await model.refresh(client());
      const listed = model.groups().map((a) => [a.assetType, a.files.map((f) => f.fileId)]);
      assert.deepEqual(listed.filter(([type]) => type === 'HUMAN_MODEL_2D' || type === 'HOLOGRAM').sort(), [
        ['HOLOGRAM', future.file_ids], ['HUMAN_MODEL_2D', avatar.file_ids],
      ]);
      // And resolved like any other.
      await client().confirmFileUpload(avatar.file_ids[0], 'CREATED', { assetId: avatar.asset_id });
      assert.equal(serverFile(avatar.file_ids[0])?.state, 'CREATED');
    });

    it('refuses, in a sentence and without a crash, to upload into a type files are not uploaded into', async () => {
      const png = file('poster.png', 1000);
      for (const asset_type of ['HUMAN_MODEL_2D', 'MATERIAL', 'HOLOGRAM']) {
        await assert.rejects(
          uploader().check(png, { kind: 'existing', asset: { asset_id: 'a1', asset_name: 'Someone', asset_type, files: [] }, category: 'MAIN' }),
          (e: MetaStudioError) => e.kind === 'input' && e.message === `${asset_type} assets are made by MetaStudio itself; files are uploaded here into VIDEO, IMAGE, PPT, MUSIC, AUDIO, COMMON_FILE assets.`,
        );
        assert.deepEqual(categoriesFor(asset_type), []);
      }
    });

    it('offers only the categories that take the file, as the emulator does', async () => {
      assert.equal(categoryFileProblem('VIDEO', 'COVER', 'clip.mp4'), 'A COVER file is an image (JPEG/JPG/PNG/BMP/GIF), not MP4.');
      assert.equal(categoryFileProblem('VIDEO', 'COVER', 'cover.jpg'), undefined);
      assert.equal(categoryFileProblem('PPT', 'OTHER', 'notes.txt'), undefined);
      // The emulator refuses what the client refuses.
      const c = client();
      const { asset_id } = await c.createDigitalAsset({ asset_name: 'Clip', asset_type: 'VIDEO' });
      await assert.rejects(
        c.createFile({ file_name: 'clip.mp4', file_md5: await fileMd5(file('clip.mp4', 10)), file_size: 10, file_type: 'mp4', asset_id, asset_file_category: 'COVER' }),
        (e: MetaStudioError) => e.errorCode === 'MSS.00000003',
      );
    });

    it('lets ordinary users create every public type, and not VOICE_MODEL or HUMAN_MODEL_2D', async () => {
      const c = client();
      for (const asset_type of ['MATERIAL', 'BUSINESS_CARD_TEMPLET', 'MUSIC']) {
        assert.ok((await c.createDigitalAsset({ asset_name: `Made ${asset_type}`, asset_type })).asset_id);
      }
      for (const asset_type of ['VOICE_MODEL', 'HUMAN_MODEL_2D']) {
        await assert.rejects(c.createDigitalAsset({ asset_name: `Made ${asset_type}`, asset_type }), (e: MetaStudioError) => e.errorCode === 'MSS.00000003' && e.message.includes(asset_type));
      }
    });
  });

  describe('2. review states are success', () => {
    it('counts UPLOADED, REVIEW and BLOCK as done for a requested CREATED, and only that', () => {
      for (const state of ['CREATED', 'UPLOADED', 'REVIEW', 'BLOCK']) {
        assert.equal(reachedState(state, 'CREATED'), true, state);
        assert.equal(reachedState(state, 'FAILED'), false, state);
      }
      assert.equal(reachedState('CREATING', 'CREATED'), false);
      assert.equal(reachedState('FAILED', 'CREATED'), false);
    });

    it('a confirm whose answer was lost, and whose retry is refused, is done when the file awaits review', async () => {
      emulator.setReview('awaiting');
      emulator.setFaults({ lostResponse: 1 });
      const events: ClientEvent[] = [];
      // The first attempt goes through and its answer is lost; from then on the emulator answers.
      const c = client({ timeouts: { headersMs: 200 }, onEvent: (e) => (events.push(e), e.type === 'call' && e.operation === 'ConfirmFileUpload' && emulator.setFaults({})) });
      const receipt = await c.confirmFileUpload(DEMO_IDS.keynoteMain, 'CREATED', { assetId: DEMO_IDS.keynoteAsset });
      assert.equal(receipt.alreadyInState, true);
      assert.equal(receipt.file?.state, 'UPLOADED');
      assert.equal(serverFile(DEMO_IDS.keynoteMain)?.state, 'UPLOADED');
      assert.deepEqual(emulator.state.confirms.map((x) => [x.status, x.error_code]), [[200, undefined], [400, 'MSS.00000003']], 'the retry was refused');
    });

    it('still refuses a requested FAILED on a file that awaits review', async () => {
      emulator.setReview('manual');
      const c = client();
      await c.confirmFileUpload(DEMO_IDS.keynoteMain, 'CREATED');
      await assert.rejects(c.confirmFileUpload(DEMO_IDS.keynoteMain, 'FAILED', { assetId: DEMO_IDS.keynoteAsset }), (e: MetaStudioError) => e.errorCode === 'MSS.00000003');
      assert.equal(serverFile(DEMO_IDS.keynoteMain)?.state, 'REVIEW');
    });

    it('Resume of a record whose confirm went through finishes, with the file in manual review, and drops the record', async () => {
      emulator.setReview('manual');
      const clip = file('review.mp4', 4096);
      const c = client();
      const { asset_id } = await c.createDigitalAsset({ asset_name: 'Review me', asset_type: 'VIDEO' });
      const md5 = await fileMd5(clip);
      const created = await c.createFile({ file_name: 'review.mp4', file_md5: md5, file_size: 4096, file_type: 'mp4', asset_id, asset_file_category: 'MAIN' });
      await c.putFile({ uploadUrl: created.upload_url, path: clip, size: 4096, md5, contentType: 'video/mp4' });
      await c.confirmFileUpload(created.file_id, 'CREATED'); // the attempt whose answer never reached the record
      const record: UploadRecord = {
        id: 'lost-answer', endpoint: emulator.url, projectId: DEMO_PROJECT_ID, localPath: clip, fileName: 'review.mp4', fileType: 'mp4', contentType: 'video/mp4',
        size: 4096, mtimeMs: statSync(clip).mtimeMs, md5, assetId: asset_id, assetName: 'Review me', category: 'MAIN', fileId: created.file_id,
        urlExpiresAt: Date.now() + URL_LIFETIME_MS, step: 'confirming', confirming: 'CREATED', createdAt: Date.now(), updatedAt: Date.now(),
      };
      await records.save(record);
      const result = await uploader(c).resume(record);
      assert.equal(result.state, 'CREATED');
      assert.equal(result.file?.state, 'REVIEW');
      assert.deepEqual(await records.list(), [], 'the record is gone');
      assert.equal(serverAsset(asset_id)?.asset_state, 'UNACTIVED');
    });

    it('an upload tells when the file awaits review, and shows a block with its reason and code', async () => {
      emulator.setReview('awaiting');
      const waiting = await uploader().upload(file('waiting.png', 2000), { kind: 'new', assetName: 'Waiting', assetType: 'IMAGE' });
      assert.equal(waiting.file?.state, 'UPLOADED');
      emulator.setReview('block');
      const blocked = await uploader().upload(file('blocked.png', 2000), { kind: 'new', assetName: 'Blocked', assetType: 'IMAGE' });
      assert.equal(blocked.state, 'CREATED');
      assert.deepEqual([blocked.file?.state, blocked.file?.reason, blocked.file?.block_reason_code], ['BLOCK', 'Content review failed', 'EMU.REVIEW_REJECTED']);
      const asset = await client().showAsset(blocked.assetId);
      assert.deepEqual([asset.asset_state, asset.fail_type], ['FAILED', 'AUTOMATIC_REVIEW_REJECT']);
      emulator.setReview('auto');
      const passed = await uploader().upload(file('passed.png', 2000), { kind: 'new', assetName: 'Passed', assetType: 'IMAGE' });
      assert.equal(passed.file?.state, 'CREATED');
    });
  });

  describe('3. assets usable in video production', () => {
    it('sends the chosen system_properties with a new IMAGE or VIDEO asset, value "Yes"', async () => {
      const chosen = ['MATERIAL_IMG', 'BACKGROUND_IMG', 'MATERIAL_VIDEO'];
      assert.deepEqual(videoProductionProperties('IMAGE', chosen), [{ key: 'MATERIAL_IMG', value: 'Yes' }, { key: 'BACKGROUND_IMG', value: 'Yes' }]);
      assert.deepEqual(videoProductionProperties('VIDEO', chosen), [{ key: 'MATERIAL_VIDEO', value: 'Yes' }]);
      assert.deepEqual(videoProductionProperties('PPT', chosen), []);
      const result = await uploader().upload(file('bg.png', 500), { kind: 'new', assetName: 'Backdrop', assetType: 'IMAGE', systemProperties: videoProductionProperties('IMAGE', chosen) });
      assert.deepEqual(serverAsset(result.assetId)?.system_properties, [{ key: 'MATERIAL_IMG', value: 'Yes' }, { key: 'BACKGROUND_IMG', value: 'Yes' }]);
      const listed = await client().listAssets({ name: 'Backdrop' });
      assert.deepEqual(listed.assets.find((a) => a.asset_id === result.assetId)?.system_properties, [{ key: 'MATERIAL_IMG', value: 'Yes' }, { key: 'BACKGROUND_IMG', value: 'Yes' }]);
    });

    it('the emulator refuses a misspelt key, so a typo cannot pass the tests', async () => {
      await assert.rejects(
        client().createDigitalAsset({ asset_name: 'Typo', asset_type: 'VIDEO', system_properties: [{ key: 'MATERIAL_VIDEOS', value: 'Yes' }] }),
        (e: MetaStudioError) => e.errorCode === 'MSS.00000003' && /MATERIAL_VIDEOS/.test(e.message),
      );
    });
  });

  describe('4. asset names the API accepts', () => {
    const names: Array<[string, string]> = [
      ['keynote-2025.mp4', 'keynote-2025'],
      ['Café crème.png', 'Cafe creme'],
      ['ｆｕｌｌ　width.jpg', 'full width'],
      ['产品发布会 第1版.mp4', '产品发布会 第1版'],
      ['a:b/c?*.mp4', 'a_b_c'],
      ['🎉🎉.png', 'asset'],
      ['talk (2).mp4', 'talk (2)'],
      ['résumé—final.pdf', 'resume_final'],
      [`${'长'.repeat(300)}.mp4`, '长'.repeat(256)],
    ];

    it('makes a valid name of any file name', () => {
      for (const [fileName, expected] of names) {
        assert.equal(assetNameFor(fileName), expected, fileName);
        assert.equal(assetNameProblem(expected), undefined, expected);
      }
      assert.match(assetNameProblem('a:b') ?? '', /not ":"/);
      assert.equal(assetNameProblem('Café: menu'), 'An asset name takes Chinese and English letters, digits, spaces and _ - . ( ); not "é" ":".');
      assert.match(assetNameProblem('x'.repeat(257)) ?? '', /at most 256/);
    });

    it('counts a name\'s length in characters (code points), the client and the emulator alike', async () => {
      const c = client();
      const astral = '𠀀'; // one character, two UTF-16 units
      for (const [name, takes] of [[astral.repeat(150), true], [astral.repeat(256), true], [astral.repeat(257), false], ['长'.repeat(256), true], [`${'长'.repeat(255)}${astral}${astral}`, false]] as const) {
        const label = `${[...name].length} characters, ${name.length} UTF-16 units`;
        assert.equal(assetNameProblem(name) === undefined, takes, `client: ${label}`);
        const created = await c.createDigitalAsset({ asset_name: name, asset_type: 'COMMON_FILE' }).then(() => true, (e: MetaStudioError) => (assert.equal(e.errorCode, 'MSS.00000003'), false));
        assert.equal(created, takes, `emulator: ${label}`);
      }
      assert.match(assetNameProblem(astral.repeat(257)) ?? '', new RegExp(`"${astral.repeat(20)}…" has 257`));
      assert.equal(assetNameFor(`${astral.repeat(300)}.png`), astral.repeat(256));
    });

    it('an upload refuses a name MetaStudio would refuse before anything is created', async () => {
      const assets = emulator.state.assets.length;
      await assert.rejects(uploader().upload(file('menu.png', 100), { kind: 'new', assetName: 'Menu: today', assetType: 'IMAGE' }), (e: MetaStudioError) => e.kind === 'input' && /not ":"/.test(e.message));
      assert.equal(emulator.state.assets.length, assets);
    });

    it('the emulator takes every name assetNameFor makes, and refuses the file names it had to change', async () => {
      const c = client();
      for (const [fileName, name] of names) {
        assert.ok((await c.createDigitalAsset({ asset_name: name, asset_type: 'COMMON_FILE' })).asset_id, name);
        const raw = fileName.replace(/\.[^.]+$/, '');
        if (raw !== name) {
          await assert.rejects(c.createDigitalAsset({ asset_name: raw, asset_type: 'COMMON_FILE' }), (e: MetaStudioError) => e.errorCode === 'MSS.00000003', raw);
        }
      }
    });
  });

  describe('6. an emulator that hides nothing', () => {
    it('lists every state without asset_state, as the SDK says', async () => {
      const states = ['UNACTIVED', 'BLOCK', 'WAITING_DELETE', 'DELETING', 'DELETED'] as const;
      emulator.seedAssets(states.map((asset_state) => ({ asset_name: `State ${asset_state}`, asset_type: 'IMAGE', asset_state })));
      const { assets } = await client().listAssets({ name: 'State', limit: 100 });
      assert.deepEqual(assets.map((a) => a.asset_state).sort(), [...states].sort());
    });

    it('sorts by asset_order, equal orders newest first', async () => {
      emulator.seedAssets([
        { asset_name: 'Order b', asset_type: 'IMAGE', asset_order: 2 },
        { asset_name: 'Order a', asset_type: 'IMAGE', asset_order: 1 },
        { asset_name: 'Order c old', asset_type: 'IMAGE', asset_order: 3 },
        { asset_name: 'Order c new', asset_type: 'IMAGE', asset_order: 3 },
      ]);
      const names = async (dir: 'asc' | 'desc') => (await client().listAssets({ name: 'Order', sort_key: 'asset_order', sort_dir: dir })).assets.map((a) => a.asset_name);
      assert.deepEqual(await names('asc'), ['Order a', 'Order b', 'Order c new', 'Order c old']);
      assert.deepEqual(await names('desc'), ['Order c new', 'Order c old', 'Order b', 'Order a']);
    });

    it('equal asset_order values made in the same second still go newest first, both ways', async () => {
      // create_time has whole seconds: these three share one, so only the order of creation can tell them apart.
      const second = new Date(emulator.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      emulator.seedAssets(['Tie first', 'Tie second', 'Tie third'].map((asset_name) => ({ asset_name, asset_type: 'IMAGE', asset_order: 5, create_time: second })));
      const c = client();
      for (const asset_name of ['Tied api first', 'Tied api second', 'Tied api third']) {
        const body = { asset_name, asset_type: 'IMAGE' as const, asset_order: 7 }; // a body field the client's type leaves out
        await c.createDigitalAsset(body); // back to back, most often in one second
      }
      for (const sort_dir of ['asc', 'desc'] as const) {
        const { assets } = await c.listAssets({ name: 'Tie', sort_key: 'asset_order', sort_dir });
        const seeded = assets.filter((a) => a.asset_order === 5).map((a) => a.asset_name);
        const made = assets.filter((a) => a.asset_order === 7).map((a) => a.asset_name);
        assert.deepEqual(seeded, ['Tie third', 'Tie second', 'Tie first'], sort_dir);
        assert.deepEqual(made, ['Tied api third', 'Tied api second', 'Tied api first'], sort_dir);
      }
      // Ties on create_time itself follow the order of creation in the sort's direction.
      const byTime = async (sort_dir: 'asc' | 'desc') => (await c.listAssets({ name: 'Tie ', sort_key: 'create_time', sort_dir })).assets.map((a) => a.asset_name);
      assert.deepEqual(await byTime('asc'), ['Tie first', 'Tie second', 'Tie third']);
      assert.deepEqual(await byTime('desc'), ['Tie third', 'Tie second', 'Tie first']);
    });

    it('shows reason, block_reason_code, fail_type, download_url and file_extra_meta; a BLOCK asset shows no files', async () => {
      const [rejected, frozen] = emulator.seedAssets([
        {
          asset_name: 'Rejected', asset_type: 'VIDEO', asset_state: 'FAILED', fail_type: 'MANUAL_REVIEW_REJECT', reason: 'Logo of a third party',
          files: [{ file_name: 'clip.mp4', state: 'BLOCK', reason: 'Logo of a third party', block_reason_code: 'LOGO', download_url: 'https://obs.example/clip.mp4', file_extra_meta: { video_transcoding_status: 'SUCCEEDED' } }],
        },
        { asset_name: 'Frozen', asset_type: 'IMAGE', asset_state: 'BLOCK', block_reason_code: 'FROZEN', files: [{ file_name: 'frozen.png', state: 'CREATED' }] },
      ]);
      const shown = await client().showAsset(rejected.asset_id);
      assert.deepEqual([shown.asset_state, shown.fail_type, shown.reason], ['FAILED', 'MANUAL_REVIEW_REJECT', 'Logo of a third party']);
      const f = shown.files![0];
      assert.deepEqual([f.state, f.reason, f.block_reason_code, f.download_url, f.file_extra_meta?.video_transcoding_status], ['BLOCK', 'Logo of a third party', 'LOGO', 'https://obs.example/clip.mp4', 'SUCCEEDED']);
      const blocked = await client().showAsset(frozen.asset_id);
      assert.deepEqual([blocked.asset_state, blocked.block_reason_code, blocked.files], ['BLOCK', 'FROZEN', []]);
      const png = file('more.png', 10);
      await assert.rejects(
        client().createFile({ file_name: 'more.png', file_md5: await fileMd5(png), file_size: 10, file_type: 'png', asset_id: frozen.asset_id, asset_file_category: 'MAIN' }),
        (e: MetaStudioError) => e.errorCode === 'MSS.00000003' && /BLOCK/.test(e.message),
      );
    });

    it('takes seeds, patches and the review mode through the admin API, and refuses values outside the SDK\'s enums', async () => {
      const admin = async (route: string, body: unknown) => {
        const res = await fetch(emulator.url + route, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
        return { status: res.status, json: (await res.json()) as Record<string, unknown> };
      };
      const seeded = await admin('/__admin/seed-assets', { assets: [{ asset_name: 'Over HTTP', asset_type: 'PPT', asset_state: 'UNACTIVED', files: [{ file_name: 'deck.pptx', state: 'UPLOADED' }] }] });
      assert.equal(seeded.status, 200);
      const [{ asset_id, file_ids }] = seeded.json.assets as Array<{ asset_id: string; file_ids: string[] }>;
      assert.equal((await admin('/__admin/file', { file_id: file_ids[0], state: 'REVIEW', reason: 'Checked by hand' })).status, 200);
      assert.equal((await admin('/__admin/asset', { asset_id, asset_state: 'WAITING_DELETE' })).status, 200);
      assert.deepEqual([serverAsset(asset_id)?.asset_state, serverFile(file_ids[0])?.state, serverFile(file_ids[0])?.reason], ['WAITING_DELETE', 'REVIEW', 'Checked by hand']);
      assert.equal((await admin('/__admin/review', { mode: 'manual' })).status, 200);
      for (const [route, body] of [
        ['/__admin/file', { file_id: file_ids[0], state: 'APPROVED' }],
        ['/__admin/asset', { asset_id, fail_type: 'REJECTED' }],
        ['/__admin/seed-assets', { assets: [{ asset_name: 'x', asset_type: 'not a type' }] }],
        ['/__admin/review', { mode: 'sometimes' }],
      ] as const) {
        assert.equal((await admin(route, body)).status, 400, route);
      }
      assert.equal((await admin('/__admin/file', { file_id: 'no-such-file', state: 'CREATED' })).status, 404);
      // In process too: an asset id that exists, in this project or another, is refused, not replaced.
      for (const projectId of [DEMO_PROJECT_ID, 'otherproject00000000000000000000']) {
        assert.throws(() => emulator.seedAssets([{ asset_name: 'Theirs', asset_type: 'IMAGE', asset_id, files: [{ file_name: 'theirs.png' }] }], projectId), new RegExp(`asset_id ${asset_id} exists`));
      }
      assert.deepEqual([serverAsset(asset_id)?.asset_name, emulator.state.files.filter((f) => f.asset_id === asset_id).map((f) => f.file_name)], ['Over HTTP', ['deck.pptx']]);
    });
  });

  describe('7. one table of assumptions', () => {
    it('lists each point the docs leave open, with a source or "our reading", and the README links it', () => {
      const table = readFileSync(path.join(root, 'test/emulator/ASSUMPTIONS.md'), 'utf8');
      const rows = table.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Point') && !line.startsWith('|---'));
      for (const topic of ['`limit`', '`offset`', 'Categories per asset type', 'MAIN', 'MSS.', '`files[]`', '`auto_meta_analysis`', '`asset_name`', 'BLOCK asset', 'review', 'CreateLargeFile', 'Headers of a part PUT', 'Lifetime of part URLs', 'The merge']) {
        assert.ok(rows.some((row) => row.includes(topic)), `a row about ${topic}`);
      }
      // Each part of the Source cell names where it comes from: an SDK model or field (`ListAssetsRequest.sort_key`),
      // an API page (CreateFile page, ListAssets docs, the error code page, OBS multipart docs), or says it is our reading.
      const concrete = /\bour reading\b|^(?:SDK (?:[\d.–]+ )?`[A-Za-z][\w.]*`|(?:CreateDigitalAsset|CreateFile|CreateLargeFile|ConfirmFileUpload|ListAssets|ShowAsset|DeleteAsset) (?:page|docs)\b|error code page\b|OBS multipart docs\b)/;
      for (const row of rows) {
        const source = row.split(' | ').at(-1)!.replace(/ \|$/, '');
        for (const part of source.split('; ')) {
          assert.match(part, concrete, `a concrete source in: ${row}`);
        }
      }
      assert.match(readFileSync(path.join(root, 'README.md'), 'utf8'), /\]\(test\/emulator\/ASSUMPTIONS\.md\)/);
    });
  });
});
