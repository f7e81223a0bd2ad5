// Turns what went wrong on the wire (an error answer, a thrown network error) into a MetaStudioError.
import type { ShapeCheck } from './answerShapes';
import { advice, MetaStudioError } from './errors';

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

export function errorFromAnswer(operation: string, answer: Answer): MetaStudioError {
  const { errorCode, errorMsg } = parseErrorBody(answer.text);
  let sentence: string;
  if (errorCode || errorMsg) {
    const hint = advice(errorCode, errorMsg, answer.status);
    const where = answer.requestId ? ` (HTTP ${answer.status}, X-Request-Id ${answer.requestId})` : ` (HTTP ${answer.status})`;
    sentence = `${operation} failed: ${[errorCode, errorMsg].filter(Boolean).join(' ')}.${hint ? ' ' + hint : ''}${where}`;
  } else {
    const hint = advice(undefined, '', answer.status) ?? (answer.status >= 500 ? 'MetaStudio, or a proxy on the way, had trouble: try again later.' : undefined);
    const where = answer.requestId ? ` (X-Request-Id ${answer.requestId})` : '';
    sentence = `${operation} failed: the server answered ${describeBody(answer)}.${hint ? ' ' + hint : ''}${where}`;
  }
  const retryable = answer.status === 429 || answer.status >= 500 || (errorCode !== undefined && RETRYABLE_CODES.has(errorCode));
  return new MetaStudioError(sentence, {
    kind: answer.status === 401 || answer.status === 403 ? 'auth' : 'http',
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
  return new MetaStudioError(`${operation}: the answer (${what}) is not MetaStudio's; a proxy or sign-in page may have answered instead. Check the network and proxy settings.`, {
    kind: 'http', operation, status: answer.status, requestId: answer.requestId, mayHaveApplied: true,
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

/** What happened on the wire, in words: the middle of the one sentence each network failure gets. */
const WHAT_HAPPENED: Record<string, string> = {
  ECONNREFUSED: 'refused the connection',
  ENOTFOUND: 'is not a host name DNS knows',
  EAI_AGAIN: 'could not be looked up in DNS',
  EHOSTUNREACH: 'cannot be reached from this network',
  ENETUNREACH: 'cannot be reached from this network',
  ECONNRESET: 'reset the connection',
  EPIPE: 'closed the connection while the request was sent',
  UND_ERR_SOCKET: 'closed the connection before answering',
  UND_ERR_CLOSED: 'was not contacted: the connection was closed before the request was sent',
  UND_ERR_DESTROYED: 'was not contacted: the connection was closed before the request was sent',
};

/**
 * One sentence per network failure: the operation, the host, what happened (refused, reset, timed
 * out, TLS, proxy) and what to do. `timeoutMs` is the deadline of the attempt, for the sentence.
 */
export function errorFromException(operation: string, host: string, error: unknown, timeoutMs: number): MetaStudioError {
  const code = errorCode(error);
  const reason = error instanceof Error ? error.message : String(error);
  const proxyStatus = PROXY_REFUSAL.exec(reason)?.[1];
  if (proxyStatus) {
    const fix = proxyStatus === '407'
      ? 'Put the proxy user and password in http.proxy (http://user:password@host:port), or add this host to http.noProxy.'
      : 'Check http.proxy, or add this host to http.noProxy if it should be reached directly.';
    return new MetaStudioError(`${operation} failed: the proxy refused the tunnel to ${host} (HTTP ${proxyStatus} to CONNECT). ${fix}`, {
      kind: 'network', operation, status: Number(proxyStatus), retryable: false, notProcessed: true, cause: error,
    });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'DEADLINE') {
    const what = code === 'UND_ERR_CONNECT_TIMEOUT' ? 'did not accept a connection' : code === 'DEADLINE' ? 'did not finish answering' : 'did not answer';
    return new MetaStudioError(`${operation} failed: ${host} ${what} within ${Math.round(timeoutMs / 1000)} s (timed out). Check your network and proxy, or raise the timeout setting.`, {
      kind: 'timeout', operation, retryable: true, notProcessed: code === 'UND_ERR_CONNECT_TIMEOUT', cause: error,
    });
  }
  if (code && TLS.test(code)) {
    return new MetaStudioError(`${operation} failed: the TLS certificate of ${host} was not accepted (${code}). Behind a proxy that inspects TLS, add its CA to the system or set http.proxyStrictSSL to false.`, {
      kind: 'network', operation, cause: error,
    });
  }
  const what = (code && WHAT_HAPPENED[code]) ?? `could not be reached (${code ?? reason})`;
  const hint = code === 'ENOTFOUND' ? 'Check the endpoint (region) setting and your DNS.' : 'Check your network, the endpoint setting and the proxy settings (http.proxy).';
  return new MetaStudioError(`${operation} failed: ${host} ${what}. ${hint}`, {
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
