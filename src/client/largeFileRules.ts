// CreateLargeFile: what its API page and OBS's part rules say, and, marked ASSUMPTION, our reading of
// what they leave open. The client and the test emulator both follow this file, so when a live
// account says otherwise the change is made here, in one place (the README's "Large files" lists the
// same assumptions).
//
// Sources: CreateLargeFile (POST /v1/{project_id}/large-files), LargeFilesCreateReq in the SDKs
// (file_size 1-536870912000, file_multipart_count 1-100); OBS multipart rules (every part but the
// last 100 KB to 5 GB, the last 0 to 5 GB).
//
// ASSUMPTION 1, the parts: upload_urls[i] is the URL of part i + 1. The client cuts the file into
//   parts of one size (the last holds the rest) and MetaStudio takes whatever parts arrive; their
//   sizes must keep OBS's rules, which the merge checks.
// ASSUMPTION 2, the headers of a part PUT: Content-Length only. The part URLs are signed without
//   Content-Type and Content-MD5 (CreateLargeFile takes no file_md5), so sending either breaks the
//   signature. Each part's answer carries its ETag (the part's MD5, hex, quoted).
// ASSUMPTION 3, how long part URLs last: 24 hours after CreateLargeFile, like CreateFile's upload_url.
// ASSUMPTION 4, the merge: ConfirmFileUpload(CREATED) makes MetaStudio complete the multipart upload
//   itself (there is no field for the ETags, so it lists the parts on its side). It refuses CREATED,
//   as for an unfinished single PUT (MSS.00000003), while a part is missing or breaks OBS's rules.
//   We keep the ETags in the upload record anyway: they say which parts are done, for Resume.

/** file_size of CreateLargeFile: 1 byte to 500 GiB. */
export const MAX_LARGE_FILE_BYTES = 536_870_912_000;
/** file_multipart_count: 1 to 100. */
export const MAX_PARTS = 100;
/** OBS: every part but the last is at least 100 KB (read as KiB, as OBS's SDKs do: the stricter reading). */
export const MIN_PART_BYTES = 100 * 1024;
/** OBS: no part is over 5 GB. */
export const MAX_PART_BYTES = 5 * 1024 ** 3;
/** ASSUMPTION 3. */
export const PART_URL_LIFETIME_MS = 24 * 3600_000;
/** ASSUMPTION 2: the only header a part PUT sends besides the connection's own. */
export const PART_PUT_HEADERS = ['Content-Length'] as const;
/** The categories CreateLargeFile takes (asset_file_category of LargeFilesCreateReq). */
export const LARGE_FILE_CATEGORIES = ['MAIN', 'OTHER', 'PACKAGE'] as const;

/** Our choice, not MetaStudio's: parts of about this size, so a resume loses little and 4 can run at once. */
export const DEFAULT_PART_BYTES = 64 * 1024 ** 2;

export interface Part {
  /** 1-based, the index in upload_urls plus one. */
  number: number;
  /** Byte offset in the file. */
  start: number;
  /** Bytes. */
  size: number;
}

export interface PartPlan {
  /** Bytes of every part but the last. */
  partSize: number;
  count: number;
}

/**
 * How to cut `size` bytes: parts of about `targetPartBytes` (default 64 MiB), never more than 100,
 * every part but the last from 100 KiB to 5 GiB. Throws a RangeError for sizes CreateLargeFile
 * does not take (below 1 byte, over 500 GiB).
 */
export function planParts(size: number, targetPartBytes = DEFAULT_PART_BYTES): PartPlan {
  if (!Number.isInteger(size) || size < 1 || size > MAX_LARGE_FILE_BYTES) {
    throw new RangeError(`A large file has 1 to ${MAX_LARGE_FILE_BYTES} bytes, not ${size}.`);
  }
  const target = Math.min(MAX_PART_BYTES, Math.max(MIN_PART_BYTES, Math.floor(targetPartBytes)));
  // Parts of the target size, unless that makes more than 100: then 100 parts, as even as possible.
  const partSize = Math.min(size, Math.max(target, Math.ceil(size / MAX_PARTS)));
  return { partSize, count: Math.ceil(size / partSize) };
}

/** The parts of a plan for a file of `size` bytes, in order. */
export function partsOf(size: number, plan: PartPlan): Part[] {
  return Array.from({ length: plan.count }, (_, i) => {
    const start = i * plan.partSize;
    return { number: i + 1, start, size: Math.min(plan.partSize, size - start) };
  });
}

/** Why these part sizes break OBS's rules, or undefined. `sizes` in part order. */
export function partSizesProblem(sizes: readonly number[]): string | undefined {
  if (sizes.length < 1 || sizes.length > MAX_PARTS) {
    return `a file has 1 to ${MAX_PARTS} parts, not ${sizes.length}`;
  }
  const tooBig = sizes.findIndex((s) => s > MAX_PART_BYTES);
  if (tooBig >= 0) {
    return `part ${tooBig + 1} is over ${MAX_PART_BYTES} bytes`;
  }
  const tooSmall = sizes.slice(0, -1).findIndex((s) => s < MIN_PART_BYTES);
  return tooSmall >= 0 ? `part ${tooSmall + 1} is under ${MIN_PART_BYTES} bytes and is not the last` : undefined;
}
