// The one path for what the extension says: notifications, failures and confirmations, with the
// shared button words. A notification is never awaited: its button's action runs when it is clicked,
// so the command that showed it ends at once. Confirmations (modal questions) are awaited: their
// answer decides what the command does.
import vscode = require('vscode');

/** A notification's button: its words and what a click does. */
export interface Button {
  title: string;
  run: () => unknown;
}

/** The buttons several messages offer, in the same words everywhere. */
export const buttons = {
  showOutput: (): Button => ({ title: vscode.l10n.t('Show Output'), run: () => vscode.commands.executeCommand('metastudio.showOutput') }),
  configure: (): Button => ({ title: vscode.l10n.t('Configure Credentials'), run: () => vscode.commands.executeCommand('metastudio.configureCredentials') }),
  retry: (run: () => unknown): Button => ({ title: vscode.l10n.t('Retry'), run }),
  retryFailed: (run: () => unknown): Button => ({ title: vscode.l10n.t('Retry Failed'), run }),
  copyFileId: (fileIds: readonly string[]): Button => ({
    title: fileIds.length === 1 ? vscode.l10n.t('Copy File ID') : vscode.l10n.t('Copy File IDs'),
    run: () => vscode.env.clipboard.writeText(fileIds.join('\n')),
  }),
  showInView: (): Button => ({ title: vscode.l10n.t('Show in Pending Uploads'), run: () => vscode.commands.executeCommand('metastudio.pending.focus') }),
};

/** Clicked buttons whose action has not finished yet. */
const running = new Set<Promise<unknown>>();
/** What happens to an action that throws: the command wrapper's report (set by it). */
let onActionError: (error: unknown) => void = () => undefined;

export function setActionErrorHandler(handler: (error: unknown) => void): void {
  onActionError = handler;
}

function show(level: 'info' | 'warning' | 'error', text: string, offered: readonly Button[]): void {
  const titles = offered.map((b) => b.title);
  const shown = level === 'info' ? vscode.window.showInformationMessage(text, ...titles) : level === 'warning' ? vscode.window.showWarningMessage(text, ...titles) : vscode.window.showErrorMessage(text, ...titles);
  void Promise.resolve(shown).then((choice) => {
    const clicked = offered.find((b) => b.title === choice);
    if (clicked) {
      const action = Promise.resolve().then(clicked.run).catch((error) => onActionError(error));
      running.add(action);
      void action.finally(() => running.delete(action));
    }
  });
}

/** What happened, when it went well. */
export function inform(text: string, ...offered: Button[]): void {
  show('info', text, offered);
}

/** Done in part, or not done for a reason the user can act on. */
export function warn(text: string, ...offered: Button[]): void {
  show('warning', text, offered);
}

/** Failed. The first button is the one that helps; Show Output is added last when not given. */
export function fail(text: string, ...offered: Button[]): void {
  show('error', text, offered.some((b) => b.title === vscode.l10n.t('Show Output')) ? offered : [...offered, buttons.showOutput()]);
}

/**
 * Resolves when the action of every button clicked so far has finished, those started meanwhile too
 * (for tests). A notification nobody clicks is not waited for.
 */
export async function settled(): Promise<void> {
  do {
    await new Promise((resolve) => setTimeout(resolve, 0)); // a click answered just now starts its action first
    await Promise.allSettled([...running]);
  } while (running.size > 0);
}

/**
 * Asks before a change that cannot be undone. VS Code's modal shows the first button as the primary,
 * focused one (Enter presses it) and adds Cancel itself; so the first button is the safe `keep`,
 * and the change is never what Enter does. True only when `action` was clicked.
 */
export async function confirmChange(question: string, detail: string, action: string, keep: string): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(question, { modal: true, detail }, { title: keep }, { title: action });
  return choice?.title === action;
}

/** Asks a question whose choices are all safe; the first is the primary button. The choice, or undefined (Cancel). */
export async function ask(question: string, detail: string, ...choices: string[]): Promise<string | undefined> {
  return vscode.window.showWarningMessage(question, { modal: true, detail }, ...choices);
}

/** Asks before work that can be stopped or undone; the action is the primary button. */
export async function confirmWork(question: string, detail: string | undefined, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(question, { modal: true, detail }, action)) === action;
}

/** The first `shown` names, then how many more: "a.mp4, b.png, c.wav and 4 more". */
export function someNames(names: readonly string[], shown = 3): string {
  if (names.length <= shown) {
    return names.length <= 1 ? (names[0] ?? '') : vscode.l10n.t('{0} and {1}', names.slice(0, -1).join(', '), names[names.length - 1]);
  }
  return vscode.l10n.t('{0} and {1} more', names.slice(0, shown).join(', '), names.length - shown);
}

/** Up to ten names, one a line, then "and N more": what a confirmation lists. */
export function nameLines(names: readonly string[], shown = 10): string[] {
  return names.length <= shown ? [...names] : [...names.slice(0, shown), vscode.l10n.t('and {0} more', names.length - shown)];
}

/** A file as a message names it: its name and its file id, or the id alone when it has no other name. */
export function fileLabel(file: { fileName: string; fileId: string }): string {
  return !file.fileId || file.fileName === file.fileId ? file.fileName || file.fileId : vscode.l10n.t('{0} (file id {1})', file.fileName, file.fileId);
}
