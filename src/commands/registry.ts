// The one way commands are registered: every command is logged, every failure becomes a message
// a person can act on, and tree commands get the whole selection, not just the row clicked.
import vscode = require('vscode');
import { errorText } from './errorText';
import type { Logger } from '../logger';
import { NotConfiguredError } from '../session';

export type CommandHandler = (...args: unknown[]) => unknown;

export class CommandRegistry {
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly logger: Logger,
    private readonly onAuthFailure: () => void,
  ) {}

  register(id: string, handler: CommandHandler): void {
    this.context.subscriptions.push(vscode.commands.registerCommand(id, (...args: unknown[]) => this.run(id, handler, args)));
  }

  private async run(id: string, handler: CommandHandler, args: unknown[]): Promise<unknown> {
    this.logger.info('command', `${id}${describeArgs(args)}`);
    try {
      return await handler(...args);
    } catch (error) {
      await this.report(id, error);
      return undefined;
    }
  }

  private async report(id: string, error: unknown): Promise<void> {
    if (isCancelled(error)) {
      this.logger.info('command', `${id} cancelled`);
      return;
    }
    this.logger.error('command', `${id} failed: ${error instanceof Error ? error.message : String(error)}`);
    const showOutput = vscode.l10n.t('Show Output');
    const configure = vscode.l10n.t('Configure Credentials');
    const credentialsProblem = error instanceof NotConfiguredError || (error as { kind?: string }).kind === 'auth';
    if (credentialsProblem && !(error instanceof NotConfiguredError)) {
      this.onAuthFailure();
    }
    const actions = credentialsProblem ? [configure, showOutput] : [showOutput];
    const choice = await vscode.window.showErrorMessage(errorText(error), ...actions);
    if (choice === showOutput) {
      this.logger.show();
    } else if (choice === configure) {
      await vscode.commands.executeCommand('metastudio.configureCredentials');
    }
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
