// The crash points: every step boundary of an upload, each paired with the ways an upload starts.
// The full catalogue runs with CRASH_FULL=1; otherwise a seeded sample that still holds every point.
import { prng } from '../random';

export const MiB = 1024 * 1024;
/** Enough for several PUT chunks and two MD5 reads. */
export const LARGE = 5 * MiB + 123;
export const SMALL = 1000;
/** Over the crash tests' large-file threshold (recover.ts): 8 parts, CreateLargeFile. */
export const PARTS = 7 * MiB + 5;

export type Held = 'asset' | 'create' | 'put' | 'confirm' | 'show';

export interface CrashPoint {
  /** Unique and stable: `CRASH_POINT=<id>` runs this one alone. */
  id: string;
  /** kill: the process dies there; fail: a record's write fails there and the upload goes on as it can. */
  kind: 'kill' | 'fail';
  /** Named point of probe.ts, killed in the process itself (at its `nth` passing, default the first). */
  point?: string;
  nth?: number;
  /** The emulator applies this call and never answers: the process is killed while waiting. */
  held?: Held;
  /** Killed when the flow's progress in this phase reaches `bytes`. */
  phase?: 'hashing' | 'uploading';
  bytes?: number;
  /** The error code of a failing write. */
  code?: string;
  target: 'new' | 'existing';
  size: number;
  /** Killed while recovering from a first crash at `first` (a crash during Resume). */
  first?: string;
}

/** The MD5 before CreateFile: a large file in parts has none (CreateLargeFile takes no MD5). */
const HASH = ['hash.before', 'hash.done'];
const FLOW = ['create.before', 'create.answered', 'url.stored', 'put.before', 'put.done', 'confirm.before', 'confirm.answered', 'forget.urlDeleted', 'forget.removed'];
/** The upload lock's writes: created when the upload starts; claimed, then removed, when it ends. */
const LOCK = ['lock.begin', 'lock.created', 'lock.claimed', 'lock.released'];
/**
 * A Resume after a crash: the start sweeps the dead window's lock (under its claim), then takes its
 * own. (A takeover by rename happens only from a live window that stopped beating: uploadLock tests.)
 */
const TAKEOVER = ['lock.claimed', 'lock.swept', 'lock.begin', 'lock.created'];
const NEW_ONLY = ['asset.before', 'asset.done'];
const STEPS = ['creating', 'created', 'uploading', 'uploaded', 'confirming'];
const WRITES = [...STEPS.flatMap((s) => ['begin', 'written', 'renamed'].map((p) => `record.${s}.${p}`)), 'record.remove.begin', 'record.remove.removed'];
const HELD: Held[] = ['create', 'put', 'confirm', 'show'];
const FAIL_CODES = ['ENOSPC', 'EROFS', 'EIO'];
/** Points a Resume passes (from a record stopped mid-PUT): where a second crash is tried. */
const RESUME = [...HASH, ...TAKEOVER, 'lock.released', 'forget.urlDeleted', 'put.before', 'put.done', 'confirm.before', 'confirm.answered', 'forget.removed', ...['uploading', 'uploaded', 'confirming'].flatMap((s) => ['written', 'renamed'].map((p) => `record.${s}.${p}`)), 'record.remove.removed'];

/** Every crash point, in a stable order. */
export function catalogue(): CrashPoint[] {
  const points: CrashPoint[] = [];
  for (const target of ['new', 'existing'] as const) {
    for (const size of [SMALL, LARGE]) {
      const tag = `${target}-${size === SMALL ? 'small' : 'large'}`;
      for (const point of [...HASH, ...(target === 'new' ? NEW_ONLY : []), ...LOCK, ...FLOW, ...WRITES]) {
        points.push({ id: `kill:${point}:${tag}`, kind: 'kill', point, target, size });
      }
      for (const held of [...(target === 'new' ? (['asset'] as Held[]) : []), ...HELD]) {
        points.push({ id: `held:${held}:${tag}`, kind: 'kill', held, target, size });
      }
    }
    for (const bytes of [1, MiB + 1, 2 * MiB + MiB / 2, 4 * MiB + 7, LARGE]) {
      points.push({ id: `kill:uploading@${bytes}:${target}`, kind: 'kill', phase: 'uploading', bytes, target, size: LARGE });
    }
    for (const bytes of [1, 2 * MiB + 5, LARGE]) {
      points.push({ id: `kill:hashing@${bytes}:${target}`, kind: 'kill', phase: 'hashing', bytes, target, size: LARGE });
    }
    // url.begin: SecretStorage refuses the upload URL (the crash tests' vault is a folder).
    for (const point of [...WRITES, 'lock.begin', 'lock.created', 'url.begin']) {
      for (const code of FAIL_CODES) {
        points.push({ id: `fail:${point}:${code}:${target}`, kind: 'fail', point, code, target, size: SMALL });
      }
    }
    for (const point of RESUME) {
      points.push({ id: `resume:${point}:${target}`, kind: 'kill', point, first: 'put.before', target, size: SMALL });
    }
    // A large file in parts: each boundary of CreateLargeFile and of the parts, a part's record write.
    for (const point of [...(target === 'new' ? NEW_ONLY : []), ...LOCK, ...FLOW, ...WRITES.filter((w) => !w.startsWith('record.uploading.'))]) {
      points.push({ id: `kill:${point}:${target}-parts`, kind: 'kill', point, target, size: PARTS });
    }
    for (const nth of [1, 2, 5, 8]) {
      points.push({ id: `kill:part.done#${nth}:${target}-parts`, kind: 'kill', point: 'part.done', nth, target, size: PARTS });
      for (const step of ['written', 'renamed']) {
        // The first uploading write is before any part; the nth after it follows the (nth-1)th part.
        points.push({ id: `kill:record.uploading.${step}#${nth}:${target}-parts`, kind: 'kill', point: `record.uploading.${step}`, nth, target, size: PARTS });
      }
    }
    for (const held of HELD) {
      points.push({ id: `held:${held}:${target}-parts`, kind: 'kill', held, target, size: PARTS });
    }
    for (const bytes of [1, 3 * MiB + 1, PARTS]) {
      points.push({ id: `kill:uploading@${bytes}:${target}-parts`, kind: 'kill', phase: 'uploading', bytes, target, size: PARTS });
    }
    for (const [point, nth] of [['record.uploading.written', 3], ['record.created.written', 1], ['record.uploaded.begin', 1], ['url.begin', 1]] as const) {
      points.push({ id: `fail:${point}#${nth}:ENOSPC:${target}-parts`, kind: 'fail', point, nth, code: 'ENOSPC', target, size: PARTS });
    }
    points.push({ id: `resume:held-put:${target}`, kind: 'kill', held: 'put', first: 'put.before', target, size: SMALL });
    points.push({ id: `resume:held-confirm:${target}`, kind: 'kill', held: 'confirm', first: 'put.done', target, size: SMALL });
  }
  return points;
}

/** What each point is about, whatever its target, size or code: a sample holds each of these once. */
function boundary(point: CrashPoint): string {
  return `${point.kind}:${point.first ? 'resume:' : ''}${point.size === PARTS ? 'parts:' : ''}${point.point ?? point.held ?? point.phase}`;
}

/**
 * `count` points chosen by `seed`: one of every boundary first (so each step boundary is hit), the
 * rest drawn at random. The whole catalogue when `count` reaches its size.
 */
export function choose(seed: number, count: number): CrashPoint[] {
  const all = catalogue();
  if (count >= all.length) {
    return all;
  }
  const random = prng(seed);
  const shuffled = all.map((p) => ({ p, key: random() })).sort((a, b) => a.key - b.key).map((x) => x.p);
  const chosen = new Map<string, CrashPoint>();
  for (const point of shuffled) {
    if (![...chosen.values()].some((c) => boundary(c) === boundary(point))) {
      chosen.set(point.id, point);
    }
  }
  for (const point of shuffled) {
    if (chosen.size >= count) {
      break;
    }
    chosen.set(point.id, point);
  }
  return all.filter((p) => chosen.has(p.id));
}
