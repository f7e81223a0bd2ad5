// The one log: a LogOutputChannel named "MetaStudio", every line tagged with its component and
// passed through the client's redaction, so no secret reaches it.
import vscode = require('vscode');
import type { ClientEvent } from './client/events';
import { redact } from './client/redact';

export class Logger implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private secrets: () => string[] = () => [];
  /** Lines written before the first context line, held so that the log starts with it. */
  private held?: Array<() => void> = [];

  constructor() {
    this.channel = vscode.window.createOutputChannel('MetaStudio', { log: true });
  }

  /** The secret values of the credentials in use, to be kept out of the log. */
  setSecrets(secrets: () => string[]): void {
    this.secrets = secrets;
  }

  info(component: string, message: string): void {
    this.write(() => this.channel.info(this.line(component, message)));
  }

  warn(component: string, message: string): void {
    this.write(() => this.channel.warn(this.line(component, message)));
  }

  error(component: string, message: string): void {
    this.write(() => this.channel.error(this.line(component, message)));
  }

  /**
   * Where the calls go and with what credentials (session.ts says what, never a secret): the log
   * starts with it, and has it again whenever it changes. Lines logged before the first one follow it.
   */
  context(message: string): void {
    this.channel.info(this.line('context', message));
    const held = this.held ?? [];
    this.held = undefined;
    held.forEach((write) => write());
  }

  private write(line: () => void): void {
    if (this.held) {
      this.held.push(line);
    } else {
      line();
    }
  }

  /** One line per call attempt: method, path, status, X-Request-Id, attempt and time. */
  clientEvent(event: ClientEvent): void {
    if (event.type === 'notice') {
      this[event.level]('client', event.message);
      return;
    }
    const status = event.status === undefined ? 'no answer' : String(event.status);
    const id = event.requestId ? `X-Request-Id ${event.requestId}` : 'no X-Request-Id';
    const head = `${event.operation}: ${event.method} ${event.path} → ${status} (${id}, attempt ${event.attempt}, ${event.ms} ms)`;
    if (event.outcome === 'ok') {
      this.info('client', head);
    } else {
      const reason = event.errorCode ? `${event.errorCode} ${event.errorMsg ?? ''}`.trim() : (event.error ?? '');
      this[event.outcome === 'retry' ? 'warn' : 'error']('client', `${head}: ${reason}${event.outcome === 'retry' ? '; trying again' : ''}`);
    }
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }

  /** One line of the log: a line break in the message (a file or profile name may hold one) is written as `\n`, so no text forges a line. */
  private line(component: string, message: string): string {
    return `[${component}] ${redact(message, this.secrets()).replace(/[\r\n\u0085\u2028\u2029]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u{${c.charCodeAt(0).toString(16)}}`))}`;
  }
}
