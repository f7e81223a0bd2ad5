// The one error type of the client. Every failure, local or remote, becomes a MetaStudioError that
// carries a reason code and the facts of the case (sentences.ts holds the sentence of each code);
// its message is the English sentence filled in from them, for logs and plain Node callers. The
// VS Code side composes the sentence a person reads from the same code and facts, translated.
import { ADVICE, fill, LEADING_NOTES, NOTES, SENTENCES, type Advice, type Facts, type Note, type Reason } from './sentences';

export type { Advice, Facts, Note, Reason } from './sentences';

export type ErrorKind = 'http' | 'network' | 'timeout' | 'cancelled' | 'input' | 'auth';

export interface ErrorDetails {
  kind: ErrorKind;
  /** The sentence's code (sentences.ts); errors made without one are 'unexpected', their message the detail. */
  reason?: Reason;
  /** What the sentence names: operation, host, status, file name... */
  facts?: Facts;
  /** What to do about it, said after the sentence. */
  advice?: Advice;
  /** What the flow that caught it adds (the file stays pending, a part of which file...). */
  notes?: readonly Note[];
  /** For the log only: facts said in more detail than a person needs (the server's words with its code, the body seen). */
  logFacts?: Facts;
  /** For the log only: the HTTP status and request id, said in parentheses after the advice. */
  said?: string;
  operation?: string;
  status?: number;
  errorCode?: string;
  errorMsg?: string;
  requestId?: string;
  /** A later identical request may succeed (throttling, server or network trouble). */
  retryable?: boolean;
  /** The request cannot have reached MetaStudio, so repeating it cannot do anything twice. */
  notProcessed?: boolean;
  /** Some attempt got no clear answer (a timeout, a cut connection, a 5xx): it may have been applied. */
  mayHaveApplied?: boolean;
  /** The server's Retry-After header, when it sent one. */
  retryAfter?: string;
  cause?: unknown;
}

/** What a sentence is made of: what the UI translates, and what a record keeps of an upload's last failure. */
export interface ErrorSentence {
  readonly reason: Reason;
  readonly facts: Facts;
  readonly advice?: Advice;
  readonly notes?: readonly Note[];
}

/** The English sentence of a check's finding (`assetNameIssue`...), or undefined when there is none. */
export function englishOf(sentence: ErrorSentence | undefined): string | undefined {
  return sentence && englishMessage(sentence);
}

/** The parts of `error`'s sentence, to keep (a record's `lastFailure`); undefined for an error that is not the client's. */
export function sentenceOf(error: unknown): ErrorSentence | undefined {
  if (!(error instanceof MetaStudioError)) {
    return undefined;
  }
  return { reason: error.reason, facts: error.facts, ...(error.advice ? { advice: error.advice } : {}), ...(error.notes.length > 0 ? { notes: error.notes } : {}) };
}

export class MetaStudioError extends Error implements ErrorSentence {
  readonly kind: ErrorKind;
  /** Stable code of the sentence (sentences.ts): what the UI translates. */
  readonly reason: Reason;
  readonly facts: Facts;
  readonly advice?: Advice;
  readonly notes: readonly Note[];
  readonly logFacts?: Facts;
  readonly said?: string;
  readonly operation?: string;
  readonly status?: number;
  readonly errorCode?: string;
  readonly errorMsg?: string;
  readonly requestId?: string;
  readonly retryable: boolean;
  readonly notProcessed: boolean;
  readonly mayHaveApplied: boolean;
  readonly retryAfter?: string;

  /** `message`: the English sentence; `failure()` fills it in from the reason and facts. */
  constructor(message: string, details: ErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'MetaStudioError';
    this.kind = details.kind;
    this.reason = details.reason ?? 'unexpected';
    this.facts = details.reason ? details.facts ?? {} : { detail: message };
    this.advice = details.advice;
    this.notes = details.notes ?? [];
    this.logFacts = details.logFacts;
    this.said = details.said;
    this.operation = details.operation;
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.errorMsg = details.errorMsg;
    this.requestId = details.requestId;
    this.retryable = details.retryable ?? false;
    this.notProcessed = details.notProcessed ?? false;
    this.retryAfter = details.retryAfter;
    this.mayHaveApplied = details.mayHaveApplied ?? (!this.notProcessed && (this.kind === 'network' || this.kind === 'timeout' || (this.status ?? 0) >= 500));
  }

  /** `MSS.10001004 The file not found`: what the server said, or the message when it gave no code. For the log. */
  get serverSaid(): string {
    return this.errorCode ? `${this.errorCode} ${this.errorMsg ?? ''}`.trim() : this.message;
  }
}

/** An error of `reason` whose message is its English sentence, filled in from `facts`. */
export function failure(reason: Reason, facts: Facts, details: Omit<ErrorDetails, 'reason' | 'facts'>): MetaStudioError {
  return new MetaStudioError(englishMessage({ ...details, reason, facts }), { ...details, reason, facts });
}

/** The same error with `note` added: said before the sentence (`part-of`) or after it. */
export function withNote(error: MetaStudioError, note: Note): MetaStudioError {
  return rebuilt(error, { notes: [...error.notes, note] });
}

/** The same error with `redact` applied to every word it carries (facts, server words, message). */
export function redacted(error: MetaStudioError, redact: (text: string) => string): MetaStudioError {
  const clean = (facts: Facts) => Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, typeof v === 'string' ? redact(v) : v]));
  return rebuilt(error, {
    facts: clean(error.facts),
    logFacts: error.logFacts && clean(error.logFacts),
    notes: error.notes.map((n) => ({ reason: n.reason, facts: clean(n.facts) })),
    said: error.said === undefined ? undefined : redact(error.said),
    errorMsg: error.errorMsg === undefined ? undefined : redact(error.errorMsg),
  });
}

/** The same error with `changes` (e.g. `mayHaveApplied`), its message filled in again. */
export function rebuilt(error: MetaStudioError, changes: Partial<ErrorDetails>): MetaStudioError {
  const details = { ...error, cause: error.cause, ...changes, reason: changes.reason ?? error.reason, facts: changes.facts ?? error.facts };
  return new MetaStudioError(englishMessage(details), details);
}

/**
 * The English message of an error's parts, for the log: leading notes, the sentence (with the log's
 * facts), the advice, what the server said in parentheses, then the other notes.
 */
export function englishMessage(parts: { reason: Reason; facts: Facts; logFacts?: Facts; advice?: Advice; notes?: readonly Note[]; said?: string }): string {
  const notes = parts.notes ?? [];
  const note = (n: Note) => fill(NOTES[n.reason], n.facts);
  const head = [...notes.filter((n) => LEADING_NOTES.has(n.reason)).map(note), fill(SENTENCES[parts.reason], { ...parts.facts, ...parts.logFacts }), parts.advice && ADVICE[parts.advice]];
  const tail = notes.filter((n) => !LEADING_NOTES.has(n.reason)).map(note);
  return [head.filter(Boolean).join(' ') + (parts.said ? ` (${parts.said})` : ''), ...tail].join(' ');
}

/**
 * MetaStudio itself said no: a 4xx with its error code and the gateway's request id, after no attempt
 * that may have been applied. Only such an answer lets a caller drop what it keeps for the request.
 */
export function isRefusal(error: unknown): error is MetaStudioError {
  return error instanceof MetaStudioError && !error.mayHaveApplied && error.errorCode !== undefined && error.requestId !== undefined && (error.status ?? 0) >= 400 && (error.status ?? 0) < 500;
}

/**
 * MetaStudio refused to mark a file CREATED because its bytes never reached OBS ("MSS.00000003 The
 * file has not been uploaded"): confirming again cannot help; uploading the file again can.
 */
export function isNotUploaded(error: unknown): boolean {
  return error instanceof MetaStudioError && error.errorCode === 'MSS.00000003' && /not been uploaded/i.test(error.errorMsg ?? '');
}

/** Whether the same request later may succeed: no answer, throttling, server trouble, credentials to fix. Not a refusal. */
export function canRetry(error: MetaStudioError): boolean {
  return error.retryable || error.mayHaveApplied || error.kind === 'cancelled' || error.kind === 'auth' || error.kind === 'network' || error.kind === 'timeout';
}

/** Input refused before anything was sent: `reason` and its facts say what and why. */
export function inputError(reason: Reason, facts: Facts = {}, operation?: string): MetaStudioError {
  return failure(reason, facts, { kind: 'input', operation });
}

/** `operation`: the API name or the work cancelled, for the sentence ("ListAssets was cancelled."). */
export function cancelledError(operation?: string): MetaStudioError {
  return failure('cancelled', { operation: operation ?? 'The request' }, { kind: 'cancelled', operation });
}

const STOPPED = 'Stop';

/**
 * Work stopped from outside (the user signed out), not cancelled by the user: an upload keeps its
 * record to resume instead of being confirmed CANCELLED. Use as an AbortSignal's reason.
 */
export function stoppedError(reason: 'signed-out' | 'profile-left' | 'window-closed' | 'taken-over', facts: Facts = {}): MetaStudioError {
  return failure(reason, facts, { kind: 'cancelled', operation: STOPPED, notProcessed: true });
}

export function isStopped(reason: unknown): boolean {
  return reason instanceof MetaStudioError && reason.kind === 'cancelled' && reason.operation === STOPPED;
}

export function isCancelled(error: unknown): boolean {
  return error instanceof MetaStudioError && error.kind === 'cancelled';
}

/** The gateway's and MetaStudio's codes that have advice of their own. Source: huawei-api research, "Error codes". */
const ADVICE_BY_CODE: Readonly<Record<string, Advice>> = {
  'APIGW.0101': 'api-not-found',
  'APIGW.0302': 'not-permitted',
  'APIGW.0305': 'configure-again',
  'APIGW.0306': 'api-denied',
  'APIGW.0307': 'token-expired',
  'APIGW.0308': 'throttled',
  'APIGW.0201': 'service-unavailable',
  'APIGW.0613': 'iam-unavailable',
  'MSS.00000001': 'configure-again',
  'MSS.00000003': 'invalid-request',
  'MSS.00000004': 'internal-error',
  'MSS.00010009': 'wrong-project',
  'MSS.10001001': 'asset-not-found',
  'MSS.10001004': 'file-not-found',
  'MSS.10001005': 'asset-name-taken',
  'MSS.10001008': 'main-taken',
  'MSS.10001009': 'cover-taken',
};

/** What to do about a gateway or MetaStudio error code, as an advice code (sentences.ts), if there is advice. */
export function adviceFor(errorCode: string | undefined, errorMsg = '', status?: number): Advice | undefined {
  const msg = errorMsg.toLowerCase();
  if (errorCode === 'APIGW.0301' || errorCode === 'APIG.0301') {
    return msg.includes('signature expired') ? 'clock-skew' : msg.includes('reach the limit') ? 'ak-locked' : msg.includes('decrypt token fail') ? 'token-invalid' : 'credentials-rejected';
  }
  if (errorCode === 'MSS.00000003' && msg.includes('not been uploaded')) {
    return 'not-uploaded';
  }
  if (errorCode && Object.hasOwn(ADVICE_BY_CODE, errorCode)) {
    return ADVICE_BY_CODE[errorCode];
  }
  return status === 401 ? 'configure-again' : status === 403 ? 'access-denied' : undefined;
}

/** The advice of `adviceFor`, as an English sentence. */
export function advice(errorCode: string | undefined, errorMsg = '', status?: number): string | undefined {
  const code = adviceFor(errorCode, errorMsg, status);
  return code && ADVICE[code];
}
