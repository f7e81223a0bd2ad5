// A do-nothing `vscode` module for the plain-Node figures of rows 6 and 7: enough of the API for
// activate() and the tree provider to run, with no UI behind it. Figures taken with it are
// labelled "plain Node, stub vscode"; the real host's figures come from bench/host.
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

const NOWHERE = path.join(os.tmpdir(), 'metastudio-bench-no-such-dir');

type Listener<T> = (value: T) => unknown;

class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(value: T): void {
    this.listeners.forEach((l) => l(value));
  }
  dispose(): void {
    this.listeners = [];
  }
}

const disposable = { dispose: () => undefined };
const noEvent = () => disposable;

class TreeItem {
  id?: string;
  description?: string;
  constructor(readonly label: string, readonly collapsibleState?: number) {}
}

class ThemeIcon {
  constructor(readonly id: string, readonly color?: unknown) {}
}

class ThemeColor {
  constructor(readonly id: string) {}
}

class MarkdownString {
  constructor(public value = '', readonly supportThemeIcons = false) {}
  appendMarkdown(text: string): this {
    this.value += text;
    return this;
  }
}

const format = (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

/** Whatever else is asked for: a function that does nothing and returns a disposable. */
const anything: object = new Proxy(() => disposable, { get: (_target, key) => (key === 'then' ? undefined : anything) });

/** Settings the stub answers (`section.key` or `key`), and whether its tree views say they are visible. */
const stubState = { settings: {} as Record<string, unknown>, treeViewsVisible: false };

/** From now on the stub's configuration answers these values, and its tree views are `visible` or not. */
export function setStubState(settings: Record<string, unknown>, treeViewsVisible: boolean): void {
  stubState.settings = settings;
  stubState.treeViewsVisible = treeViewsVisible;
}

const channel = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, trace: () => undefined, appendLine: () => undefined, show: () => undefined, dispose: () => undefined };

const api = {
  EventEmitter,
  TreeItem,
  ThemeIcon,
  ThemeColor,
  MarkdownString,
  Disposable: class {
    constructor(private readonly callOnDispose: () => void) {}
    dispose() {
      this.callOnDispose();
    }
  },
  CancellationError: class extends Error {},
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  l10n: { t: format },
  env: { clipboard: { writeText: async () => undefined } },
  commands: { registerCommand: () => disposable, executeCommand: async () => undefined },
  workspace: { getConfiguration: () => ({ get: (key: string, fallback?: unknown) => (key in stubState.settings ? stubState.settings[key] : fallback) }), onDidChangeConfiguration: noEvent },
  window: {
    createOutputChannel: () => channel,
    createStatusBarItem: () => ({ show: () => undefined, hide: () => undefined, dispose: () => undefined }),
    createTreeView: () => ({ onDidChangeVisibility: noEvent, onDidChangeSelection: noEvent, visible: stubState.treeViewsVisible, dispose: () => undefined }),
    withProgress: async (_options: unknown, task: (progress: unknown) => unknown) => task({ report: () => undefined }),
  },
};

const stub = new Proxy(api, { get: (target, key) => (key in target ? target[key as keyof typeof api] : anything) });

/** Makes `require('vscode')` anywhere in this process return the stub. */
export function installVscodeStub(): void {
  const resolve = (Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string })._resolveFilename;
  (Module as unknown as { _resolveFilename: typeof resolve })._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub } as unknown as NodeJS.Module;
}

/** A context for activate(): its own subscriptions, secrets that hold nothing. */
export function fakeContext(): object {
  return {
    subscriptions: [] as { dispose(): void }[],
    secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: noEvent },
    globalState: { get: () => undefined, update: async () => undefined, keys: () => [] },
    workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
    // Where nothing is: activate() reads no file, and these stay unread.
    extensionUri: { fsPath: NOWHERE },
    globalStorageUri: { fsPath: NOWHERE },
    storageUri: { fsPath: NOWHERE },
    logUri: { fsPath: NOWHERE },
  };
}
