// Turns what went wrong on the wire (an error answer, a thrown network error) into a MetaStudioError.
import type { ShapeCheck } from './answerShapes';
import { adviceFor, failure, type MetaStudioError } from './errors';
import type { Reason } from './sentences';

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  /** The body was larger than the client reads, or ended early. */
  truncated: boolean;
  bytes: number;
  requestId?: string;
}

const RETRYABLE_CODES = new Set(['APIGW.0201', 'APIG.0201', 'APIGW.0613', 'APIG.0613', 'APIGW.0308', 'APIG.0308']);
// Rejected by the gateway itself, before MetaStudio saw the request.
const GATEWAY_REJECTIONS = new Set(['APIGW.0308', 'APIG.0308', 'APIGW.0613', 'APIG.0613']);

/**
 * An error answer as an error: `http-error` (or `auth-refused` for 401 and 403) when it carries an
 * error code or message, `http-status` when its body is not a MetaStudio error. The server's words,
 * the status and the request id go to `said`, for the log.
 */
export function errorFromAnswer(operation: string, answer: Answer): MetaStudioError {
  const { errorCode, errorMsg } = parseErrorBody(answer.text);
  const auth = answer.status === 401 || answer.status === 403;
  const spoke = errorCode !== undefined || errorMsg !== undefined;
  const reason: Reason = spoke ? (auth ? 'auth-refused' : 'http-error') : 'http-status';
  const retryable = answer.status === 429 || answer.status >= 500 || (errorCode !== undefined && RETRYABLE_CODES.has(errorCode));
  // The sentence names the code; the server's words (errorMsg) are a fact a detail view may quote.
  const facts = { operation, status: answer.status, errorCode: errorCode ?? `HTTP ${answer.status}`, errorMsg, answer: `HTTP ${answer.status}`, requestId: answer.requestId };
  return failure(reason, facts, {
    kind: auth ? 'auth' : 'http',
    advice: adviceFor(errorCode, errorMsg, answer.status) ?? (!spoke && answer.status >= 500 ? 'server-trouble' : undefined),
    logFacts: spoke ? { errorCode: [errorCode, errorMsg].filter(Boolean).join(' ') } : { answer: describeBody(answer) },
    said: spoke ? (answer.requestId ? `HTTP ${answer.status}, X-Request-Id ${answer.requestId}` : `HTTP ${answer.status}`) : answer.requestId && `X-Request-Id ${answer.requestId}`,
    operation,
    status: answer.status,
    errorCode,
    errorMsg,
    requestId: answer.requestId,
    retryable,
    notProcessed: answer.status === 429 || (errorCode !== undefined && GATEWAY_REJECTIONS.has(errorCode)),
  });
}

/**
 * A 2xx is MetaStudio's answer only when it carries the gateway's X-Request-Id and a body of the
 * shape the call's API returns (`shape`, from answerShapes.ts). Anything else (a proxy's or captive
 * portal's page, the target of a redirect, a JSON body of another shape) tells nothing about whether
 * the request was applied: the error says so (`mayHaveApplied`), and callers check MetaStudio before
 * dropping anything.
 */
export function foreignAnswerError(operation: string, answer: Answer, shape: ShapeCheck): MetaStudioError | undefined {
  const problem = answer.requestId ? shapeProblem(answer.text, shape) : undefined;
  if (answer.requestId && !problem) {
    return undefined;
  }
  const what = answer.requestId ? `${describeBody(answer)}: ${problem}` : `${describeBody(answer)} without the gateway's X-Request-Id`;
  return failure('foreign-answer', { operation, status: answer.status, answer: `HTTP ${answer.status}`, bytes: answer.bytes, requestId: answer.requestId }, {
    kind: 'http', operation, status: answer.status, requestId: answer.requestId, mayHaveApplied: true, logFacts: { answer: what },
  });
}

function shapeProblem(text: string, shape: ShapeCheck): string | undefined {
  let body: unknown;
  try {
    body = text.trim() === '' ? undefined : JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (body && typeof body === 'object' && 'error_code' in body) {
    return 'an error body';
  }
  return shape(body);
}

function describeBody(answer: Answer): string {
  if (answer.bytes === 0) {
    return `HTTP ${answer.status} with an empty body`;
  }
  if (answer.truncated) {
    return `HTTP ${answer.status} with an answer that was cut off or too large (${answer.bytes} bytes read)`;
  }
  const type = answer.contentType.split(';')[0] || 'no content type';
  return answer.status < 300 ? `HTTP ${answer.status} with ${type}, ${answer.bytes} bytes` : `HTTP ${answer.status} with ${type} that is not a MetaStudio error (${answer.bytes} bytes)`;
}

/** MetaStudio and the gateway say `{error_code, error_msg}`; IAM says `{error: {code, message}}`. */
export function parseErrorBody(text: string): { errorCode?: string; errorMsg?: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  if (!body || typeof body !== 'object') {
    return {};
  }
  const record = body as Record<string, unknown>;
  if (typeof record.error_code === 'string' || typeof record.error_msg === 'string') {
    return { errorCode: str(record.error_code), errorMsg: str(record.error_msg) };
  }
  const iam = record.error as Record<string, unknown> | undefined;
  if (iam && typeof iam === 'object' && typeof iam.message === 'string') {
    return { errorCode: iam.code === undefined ? undefined : `IAM.${String(iam.code)}`, errorMsg: iam.message };
  }
  return {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, 2000) : undefined;
}

// Failed before a byte of the request left: repeating it cannot do anything twice. A closed or
// destroyed client refuses new requests without sending them.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CLOSED', 'UND_ERR_DESTROYED']);
const TLS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|EPROTO/;
/** undici's words when a proxy answers CONNECT with anything but 200. */
const PROXY_REFUSAL = /Proxy response \((\d{3})\)/;

/** The reason of each network failure code we name; any other is `network`, with its code. */
const REASONS: Record<string, Reason> = {
  ECONNREFUSED: 'connection-refused',
  ENOTFOUND: 'host-unknown',
  EAI_AGAIN: 'dns-failed',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ECONNRESET: 'connection-reset',
  EPIPE: 'closed-while-sending',
  UND_ERR_SOCKET: 'closed-before-answer',
  UND_ERR_CLOSED: 'client-closed',
  UND_ERR_DESTROYED: 'client-closed',
};

const TIMEOUTS: Record<string, Reason> = {
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'connect-timeout',
  DEADLINE: 'deadline',
};

/**
 * One error per network failure: the operation, the host, what happened (refused, reset, timed
 * out, TLS, proxy) and what to do. `timeoutMs` is the deadline of the attempt, for the sentence.
 */
export function errorFromException(operation: string, host: string, error: unknown, timeoutMs: number): MetaStudioError {
  const code = errorCode(error);
  const words = error instanceof Error ? error.message : String(error);
  const proxyStatus = PROXY_REFUSAL.exec(words)?.[1];
  if (proxyStatus) {
    return failure('proxy-refused', { operation, host, status: Number(proxyStatus) }, {
      kind: 'network', operation, status: Number(proxyStatus), advice: proxyStatus === '407' ? 'proxy-credentials' : 'proxy-check', retryable: false, notProcessed: true, cause: error,
    });
  }
  if (code && Object.hasOwn(TIMEOUTS, code)) {
    return failure(TIMEOUTS[code], { operation, host, seconds: Math.round(timeoutMs / 1000) }, {
      kind: 'timeout', operation, retryable: true, notProcessed: code === 'UND_ERR_CONNECT_TIMEOUT', cause: error,
    });
  }
  if (code && TLS.test(code)) {
    return failure('tls', { operation, host, code }, { kind: 'network', operation, cause: error });
  }
  const reason = code && Object.hasOwn(REASONS, code) ? REASONS[code] : 'network';
  return failure(reason, { operation, host, code: code ?? words }, {
    // A closed client stays closed: trying again on it cannot help.
    kind: 'network', operation, retryable: code !== 'ENOTFOUND' && code !== 'UND_ERR_CLOSED' && code !== 'UND_ERR_DESTROYED', notProcessed: code !== undefined && NOT_SENT.has(code), cause: error,
  });
}

function errorCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') {
      return e.code;
    }
  }
  return undefined;
}
