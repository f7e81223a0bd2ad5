// Answers the extension's prompts in tests: quick picks, input boxes and message buttons are
// replaced on the shared `vscode.window` for the length of one call, and every message is recorded.
import * as vscode from 'vscode';

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
}

export interface Shown {
  level: 'info' | 'warning' | 'error';
  message: string;
  actions: string[];
  /** The detail of a modal message. */
  detail?: string;
}

type Window = typeof vscode.window & Record<string, unknown>;

export async function withAnswers<T>(answers: Answers, work: () => Thenable<T> | Promise<T>): Promise<{ result: T; shown: Shown[]; validation: string[] }> {
  const window = vscode.window as Window;
  const saved = ['showQuickPick', 'showInputBox', 'showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'showOpenDialog'].map((name) => [name, window[name]] as const);
  const shown: Shown[] = [];
  const validation: string[] = [];
  const picks = [...(answers.quickPick ?? [])];
  const inputs = [...(answers.inputs ?? [])];
  const message = (level: Shown['level']) => async (text: string, ...rest: unknown[]) => {
    const actions = rest.filter((r): r is string => typeof r === 'string');
    const detail = (rest.find((r): r is vscode.MessageOptions => typeof r === 'object' && r !== null) as vscode.MessageOptions | undefined)?.detail;
    shown.push({ level, message: text, actions, ...(detail === undefined ? {} : { detail }) });
    const press = [...(answers.button ? [answers.button] : []), ...(answers.buttons ?? [])].find((b) => actions.includes(b));
    return level !== 'info' ? press : undefined;
  };
  Object.assign(window, {
    showQuickPick: async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => picks.shift()?.(await items),
    showInputBox: async (options?: vscode.InputBoxOptions) => {
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
  });
  try {
    return { result: await work(), shown, validation };
  } finally {
    for (const [name, original] of saved) {
      window[name] = original;
    }
  }
}
