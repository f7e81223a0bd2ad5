// Answers the extension's prompts in tests: quick picks, input boxes and message buttons are
// replaced on the shared `vscode.window` for the length of one call, and every message is recorded.
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';

type Picked = vscode.QuickPickItem | vscode.QuickPickItem[] | undefined;

export interface Answers {
  /** Picks from a quick pick's items: return the item (or items) to choose, or undefined to cancel; a promise of them keeps the pick open until it settles. */
  quickPick?: Array<(items: readonly vscode.QuickPickItem[]) => Picked | Promise<Picked>>;
  /** Typed into input boxes, in order; each is checked with the box's own validateInput first. */
  inputs?: string[];
  /** The button to press on a warning or error message (modal or not), by its label. */
  button?: string;
  /** Several buttons: on each warning or error message, the first of these it offers is pressed. */
  buttons?: string[];
  /** What the Open dialog returns (undefined: cancelled). */
  openFiles?: vscode.Uri[];
  /** Notifications (not modal questions) are left unanswered, as toasts nobody clicks: their promises never settle. */
  unanswered?: boolean;
}

/** A progress notification: its title and every message reported to it. */
export interface Progressed {
  title?: string;
  messages: string[];
}

export interface Shown {
  level: 'info' | 'warning' | 'error';
  message: string;
  /** The buttons, in the order given; VS Code shows the first as the primary one, focused in a modal. */
  actions: string[];
  /** The detail of a modal message. */
  detail?: string;
  /** A modal dialog (a question), not a notification. */
  modal?: boolean;
}

/** An input box as it was shown: its prompt and the value it was filled with. */
export interface Asked {
  prompt?: string;
  value?: string;
  password?: boolean;
}

type Window = typeof vscode.window & Record<string, unknown>;

/**
 * Runs `work` with the prompts answered, then waits for the actions of the notification buttons it
 * pressed (they run after the command, as a click's would), so that their prompts are answered too.
 */
export async function withAnswers<T>(answers: Answers, work: () => Thenable<T> | Promise<T>): Promise<{ result: T; shown: Shown[]; validation: string[]; asked: Asked[]; progress: Progressed[]; pickTitles: string[] }> {
  const window = vscode.window as Window;
  const saved = ['showQuickPick', 'showInputBox', 'showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'showOpenDialog', 'withProgress'].map((name) => [name, window[name]] as const);
  const progress: Progressed[] = [];
  const realProgress = vscode.window.withProgress.bind(vscode.window);
  const shown: Shown[] = [];
  const validation: string[] = [];
  const asked: Asked[] = [];
  const pickTitles: string[] = [];
  const picks = [...(answers.quickPick ?? [])];
  const inputs = [...(answers.inputs ?? [])];
  const message = (level: Shown['level']) => async (text: string, ...rest: unknown[]) => {
    // Options first when given; then the items, strings or MessageItems.
    const options = rest.length > 0 && typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]) ? (rest.shift() as vscode.MessageOptions) : undefined;
    const items = rest.filter((r): r is string | vscode.MessageItem => typeof r === 'string' || (typeof r === 'object' && r !== null && 'title' in r));
    const actions = items.map((item) => (typeof item === 'string' ? item : item.title));
    shown.push({ level, message: text, actions, ...(options?.detail === undefined ? {} : { detail: options.detail }), ...(options?.modal ? { modal: true } : {}) });
    if (answers.unanswered && !options?.modal) {
      return new Promise(() => undefined);
    }
    const press = [...(answers.button ? [answers.button] : []), ...(answers.buttons ?? [])].find((b) => actions.includes(b));
    return level !== 'info' && press !== undefined ? items[actions.indexOf(press)] : undefined;
  };
  Object.assign(window, {
    showQuickPick: async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions) => {
      pickTitles.push(options?.title ?? '');
      return picks.shift()?.(await items);
    },
    showInputBox: async (options?: vscode.InputBoxOptions) => {
      asked.push({ prompt: options?.prompt, value: options?.value, password: options?.password });
      const value = inputs.shift();
      const problem = value === undefined ? undefined : await options?.validateInput?.(value);
      if (problem) {
        validation.push(typeof problem === 'string' ? problem : problem.message);
        return undefined;
      }
      return value;
    },
    showInformationMessage: message('info'),
    showWarningMessage: message('warning'),
    showErrorMessage: message('error'),
    showOpenDialog: async () => answers.openFiles,
    // The real notification, with every message reported to it recorded.
    withProgress: <R>(options: vscode.ProgressOptions, task: (p: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>) => {
      const seen: Progressed = { title: options.title, messages: [] };
      progress.push(seen);
      return realProgress(options, (p, token) => task({ report: (value) => (value.message !== undefined && seen.messages.push(value.message), p.report(value)) }, token));
    },
  });
  try {
    const result = await work();
    await vscode.extensions.getExtension<ExtensionApi>('metastudio-uploads.metastudio-uploads')?.exports?.settled();
    return { result, shown, validation, asked, progress, pickTitles };
  } finally {
    for (const [name, original] of saved) {
      window[name] = original;
    }
  }
}
