// The status bar item: "MetaStudio: N pending" while uploads are pending, what runs while an upload
// or a mark runs, and an error look when MetaStudio refused the credentials. Hidden when nothing is
// pending (or nothing is known yet, or no one is signed in) unless `metastudio.statusBarAtZero`
// keeps it. A click opens the Pending Uploads view; the tooltip names the current profile, with a
// link to switch.
import vscode = require('vscode');
import type { PendingUploads } from './pending/model';
import { unavailableText, type Session } from './session';
import { readSettings, SECTION } from './settings';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('metastudio.status', vscode.StatusBarAlignment.Left, 50);
  /** What runs now, newest last: the item shows the newest, then the one before, then the count. */
  private readonly running: string[] = [];
  private shown = false;
  private readonly subscriptions: Array<{ dispose(): void }>;

  constructor(private readonly session: Session, private readonly model: PendingUploads) {
    this.item.name = vscode.l10n.t('MetaStudio Pending Uploads');
    this.subscriptions = [
      session.onDidChangeState(() => this.update()),
      model.onDidChange(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`${SECTION}.statusBarAtZero`) && this.update()),
    ];
    this.update();
  }

  /** Shows a spinner with `label` (it names the work and MetaStudio) until `work` settles. */
  async track<T>(label: string, work: PromiseLike<T>): Promise<T> {
    this.running.push(label);
    this.update();
    try {
      return await work;
    } finally {
      this.running.splice(this.running.indexOf(label), 1);
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

  /** Whether the item is in the status bar now. */
  get visible(): boolean {
    return this.shown;
  }

  private update(): void {
    const state = this.session.state;
    const count = this.model.count;
    const activity = this.running.at(-1);
    this.item.backgroundColor = state === 'rejected' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    const profile = this.session.profile;
    this.item.command = state === 'ready' ? 'metastudio.pending.focus' : profile?.unavailable ? 'metastudio.switchProfile' : 'metastudio.configureCredentials';
    if (activity !== undefined) {
      this.item.text = `$(sync~spin) ${activity}`;
    } else if (state === 'unconfigured') {
      this.item.text = `$(cloud-upload) ${vscode.l10n.t('MetaStudio: not signed in')}`;
    } else if (state === 'rejected') {
      this.item.text = `$(error) ${vscode.l10n.t('MetaStudio: credentials refused')}`;
    } else {
      this.item.text = `$(cloud-upload) ${this.model.isLoaded ? vscode.l10n.t('MetaStudio: {0} pending', count) : vscode.l10n.t('MetaStudio: pending uploads')}`;
    }
    const sentence =
      profile?.unavailable
        ? unavailableText(profile)
        : state === 'unconfigured'
        ? vscode.l10n.t('MetaStudio: credentials are not configured. Click to configure them.')
        : state === 'rejected'
          ? vscode.l10n.t('MetaStudio refused the credentials. Click to configure them again.')
          : this.model.isLoaded
            ? count === 1
              ? vscode.l10n.t('MetaStudio: 1 pending upload. Click to show it.')
              : vscode.l10n.t('MetaStudio: {0} pending uploads. Click to show them.', count)
            : vscode.l10n.t('MetaStudio: click to show the pending uploads.');
    // What a screen reader says: the sentence, not the icon's name.
    this.item.accessibilityInformation = { label: activity ?? sentence };
    const tooltip = new vscode.MarkdownString(sentence, true);
    tooltip.isTrusted = { enabledCommands: ['metastudio.switchProfile'] };
    if (profile) {
      // The name is the user's text: its Markdown characters are escaped, so it shows as typed.
      const name = profile.name.replace(/[\\`*_{}[\]()<>#+\-.!|$~]/g, '\\$&');
      tooltip.appendMarkdown(`\n\n$(account) ${vscode.l10n.t('Profile: {0}', name)} · [${vscode.l10n.t('Switch Profile')}](command:metastudio.switchProfile)`);
    }
    this.item.tooltip = tooltip;
    // Something to say: work running, refused credentials, or files pending; else only when the setting keeps it.
    const show = activity !== undefined || state === 'rejected' || (state === 'ready' && this.model.isLoaded && count > 0) || readSettings().statusBarAtZero;
    if (show !== this.shown) {
      this.shown = show;
      if (show) {
        this.item.show();
      } else {
        this.item.hide();
      }
    }
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.item.dispose();
  }
}
