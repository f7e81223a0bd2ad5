// The status bar item: how many uploads are pending, a spinner while work runs, and a warning look
// when credentials are missing or were refused. A click opens the Pending Uploads view; the tooltip
// names the current profile, with a link to switch.
import vscode = require('vscode');
import type { PendingUploads } from './pending/model';
import { unavailableText, type Session } from './session';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('metastudio.status', vscode.StatusBarAlignment.Left, 50);
  private busy = 0;
  private activity = '';
  private readonly subscriptions: Array<{ dispose(): void }>;

  constructor(private readonly session: Session, private readonly model: PendingUploads) {
    this.item.name = 'MetaStudio';
    this.subscriptions = [session.onDidChangeState(() => this.update()), model.onDidChange(() => this.update())];
    this.update();
    this.item.show();
  }

  /** Shows a spinner with `label` until `work` settles. */
  async track<T>(label: string, work: PromiseLike<T>): Promise<T> {
    this.busy++;
    this.activity = label;
    this.update();
    try {
      return await work;
    } finally {
      this.busy--;
      this.update();
    }
  }

  /** What the item shows now, for tests and logs. */
  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : (this.item.tooltip?.value ?? '');
  }

  get warning(): boolean {
    return this.item.backgroundColor !== undefined;
  }

  private update(): void {
    const state = this.session.state;
    this.item.backgroundColor = state === 'ready' ? undefined : new vscode.ThemeColor('statusBarItem.warningBackground');
    const profile = this.session.profile;
    this.item.command = state === 'ready' ? 'metastudio.pending.focus' : profile?.unavailable ? 'metastudio.switchProfile' : 'metastudio.configureCredentials';
    if (this.busy > 0) {
      this.item.text = `$(sync~spin) ${this.activity}`;
    } else if (state === 'unconfigured') {
      this.item.text = '$(warning) MetaStudio';
    } else if (state === 'rejected') {
      this.item.text = '$(error) MetaStudio';
    } else {
      this.item.text = this.model.isLoaded ? `$(cloud-upload) ${this.model.count}` : '$(cloud-upload) MetaStudio';
    }
    const sentence =
      profile?.unavailable
        ? unavailableText(profile)
        : state === 'unconfigured'
        ? vscode.l10n.t('MetaStudio: credentials are not configured. Click to configure them.')
        : state === 'rejected'
          ? vscode.l10n.t('MetaStudio refused the credentials. Click to configure them again.')
          : this.model.isLoaded
            ? this.model.count === 1
              ? vscode.l10n.t('MetaStudio: 1 pending upload. Click to show it.')
              : vscode.l10n.t('MetaStudio: {0} pending uploads. Click to show them.', this.model.count)
            : vscode.l10n.t('MetaStudio: click to show the pending uploads.');
    const tooltip = new vscode.MarkdownString(sentence, true);
    tooltip.isTrusted = { enabledCommands: ['metastudio.switchProfile'] };
    if (profile) {
      // The name is the user's text: its Markdown characters are escaped, so it shows as typed.
      const name = profile.name.replace(/[\\`*_{}[\]()<>#+\-.!|$~]/g, '\\$&');
      tooltip.appendMarkdown(`\n\n$(account) ${vscode.l10n.t('Profile: {0}', name)} · [${vscode.l10n.t('Switch Profile')}](command:metastudio.switchProfile)`);
    }
    this.item.tooltip = tooltip;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.item.dispose();
  }
}
