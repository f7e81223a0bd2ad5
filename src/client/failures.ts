// Turns what went wrong on the wire (an error answer, a thrown network error) into a MetaStudioError.
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

function describeBody(answer: Answer): string {
  if (answer.bytes === 0) {
    return `HTTP ${answer.status} with an empty body`;
  }
  if (answer.truncated) {
    return `HTTP ${answer.status} with an answer that was cut off or too large (${answer.bytes} bytes read)`;
  }
  const type = answer.contentType.split(';')[0] || 'no content type';
  return `HTTP ${answer.status} with ${type} that is not a MetaStudio error (${answer.bytes} bytes)`;
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

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const TLS = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

export function errorFromException(operation: string, host: string, error: unknown, timeoutMs: number): MetaStudioError {
  const code = errorCode(error);
  const reason = error instanceof Error ? error.message : String(error);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new MetaStudioError(`${operation} failed: ${host} did not answer within ${Math.round(timeoutMs / 1000)} s. Check your network and proxy, or raise the timeout setting.`, {
      kind: 'timeout', operation, retryable: true, notProcessed: code === 'UND_ERR_CONNECT_TIMEOUT', cause: error,
    });
  }
  if (code && TLS.test(code)) {
    return new MetaStudioError(`${operation} failed: the TLS certificate of ${host} was not accepted (${code}). Behind a proxy that inspects TLS, add its CA to the system or set http.proxyStrictSSL to false.`, {
      kind: 'network', operation, cause: error,
    });
  }
  const hint = code === 'ENOTFOUND' ? 'Check the endpoint (region) setting and your DNS.' : 'Check your network, the endpoint setting and the proxy settings (http.proxy).';
  return new MetaStudioError(`${operation} failed: could not talk to ${host} (${code ?? reason}). ${hint}`, {
    kind: 'network', operation, retryable: code !== 'ENOTFOUND', notProcessed: code !== undefined && NOT_SENT.has(code), cause: error,
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
