// What the client reports about its work, for a log. Nothing here ever holds a secret: the
// transport passes every text through `redact` before it reports it.

export interface CallEvent {
  type: 'call';
  operation: string;
  method: string;
  /** Path and query as sent. */
  path: string;
  status?: number;
  requestId?: string;
  attempt: number;
  ms: number;
  outcome: 'ok' | 'retry' | 'failed';
  errorCode?: string;
  errorMsg?: string;
  /** The sentence of the error, when there was one. */
  error?: string;
}

export interface NoticeEvent {
  type: 'notice';
  level: 'info' | 'warn';
  message: string;
}

export type ClientEvent = CallEvent | NoticeEvent;

export type EventListener = (event: ClientEvent) => void;
