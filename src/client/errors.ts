// The one error type of the client. Every failure, local or remote, becomes a MetaStudioError whose
// message is a sentence a person can act on; the fields keep what the server said.

export type ErrorKind = 'http' | 'network' | 'timeout' | 'cancelled' | 'input' | 'auth';

export interface ErrorDetails {
  kind: ErrorKind;
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

export class MetaStudioError extends Error {
  readonly kind: ErrorKind;
  readonly operation?: string;
  readonly status?: number;
  readonly errorCode?: string;
  readonly errorMsg?: string;
  readonly requestId?: string;
  readonly retryable: boolean;
  readonly notProcessed: boolean;
  readonly mayHaveApplied: boolean;
  readonly retryAfter?: string;

  constructor(sentence: string, details: ErrorDetails) {
    super(sentence, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'MetaStudioError';
    this.kind = details.kind;
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

  /** `MSS.10001004 The file not found`, or the sentence when the server gave no code. */
  get reason(): string {
    return this.errorCode ? `${this.errorCode} ${this.errorMsg ?? ''}`.trim() : this.message;
  }
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

export function inputError(sentence: string, operation?: string): MetaStudioError {
  return new MetaStudioError(sentence, { kind: 'input', operation });
}

export function cancelledError(operation?: string): MetaStudioError {
  return new MetaStudioError(`${operation ?? 'The request'} was cancelled.`, { kind: 'cancelled', operation });
}

const STOPPED = 'Stop';

/**
 * Work stopped from outside (the user signed out), not cancelled by the user: an upload keeps its
 * record to resume instead of being confirmed CANCELLED. Use as an AbortSignal's reason.
 */
export function stoppedError(sentence: string): MetaStudioError {
  return new MetaStudioError(sentence, { kind: 'cancelled', operation: STOPPED, notProcessed: true });
}

export function isStopped(reason: unknown): boolean {
  return reason instanceof MetaStudioError && reason.kind === 'cancelled' && reason.operation === STOPPED;
}

export function isCancelled(error: unknown): boolean {
  return error instanceof MetaStudioError && error.kind === 'cancelled';
}

/** What to do about a gateway or MetaStudio error code, in a sentence. */
export function advice(errorCode: string | undefined, errorMsg = '', status?: number): string | undefined {
  const msg = errorMsg.toLowerCase();
  if (errorCode === 'APIGW.0301' || errorCode === 'APIG.0301') {
    if (msg.includes('signature expired')) {
      return 'This computer\'s clock differs from the server\'s by more than 15 minutes: correct the system clock.';
    }
    if (msg.includes('reach the limit')) {
      return 'The AK is locked for 5 minutes after repeated authentication failures: check the SK, then wait before trying again.';
    }
    if (msg.includes('decrypt token fail')) {
      return 'The IAM token is invalid, expired, or from another region: get a new token for this region.';
    }
    return 'The credentials were rejected: check the AK and SK (or token), and that the account is not restricted.';
  }
  const table: Record<string, string> = {
    'APIGW.0101': 'The API was not found: check the endpoint (region) setting.',
    'APIGW.0302': 'This IAM user is not allowed to call MetaStudio: ask an administrator for MetaStudio permissions.',
    'APIGW.0305': 'The credentials were rejected: configure them again.',
    'APIGW.0306': 'Access to the API was denied.',
    'APIGW.0307': 'The IAM token has expired: configure a new token or sign in with a password so it refreshes.',
    'APIGW.0308': 'MetaStudio is throttling requests: lower the rate limit or concurrency setting, or try again shortly.',
    'APIGW.0201': 'The MetaStudio service is unavailable or timed out: try again later.',
    'APIGW.0613': 'The IAM service is unavailable: try again later.',
    'MSS.00000001': 'The credentials were rejected: configure them again.',
    'MSS.00000003': 'MetaStudio refused the request as invalid; the file may already be confirmed or deleted.',
    'MSS.00000004': 'MetaStudio had an internal error: try again later.',
    'MSS.00010009': 'The project id does not belong to these credentials: check the project id setting and the region.',
    'MSS.10001001': 'The asset was not found: it may have been deleted, or belong to another project or region.',
    'MSS.10001004': 'The file was not found: check the file id; it may have been deleted, or belong to another project or region.',
    'MSS.10001005': 'An asset with this name already exists: choose another name.',
    'MSS.10001008': 'The asset already has a MAIN file: upload this file to another asset or with another category.',
    'MSS.10001009': 'The asset already has a COVER file: upload this file to another asset or with another category.',
  };
  if (errorCode === 'MSS.00000003' && msg.includes('not been uploaded')) {
    return 'MetaStudio has no bytes for this file: upload the file again into the same asset, or mark it as Cancelled.';
  }
  if (errorCode && table[errorCode]) {
    return table[errorCode];
  }
  if (status === 401) {
    return 'The credentials were rejected: configure them again.';
  }
  if (status === 403) {
    return 'Access was denied.';
  }
  return undefined;
}
