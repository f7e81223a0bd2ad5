// OBS presigned PUT: the upload URL CreateFile hands out, checked like OBS checks it, with the body
// streamed through MD5 and never held in memory.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { header, isoTime } from './http';
import { capBandwidth } from './throttle';
import type { FileRecord } from './types';

export const OBS_BUCKET = 'metastudio-assets';
export const OBS_ACCESS_KEY = 'EMULATOROBSACCESSKEY';
const UPLOAD_URL_TTL_S = 24 * 3600;

/** Content-Type by file extension, the table in CreateFile's documentation. */
export function contentTypeFor(fileType: string): string {
  const types: Record<string, string> = {
    gif: 'image/gif',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    mp4: 'video/mp4',
    mp3: 'audio/mp3',
    wav: 'audio/wav',
  };
  return types[fileType.toLowerCase()] ?? 'application/octet-stream';
}

export class Obs {
  // A fresh secret per emulator: URLs from another run must not verify.
  private readonly secret = randomBytes(20).toString('hex');
  /** Faults for the next PUTs; set by the server. */
  resetAfterBytes?: number;
  stallAfterBytes?: number;
  /** PUTs whose bytes were stored (the file's `uploaded` set), since the last reset. */
  stored = 0;
  /** Read every PUT body at most this fast (the obsBytesPerSecond fault). */
  bytesPerSecond?: number;
  /** PUTs paused by `stallAfterBytes`, until released. */
  private readonly stalled = new Set<IncomingMessage>();
  private readonly released = new WeakSet<IncomingMessage>();

  constructor(
    private readonly baseUrl: () => string,
    private readonly now: () => number,
    private readonly findFile: (fileId: string) => FileRecord | undefined,
    private readonly onReset: () => void,
  ) {}

  releaseStalls(): void {
    for (const req of this.stalled) {
      this.released.add(req);
      req.resume();
    }
    this.stalled.clear();
  }

  /** A new file as CreateFile makes it: Content-Type from its type, upload URL signed at `signedAt`. */
  newFile(fields: Omit<FileRecord, 'create_time' | 'upload_url' | 'upload_expires' | 'content_type'>, createdAt: number, signedAt = createdAt): FileRecord {
    const file: FileRecord = { ...fields, create_time: isoTime(createdAt), upload_url: '', upload_expires: 0, content_type: contentTypeFor(fields.file_type) };
    this.presign(file, signedAt);
    return file;
  }

  /** Sets `upload_url` and `upload_expires` on a new file. */
  presign(file: FileRecord, createdAt: number): void {
    const expires = Math.floor(createdAt / 1000) + UPLOAD_URL_TTL_S;
    const path = `/${OBS_BUCKET}/${file.project_id}/${file.file_id}/${encodeURIComponent(file.file_name)}`;
    const resource = `/${OBS_BUCKET}/${file.project_id}/${file.file_id}/${file.file_name}`;
    const signature = this.signature(file, expires, resource);
    file.upload_expires = expires;
    file.upload_url = `${this.baseUrl()}/obs${path}?AccessKeyId=${OBS_ACCESS_KEY}&Expires=${expires}&Signature=${encodeURIComponent(signature)}`;
  }

  // OBS V2 query signature: what the URL was signed for, including Content-MD5 and Content-Type,
  // over the decoded object key so that any equivalent encoding of the URL verifies.
  private signature(file: FileRecord, expires: number, resource: string): string {
    return this.sign(['PUT', file.file_md5, file.content_type, String(expires), resource].join('\n'));
  }

  /** HMAC-SHA1 with this emulator's OBS secret, base64: the signature of a presigned URL. */
  sign(stringToSign: string): string {
    return createHmac('sha1', this.secret).update(stringToSign).digest('base64');
  }

  /** `loseResponse`: store the upload, then cut the connection instead of answering. */
  handle(req: IncomingMessage, res: ServerResponse, rawPath: string, rawQuery: string, requestId: string, loseResponse = false): void {
    const fail = (status: number, code: string, message: string): void => obsError(req, res, status, code, message, requestId);
    if (req.method !== 'PUT') {
      return fail(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    }
    const segments = rawPath.split('/').slice(2).map(safeDecode); // after "/obs"
    const query = new URLSearchParams(rawQuery);
    const [bucket, projectId, fileId, fileName] = segments;
    const file = segments.length === 4 && bucket === OBS_BUCKET ? this.findFile(fileId ?? '') : undefined;
    const expires = Number(query.get('Expires'));
    const signed =
      file !== undefined &&
      file.project_id === projectId &&
      query.get('AccessKeyId') === OBS_ACCESS_KEY &&
      query.get('Signature') === this.signature(file, expires, `/${bucket}/${projectId}/${fileId}/${fileName}`);
    if (!signed) {
      return fail(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    }
    if (expires * 1000 < this.now()) {
      return fail(403, 'AccessDenied', 'Request has expired');
    }
    if (header(req, 'content-type') !== file.content_type || header(req, 'content-md5') !== file.file_md5) {
      return fail(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
    }
    const length = header(req, 'content-length');
    if (length === undefined) {
      return fail(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
    }
    if (Number(length) !== file.file_size) {
      return fail(400, 'IncompleteBody', 'The Content-Length does not match the file_size of this file.');
    }
    if (header(req, 'expect')?.toLowerCase() === '100-continue') {
      res.writeContinue();
    }
    this.receive(req, res, file, requestId, loseResponse);
  }

  private receive(req: IncomingMessage, res: ServerResponse, file: FileRecord, requestId: string, loseResponse: boolean): void {
    capBandwidth(req, this.bytesPerSecond);
    const md5 = createHash('md5');
    const cutAfter = this.resetAfterBytes;
    const stallAfter = this.stallAfterBytes;
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (stallAfter !== undefined && received >= stallAfter && !this.released.has(req)) {
        req.pause(); // an upload that hangs mid-body, until the client gives up or goes away, or a test releases it
        this.stalled.add(req);
      }
      if (cutAfter !== undefined && received >= cutAfter && !req.socket.destroyed) {
        this.onReset();
        req.socket.destroy();
        return;
      }
      md5.update(chunk);
    });
    req.on('end', () => {
      const digest = md5.digest();
      if (received !== file.file_size) {
        return obsError(req, res, 400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.', requestId);
      }
      if (digest.toString('base64') !== file.file_md5) {
        return obsError(req, res, 400, 'BadDigest', 'The Content-MD5 you specified did not match what was received.', requestId);
      }
      file.uploaded = true;
      this.stored += 1;
      file.stored_puts = (file.stored_puts ?? 0) + 1;
      if (file.state !== 'CREATING') {
        file.stored_after_confirm = (file.stored_after_confirm ?? 0) + 1;
      }
      if (loseResponse) {
        this.onReset();
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { ETag: `"${digest.toString('hex')}"`, 'Content-Length': '0' });
      res.end();
    });
  }
}

/** OBS answers errors in XML. A body still arriving is drained so the client reads the answer. */
export function obsError(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string, requestId: string): void {
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`;
  req.resume();
  res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': String(Buffer.byteLength(xml)) });
  res.end(xml);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
