// Fault injection: a seeded PRNG decides per request, so a failing run can be replayed exactly.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { prng } from '../support/random';
import { BAD_BODY_KINDS, type BadBodyKind, type Faults } from './types';

export type FaultKind = 'reset' | 'error500' | 'error503' | 'error429' | 'badBody' | 'lostResponse' | 'trickle' | 'replacedAnswer';

export interface FaultDecision {
  kind?: FaultKind;
  delayMs: number;
}

// New kinds go last, so a seed draws the same faults as before for the kinds it already had.
const KINDS: FaultKind[] = ['reset', 'error500', 'error503', 'error429', 'badBody', 'lostResponse', 'trickle', 'replacedAnswer'];

export class FaultInjector {
  private random: () => number;
  faults: Faults;

  constructor(private readonly seed: number, faults: Faults = {}) {
    this.random = prng(seed);
    this.faults = { ...faults };
  }

  /** When the first PUT met `obsUnavailableMs`: its window starts there, not when it was set, so a slow machine's late first PUT still meets the outage. */
  private outageFrom?: number;

  reseed(): void {
    this.random = prng(this.seed);
  }

  set(faults: Faults): void {
    this.faults = { ...faults };
    this.outageFrom = undefined;
  }

  /** OBS is in its 503 window (`obsUnavailableMs` from the first PUT after the faults were set). */
  obsUnavailable(): boolean {
    if (this.faults.obsUnavailableMs === undefined) {
      return false;
    }
    this.outageFrom ??= Date.now();
    return Date.now() - this.outageFrom < this.faults.obsUnavailableMs;
  }

  /** One draw picks at most one fault, so each rate holds exactly (rates summing over 1 are capped). */
  decide(): FaultDecision {
    const f = this.faults;
    const draw = this.random();
    const latency = this.random();
    let edge = 0;
    let kind: FaultKind | undefined;
    for (const k of KINDS) {
      edge += f[k] ?? 0;
      if (draw < edge) {
        kind = k;
        break;
      }
    }
    const delayMs = f.latencyMs && latency < (f.latencyRate ?? 1) ? f.latencyMs : 0;
    return { kind, delayMs };
  }
}

const rate = { ok: (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1, says: 'a rate from 0 to 1' };
const amount = { ok: (v: unknown) => typeof v === 'number' && v >= 0 && Number.isFinite(v), says: 'a number, 0 or more' };
const status = (allowed: number[]) => ({ ok: (v: unknown) => allowed.includes(v as number), says: `one of ${allowed.join(', ')}` });
/** How each fault's value is checked: a Record, so a fault added to Faults without its check does not compile. */
const FAULT_CHECKS: Record<keyof Faults, { ok: (value: unknown) => boolean; says: string }> = {
  error500: rate, error503: rate, error429: rate, reset: rate, lostResponse: rate, replacedAnswer: rate, badBody: rate, latencyRate: rate, trickle: rate,
  latencyMs: amount, obsResetAfterBytes: amount, obsStallAfterBytes: amount, obsBytesPerSecond: amount, trickleIntervalMs: amount, obsUnavailableMs: amount, obsRetryAfterSeconds: amount, iamLatencyMs: amount,
  badBodyKind: { ok: (v) => BAD_BODY_KINDS.includes(v as BadBodyKind), says: `one of ${BAD_BODY_KINDS.join(', ')}` },
  obs: { ok: (v) => typeof v === 'boolean', says: 'true or false' },
  obsEarlyAnswer: status([400, 403, 503]),
  proxyRefuse: { ok: (v) => Number.isInteger(v) && (v as number) >= 400 && (v as number) <= 599, says: 'an HTTP status from 400 to 599' },
  proxyAuth: { ok: (v) => typeof v === 'string' && v.includes(':'), says: 'a "user:password" string' },
  obsCutParts: {
    ok: (v) => {
      const cut = v as { parts?: unknown; afterBytes?: unknown } | null;
      return typeof cut === 'object' && cut !== null && Array.isArray(cut.parts) && cut.parts.every((n) => Number.isInteger(n) && n >= 1) && amount.ok(cut.afterBytes);
    },
    says: '{"parts": [part numbers from 1], "afterBytes": a number, 0 or more}',
  },
};

/** What is wrong with a set of faults, or undefined: an unknown (misspelt) key, or a value its fault does not take. */
export function faultsProblem(faults: unknown): string | undefined {
  if (!faults || typeof faults !== 'object' || Array.isArray(faults)) {
    return 'Faults must be a JSON object.';
  }
  for (const [key, value] of Object.entries(faults)) {
    const check = Object.hasOwn(FAULT_CHECKS, key) ? FAULT_CHECKS[key as keyof Faults] : undefined;
    if (!check) {
      return `There is no fault "${key}"; the faults are ${Object.keys(FAULT_CHECKS).join(', ')}.`;
    }
    if (value !== undefined && !check.ok(value)) {
      return `The fault ${key} takes ${check.says}, not ${JSON.stringify(value)}.`;
    }
  }
  return undefined;
}

const HUGE_BYTES = 50 * 1024 * 1024;

/** A broken answer of the requested kind, for testing how clients survive bad servers. */
export async function writeBadBody(res: ServerResponse, kind: BadBodyKind = 'html'): Promise<void> {
  switch (kind) {
    case 'html': {
      const page = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';
      res.writeHead(502, { 'Content-Type': 'text/html', 'Content-Length': String(page.length) });
      res.end(page);
      return;
    }
    case 'portal': {
      const page = '<html><head><title>Sign in to the network</title></head><body><form action="/login">Accept the terms to continue.</form></body></html>';
      res.removeHeader('X-Request-Id');
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(page.length) });
      res.end(page);
      return;
    }
    case 'empty':
      res.writeHead(500, { 'Content-Type': 'application/json', 'Content-Length': '0' });
      res.end();
      return;
    case 'truncated': {
      const cut = '{"error_code":"MSS.00000004","error_msg":"Internal Er';
      res.writeHead(500, { 'Content-Type': 'application/json', 'Content-Length': String(cut.length) });
      res.end(cut);
      return;
    }
    case 'huge':
      await writeHuge(res);
      return;
  }
}

// Streamed with back-pressure so the emulator itself never holds the 50 MB.
async function writeHuge(res: ServerResponse): Promise<void> {
  const head = Buffer.from('{"error_code":"MSS.00000004","error_msg":"');
  const tail = Buffer.from('"}');
  const chunk = Buffer.alloc(64 * 1024, 'x');
  res.writeHead(500, { 'Content-Type': 'application/json', 'Content-Length': String(HUGE_BYTES) });
  res.write(head);
  let left = HUGE_BYTES - head.length - tail.length;
  while (left > 0 && !res.destroyed) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    left -= piece.length;
    if (!res.write(piece)) {
      await drained(res);
    }
  }
  res.end(tail);
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** An answer that arrives one byte per `intervalMs`: never a pause long enough for a body timeout. */
export async function writeTrickle(res: ServerResponse, status: number, body: string, intervalMs = 500): Promise<void> {
  const bytes = Buffer.from(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(bytes.length) });
  for (let i = 0; i < bytes.length && !res.destroyed; i++) {
    res.write(bytes.subarray(i, i + 1));
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  res.end();
}

/** Linger after an early answer before the reset, as servers do, so the client can read what was said. */
const EARLY_ANSWER_LINGER_MS = 200;

const EARLY_ANSWERS = {
  400: ['RequestTimeout', 'Your socket connection to the server was not read from or written to within the timeout period.'],
  403: ['AccessDenied', 'Request has expired'],
  503: ['SlowDown', 'Please reduce your request rate.'],
} as const;

/**
 * Answers an OBS PUT before reading its body, then resets the connection with the body still
 * coming: the refusal is on the wire, the PUT's write fails.
 */
export function writeEarlyAnswer(req: IncomingMessage, res: ServerResponse, status: 400 | 403 | 503, requestId: string, onReset: () => void): void {
  const [code, message] = EARLY_ANSWERS[status];
  const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`;
  res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': String(Buffer.byteLength(xml)) });
  onReset();
  res.end(xml, () => setTimeout(() => req.socket.resetAndDestroy(), EARLY_ANSWER_LINGER_MS));
}
