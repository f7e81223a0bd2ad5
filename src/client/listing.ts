// Every asset a ListAssets query matches, complete even when assets change while the pages are read.
//
// ListAssets pages by offset, sorted by create_time ascending (which never changes): an asset never
// moves past another, new assets come at the end, and an asset that leaves the set (deleted, frozen)
// shifts every later one forward. Why the result is complete:
//
// 1. Chain. Each page must start inside the page before it (share an asset with it, `joins`), so no
//    asset that stays in the set can fall between two pages: when one does not join, its stretch is
//    read again, stepping back until a page holds an asset of the old one (`reread`). Repair reads
//    overlap by more assets each time, so a few assets leaving per read cannot keep them apart.
// 2. End. The listing ends only on a read, the last to arrive, that joins the chain (holds an asset
//    already seen, or starts at 0) and is not full, so it reaches the end of the set. An empty or
//    short re-read of the last page is no end: the set shrank under it, so we step back to the last
//    page that had assets (`reread`). That final read holds every asset after the one it shares with
//    the chain, so every asset created before it started (they all sort after it) is in it.
//
// So nothing is missed that is in the set from the listing's start to its end, nor anything created
// before the final read starts. An asset read twice keeps its later reading.
import { cancelledError, failure } from './errors';
import type { DigitalAssetInfo } from './types';

/** ListAssets' largest page (API page: limit 1–100). */
export const PAGE_SIZE = 100;
/** Each page starts on the last asset of the one before. */
const STRIDE = PAGE_SIZE - 1;
/** Repair reads of one boundary before giving up: the account changes faster than it can be read. */
const MAX_REPAIRS = 30;

export interface AssetPage {
  count: number;
  assets: DigitalAssetInfo[];
}

interface ReadPage extends AssetPage {
  offset: number;
  /** When it was read: 1 for the first page to arrive, 2 for the next, and so on. */
  seq: number;
}

export interface ListingOptions {
  signal?: AbortSignal;
  /** Pages read at the same time. */
  concurrency?: number;
  /** Called with each page's assets not seen before, in listing order, as soon as they are known complete. */
  onPage?: (assets: DigitalAssetInfo[]) => void;
}

/**
 * Reads every page of a listing. `read(offset, limit)` is one ListAssets call. Throws the first
 * page's error; the caller keeps what it showed before.
 */
export async function listEvery(read: (offset: number, limit: number) => Promise<AssetPage>, options: ListingOptions = {}): Promise<DigitalAssetInfo[]> {
  let reads = 0;
  const page = async (offset: number): Promise<ReadPage> => ({ ...(await read(offset, PAGE_SIZE)), offset, seq: ++reads });
  const at = new Map<string, number>();
  const seqOf = new Map<string, number>();
  const out: DigitalAssetInfo[] = [];
  const take = (p: ReadPage): void => {
    const fresh: DigitalAssetInfo[] = [];
    for (const asset of p.assets) {
      const index = at.get(asset.asset_id);
      if (index === undefined) {
        at.set(asset.asset_id, out.push(asset) - 1);
        fresh.push(asset);
      } else if (p.seq > (seqOf.get(asset.asset_id) ?? 0)) {
        out[index] = asset; // read again later: its files as they are now
      }
      seqOf.set(asset.asset_id, Math.max(p.seq, seqOf.get(asset.asset_id) ?? 0));
    }
    if (fresh.length > 0) {
      options.onPage?.(fresh);
    }
  };

  let anchor = await page(0);
  take(anchor);
  const ahead = prefetch(anchor.count, page, options.concurrency ?? 4, options.signal);
  try {
    for (let i = 0; ; i++) {
      const last = !isFull(anchor) && i >= ahead.length;
      if (last) {
        if (anchor.seq === reads) {
          return out;
        }
        // The last page, read before others: assets added meanwhile come at the end, so read it
        // again (stepping back if the set shrank under it); it ends the listing once it is the last read.
        anchor = await reread(anchor, page);
        take(anchor);
        continue;
      }
      let next = i < ahead.length ? await ahead[i] : await page(anchor.offset + STRIDE);
      for (let repairs = 0; !joins(anchor, next); repairs++) {
        if (repairs >= MAX_REPAIRS) {
          throw failure('listing-unsettled', {}, { kind: 'http', operation: 'ListAssets', retryable: true });
        }
        anchor = await reread(anchor, page);
        take(anchor);
        // Overlap by more each time: assets leaving between two reads then cannot open a gap.
        next = await page(anchor.offset + STRIDE - Math.min(2 ** (repairs + 1), PAGE_SIZE / 2));
      }
      take(next);
      // An empty page past the end is no anchor: the last page that had assets is (see "End").
      if (next.assets.length > 0 || anchor.assets.length === 0) {
        anchor = next;
      }
    }
  } finally {
    ahead.forEach((p) => p.catch(() => undefined));
  }
}

/** The pages after the first, as far as its count says, read a few at a time. */
function prefetch(count: number, page: (offset: number) => Promise<ReadPage>, concurrency: number, signal?: AbortSignal): Promise<ReadPage>[] {
  const offsets: number[] = [];
  for (let offset = STRIDE; offset < count && offsets.length < 100_000; offset += STRIDE) {
    offsets.push(offset);
  }
  let running = 0;
  const waiting: Array<() => void> = [];
  const slot = async (): Promise<void> => {
    while (running >= concurrency) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running++;
  };
  const release = (): void => {
    running--;
    waiting.shift()?.();
  };
  return offsets.map(async (offset) => {
    await slot();
    try {
      if (signal?.aborted) {
        throw cancelledError('ListAssets');
      }
      return await page(offset);
    } finally {
      release();
    }
  });
}

/** The page after `anchor` starts inside it: nothing between them can have been skipped. */
function joins(anchor: ReadPage, next: ReadPage): boolean {
  if (next.assets.length === 0) {
    return !isFull(anchor);
  }
  return overlaps(anchor, next);
}

/**
 * `anchor`'s stretch read again, stepping back until the page holds some asset of the old one, or the
 * start is reached: assets before it went away since it was read, or it came back empty or short.
 */
async function reread(anchor: ReadPage, page: (offset: number) => Promise<ReadPage>): Promise<ReadPage> {
  let again = await page(anchor.offset);
  for (let offset = anchor.offset; offset > 0 && !overlaps(anchor, again); ) {
    offset = Math.max(0, offset - STRIDE);
    again = await page(offset);
  }
  return again;
}

function overlaps(anchor: ReadPage, next: ReadPage): boolean {
  const ids = new Set(anchor.assets.map((a) => a.asset_id));
  return next.assets.some((a) => ids.has(a.asset_id));
}

function isFull(page: ReadPage): boolean {
  return page.assets.length >= PAGE_SIZE;
}
