// CreateLargeFile and its part PUTs, as we read the API: exactly the assumptions written in
// src/client/largeFileRules.ts (part i + 1 at upload_urls[i], Content-Length the only signed header,
// URLs that last 24 hours, the parts merged by ConfirmFileUpload(CREATED)). Bodies are streamed
// through MD5, never held.
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  LARGE_FILE_CATEGORIES, MAX_LARGE_FILE_BYTES, MAX_PART_BYTES, MAX_PARTS, PART_URL_LIFETIME_MS, partSizesProblem,
} from '../../src/client/largeFileRules';
import { apiError, header, isoTime } from './http';
import { OBS_ACCESS_KEY, OBS_BUCKET, obsError, type Obs } from './obs';
import type { Call, Reply, Route } from './router';
import type { Store } from './store';
import { capBandwidth } from './throttle';
import { checkLength, expectType, invalid, jsonBody } from './validate';
import type { AssetRecord, FileCategory, FileRecord, Faults } from './types';

const KEYS = ['file_name', 'file_size', 'file_type', 'asset_id', 'asset_file_category', 'file_multipart_count'];

/** The asset a new file goes into, after CreateFile's checks of the file against it (MetaStudio.assetTakingFile). */
export type AssetTakingFile = (call: Call, assetId: string, category: FileCategory, fileType: string, size: number) => AssetRecord;

export class LargeFiles {
  constructor(
    private readonly store: Store,
    private readonly obs: Obs,
    private readonly baseUrl: () => string,
    private readonly now: () => number,
    private readonly assetTakingFile: AssetTakingFile,
  ) {}

  routes(): Route[] {
    return [{ method: 'POST', path: '/v1/:project_id/large-files', service: 'metastudio', handle: (c) => this.create(c) }];
  }

  private create(call: Call): Reply {
    const body = jsonBody(call, KEYS);
    expectType(body, 'file_name', 'string', true);
    expectType(body, 'file_type', 'string', true);
    expectType(body, 'asset_id', 'string', true);
    expectType(body, 'asset_file_category', 'string', true);
    expectType(body, 'file_size', 'number', false);
    expectType(body, 'file_multipart_count', 'number', false);
    const name = body.file_name as string;
    const fileType = body.file_type as string;
    checkLength(name, 'file_name', 1, 256);
    checkLength(fileType, 'file_type', 1, 64);
    const size = (body.file_size as number | undefined) ?? 0;
    if (body.file_size !== undefined && (!Number.isInteger(size) || size < 1 || size > MAX_LARGE_FILE_BYTES)) {
      throw invalid(`file_size must be an integer from 1 to ${MAX_LARGE_FILE_BYTES}`);
    }
    const count = (body.file_multipart_count as number | undefined) ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > MAX_PARTS) {
      throw invalid(`file_multipart_count must be an integer from 1 to ${MAX_PARTS}`);
    }
    const category = body.asset_file_category as FileCategory;
    if (!(LARGE_FILE_CATEGORIES as readonly string[]).includes(category)) {
      throw invalid(`asset_file_category must be one of ${LARGE_FILE_CATEGORIES.join(', ')}`);
    }
    const asset = this.assetTakingFile(call, body.asset_id as string, category, fileType.toUpperCase(), size);
    const now = this.now();
    const file: FileRecord = {
      file_id: randomUUID(),
      file_name: name,
      file_md5: '',
      file_size: size,
      file_type: fileType,
      asset_file_category: category,
      state: 'CREATING',
      asset_id: asset.asset_id,
      project_id: call.projectId,
      create_time: isoTime(now),
      uploaded: false,
      upload_url: '',
      upload_expires: 0,
      content_type: '',
    };
    const uploadId = randomUUID().replace(/-/g, '').toUpperCase();
    const expires = Math.floor((now + PART_URL_LIFETIME_MS) / 1000);
    const urls = Array.from({ length: count }, (_, i) => this.partUrl(file, uploadId, i + 1, expires));
    file.multipart = { upload_id: uploadId, count, upload_urls: urls, parts: {}, received: [] };
    this.store.addFile(file);
    return { status: 200, body: { file_id: file.file_id, upload_urls: urls } };
  }

  // ASSUMPTION 2: signed like any OBS V2 query URL, with the part's sub-resources and no Content-MD5
  // or Content-Type.
  private partUrl(file: FileRecord, uploadId: string, part: number, expires: number): string {
    const path = `/${OBS_BUCKET}/${file.project_id}/${file.file_id}/${encodeURIComponent(file.file_name)}`;
    const signature = this.obs.sign(this.stringToSign(file, uploadId, part, expires));
    return `${this.baseUrl()}/obs${path}?partNumber=${part}&uploadId=${uploadId}&AccessKeyId=${OBS_ACCESS_KEY}&Expires=${expires}&Signature=${encodeURIComponent(signature)}`;
  }

  private stringToSign(file: FileRecord, uploadId: string, part: number, expires: number): string {
    const resource = `/${OBS_BUCKET}/${file.project_id}/${file.file_id}/${file.file_name}?partNumber=${part}&uploadId=${uploadId}`;
    return ['PUT', '', '', String(expires), resource].join('\n');
  }

  /** A PUT to a part URL (its query has partNumber). `faults` are the ones in force for OBS. */
  handlePart(req: IncomingMessage, res: ServerResponse, rawPath: string, rawQuery: string, requestId: string, faults: Faults, onReset: () => void, loseResponse: boolean): void {
    const fail = (status: number, code: string, message: string): void => obsError(req, res, status, code, message, requestId);
    if (req.method !== 'PUT') {
      return fail(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    }
    const [bucket, projectId, fileId, fileName] = rawPath.split('/').slice(2).map(safeDecode);
    const query = new URLSearchParams(rawQuery);
    const part = Number(query.get('partNumber'));
    const expires = Number(query.get('Expires'));
    const file = bucket === OBS_BUCKET ? this.store.files.get(fileId ?? '') : undefined;
    const upload = file?.multipart;
    const signed =
      file !== undefined && upload !== undefined &&
      file.project_id === projectId && file.file_name === fileName &&
      query.get('uploadId') === upload.upload_id && Number.isInteger(part) && part >= 1 && part <= upload.count &&
      query.get('AccessKeyId') === OBS_ACCESS_KEY &&
      query.get('Signature') === this.obs.sign(this.stringToSign(file, upload.upload_id, part, expires)) &&
      header(req, 'content-type') === undefined && header(req, 'content-md5') === undefined;
    if (!signed) {
      return fail(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
    }
    if (expires * 1000 < this.now()) {
      return fail(403, 'AccessDenied', 'Request has expired');
    }
    // A confirmed file's multipart upload is closed (completed or aborted by MetaStudio).
    if (file.state !== 'CREATING') {
      // Counted for the crash tests: a part sent after the confirm is a PUT after it, refused or not.
      file.part_puts_after_confirm = (file.part_puts_after_confirm ?? 0) + 1;
      return fail(404, 'NoSuchUpload', 'The specified multipart upload does not exist.');
    }
    const length = header(req, 'content-length');
    if (length === undefined) {
      return fail(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
    }
    if (Number(length) > MAX_PART_BYTES) {
      return fail(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.');
    }
    capBandwidth(req, faults.obsBytesPerSecond);
    const cutAfter = faults.obsCutParts?.parts.includes(part) ? faults.obsCutParts.afterBytes : faults.obsResetAfterBytes;
    const md5 = createHash('md5');
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (faults.obsStallAfterBytes !== undefined && received >= faults.obsStallAfterBytes) {
        req.pause();
      }
      if (cutAfter !== undefined && received >= cutAfter && !req.socket.destroyed) {
        onReset();
        req.socket.destroy();
        return;
      }
      md5.update(chunk);
    });
    req.on('end', () => {
      if (received !== Number(length)) {
        return fail(400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.');
      }
      const etag = `"${md5.digest('hex')}"`;
      upload.parts[String(part)] = { size: received, etag };
      upload.received.push(part);
      if (loseResponse) {
        onReset();
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { ETag: etag, 'Content-Length': '0' });
      res.end();
    });
  }
}

/**
 * ASSUMPTION 4: ConfirmFileUpload(CREATED) merges a large file's parts, and refuses (MSS.00000003, as
 * for a file never uploaded) while one is missing or the parts break OBS's rules. No-op for other files.
 */
export function mergeParts(file: FileRecord): void {
  const upload = file.multipart;
  if (!upload) {
    return;
  }
  const missing = Array.from({ length: upload.count }, (_, i) => i + 1).filter((n) => !upload.parts[String(n)]);
  if (missing.length > 0) {
    throw apiError(400, 'MSS.00000003', `The file has not been uploaded: part ${missing.join(', ')} of ${upload.count} missing`);
  }
  const sizes = Array.from({ length: upload.count }, (_, i) => upload.parts[String(i + 1)].size);
  const problem = partSizesProblem(sizes);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (problem || (file.file_size > 0 && total !== file.file_size)) {
    throw apiError(400, 'MSS.00000003', `The file parts cannot be merged: ${problem ?? `they hold ${total} bytes, not ${file.file_size}`}`);
  }
  file.uploaded = true;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
