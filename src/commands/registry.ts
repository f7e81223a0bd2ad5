// The one way commands are registered: every command is logged, every failure becomes a message
// a person can act on, and tree commands get the whole selection, not just the row clicked.
import vscode = require('vscode');
import { MetaStudioError } from '../client/errors';
import type { Logger } from '../logger';
import { buttons, fail, setActionErrorHandler } from '../messages';
import { toastText } from './errorText';
import { NotConfiguredError } from '../session';

export type CommandHandler = (...args: unknown[]) => unknown;

export class CommandRegistry {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly logger: Logger,
    private readonly onAuthFailure: () => void,
  ) {
    // A button's action (Retry, Upload in Its Place...) fails as a command would.
    setActionErrorHandler((error) => this.report('action', error));
  }

  register(id: string, handler: CommandHandler): void {
    this.context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => this.run(id, handler, args)));
  }

  private async run(id: string, handler: CommandHandler, args: unknown[]): Promise<unknown> {
    this.logger.info('command', `${id}${describeArgs(args)}`);
    try {
      return await handler(...args);
    } catch (error) {
      this.report(id, error, () => vscode.commands.executeCommand(id, ...args));
      return undefined;
    }
  }

  /**
   * One notification, not awaited: the command's promise settles now, the button acts when clicked.
   * The toast has the short sentence; the log has everything the server said.
   */
  report(id: string, error: unknown, again?: () => unknown): void {
    if (isCancelled(error)) {
      this.logger.info('command', `${id} cancelled`);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.logger.error('command', `${id} failed: ${message}`);
    const credentialsProblem = error instanceof NotConfiguredError || (error as { kind?: string }).kind === 'auth';
    if (credentialsProblem && !(error instanceof NotConfiguredError)) {
      this.onAuthFailure();
    }
    // Retry only where the same command later can succeed: no answer, throttling, server trouble.
    const retryable = error instanceof MetaStudioError && error.kind !== 'auth' && (error.retryable || error.kind === 'network' || error.kind === 'timeout');
    const offered = credentialsProblem ? [buttons.configure()] : retryable && again ? [buttons.retry(again)] : [];
    fail(toastText(error), ...offered);
  }
}

/**
 * A tree or Explorer command gets (clicked, selection): act on the selection when the clicked item is
 * in it. The Explorer passes the clicked file as a Uri of its own, not one of the selection's
 * objects, so Uris are compared by value.
 */
export function selection<T>(clicked: unknown, selected: unknown): T[] {
  if (Array.isArray(selected) && selected.length > 0 && (clicked === undefined || selected.some((item) => sameItem(item, clicked)))) {
    return selected as T[];
  }
  return clicked === undefined ? [] : [clicked as T];
}

function sameItem(a: unknown, b: unknown): boolean {
  return a === b || (a instanceof vscode.Uri && b instanceof vscode.Uri && a.toString() === b.toString());
}

function isCancelled(error: unknown): boolean {
  return error instanceof vscode.CancellationError || (error as { kind?: string })?.kind === 'cancelled';
}

/** Enough to follow what happened, never the values themselves: arguments may hold secrets. */
function describeArgs(args: unknown[]): string {
  const items = selection<unknown>(args[0], args[1]);
  return items.length > 1 ? ` on ${items.length} items` : items.length === 1 ? ' on 1 item' : '';
}
