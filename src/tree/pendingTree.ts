// The Pending Uploads view: assets, and under each the files MetaStudio still has in CREATING.
import vscode = require('vscode');
import { formatBytes } from '../client/fileTypes';
import type { ConfirmState } from '../client/types';
import { assetStateWord, assetTypeWord, fileStateWord } from '../commands/assetWords';
import { failureLines } from '../commands/errorText';
import type { PendingAsset, PendingFile, PendingUploads } from '../pending/model';
import { offerOf, urlTimeLeft } from '../pending/recovery';

export type PendingNode = { kind: 'machine' } | { kind: 'asset'; asset: PendingAsset } | { kind: 'file'; file: PendingFile } | { kind: 'listingFailed'; reason: string };

const EXPANDED_UP_TO = 30;

/** How far each step got, in words, for a local upload's row. */
const STEP_WORDS: Record<string, string> = {
  creating: 'stopped before CreateFile answered',
  created: 'not uploaded yet',
  uploading: 'upload interrupted',
  uploaded: 'uploaded, not confirmed',
  confirming: '{0} not confirmed',
};

/** How a row resolved a moment ago reads while it stays (model.ts, `holdMs`). */
const RESOLVED_WORDS: Record<ConfirmState, string> = {
  CREATED: 'Confirmed',
  FAILED: 'Marked as failed',
  CANCELLED: 'Cancelled',
};

const ASSET_ICONS: Record<string, string> = {
  VIDEO: 'device-camera-video', IMAGE: 'file-media', PPT: 'preview', MUSIC: 'music', AUDIO: 'unmute', COMMON_FILE: 'file',
  HUMAN_MODEL: 'person', HUMAN_MODEL_2D: 'person', VOICE_MODEL: 'mic', SCENE: 'globe', ANIMATION: 'run-all',
  MATERIAL: 'symbol-color', NORMAL_MODEL: 'symbol-class', BUSINESS_CARD_TEMPLET: 'credit-card',
};

export class PendingTreeProvider implements vscode.TreeDataProvider<PendingNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PendingNode | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };
  /** Why the last listing failed, while no listing is shown: one row says it, with Retry and Show Output. */
  private failure?: string;

  constructor(private readonly model: PendingUploads, private readonly now: () => number = Date.now) {
    this.subscription = model.onDidChange(() => this.changed.fire());
  }

  /** The listing failed (`reason`, one sentence) or works again (undefined). */
  setFailure(reason: string | undefined): void {
    if (reason !== this.failure) {
      this.failure = reason;
      this.changed.fire();
    }
  }

  getChildren(node?: PendingNode): PendingNode[] {
    if (!node) {
      // Until a listing of this session is complete: a kept one may show, and is older than it looks.
      const failed: PendingNode[] = this.failure !== undefined && !this.model.isLoaded ? [{ kind: 'listingFailed', reason: this.failure }] : [];
      const machine: PendingNode[] = this.model.localRows().length > 0 ? [{ kind: 'machine' }] : [];
      return [...failed, ...machine, ...this.model.rowGroups().map((asset): PendingNode => ({ kind: 'asset', asset }))];
    }
    if (node.kind === 'machine') {
      return this.model.localRows().map((file) => ({ kind: 'file', file }));
    }
    return node.kind === 'asset' ? node.asset.files.map((file) => ({ kind: 'file', file })) : [];
  }

  getParent(node: PendingNode): PendingNode | undefined {
    if (node.kind !== 'file') {
      return undefined;
    }
    if (node.file.upload) {
      return { kind: 'machine' };
    }
    const asset = this.model.rowGroups().find((a) => a.assetId === node.file.assetId);
    return asset && { kind: 'asset', asset };
  }

  getTreeItem(node: PendingNode): vscode.TreeItem {
    switch (node.kind) {
      case 'machine':
        return this.machineItem();
      case 'asset':
        return this.assetItem(node.asset);
      case 'file':
        return node.file.resolvedAs ? this.resolvedItem(node.file) : node.file.upload ? this.uploadItem(node.file) : this.fileItem(node.file);
      case 'listingFailed':
        return this.failureItem(node.reason);
    }
  }

  /** The node for a file id; tree items carry ids, so VS Code finds the row from a fresh node. */
  fileNode(fileId: string): PendingNode | undefined {
    const file = this.model.find(fileId);
    return file && { kind: 'file', file };
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** The first listing failed: what went wrong, with Retry and Show Output inline; a click retries. */
  private failureItem(reason: string): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Could not list the pending uploads'), vscode.TreeItemCollapsibleState.None);
    item.id = 'listingFailed';
    item.description = reason;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    item.contextValue = 'listingFailed';
    item.tooltip = new vscode.MarkdownString(`${escape(reason)}\n\n${escape(vscode.l10n.t('Retry, or see the details in the output.'))}`);
    item.command = { command: 'metastudio.refresh', title: vscode.l10n.t('Retry') };
    return item;
  }

  /** A file resolved a moment ago: it stays in its place, without actions, then leaves. */
  private resolvedItem(file: PendingFile): vscode.TreeItem {
    const item = new vscode.TreeItem(file.fileName, vscode.TreeItemCollapsibleState.None);
    item.id = file.upload ? `upload:${file.upload.id}` : `file:${file.fileId}`;
    const words = vscode.l10n.t(RESOLVED_WORDS[file.resolvedAs!]);
    item.description = words;
    item.iconPath = new vscode.ThemeIcon(file.resolvedAs === 'CREATED' ? 'pass' : 'circle-slash', new vscode.ThemeColor(file.resolvedAs === 'CREATED' ? 'testing.iconPassed' : 'disabledForeground'));
    item.contextValue = 'resolvedFile';
    item.tooltip = new vscode.MarkdownString([`**${escape(file.fileName)}**`, vscode.l10n.t('File ID: {0}', `\`${file.fileId}\``), escape(words)].join('\n\n'));
    return item;
  }

  private machineItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('This machine'), vscode.TreeItemCollapsibleState.Expanded);
    item.id = 'machine';
    const count = this.model.localUploads().length;
    item.description = count === 1 ? vscode.l10n.t('1 unfinished upload') : vscode.l10n.t('{0} unfinished uploads', count);
    item.iconPath = new vscode.ThemeIcon('vm');
    item.contextValue = 'machine';
    item.tooltip = vscode.l10n.t('Uploads started here that did not finish: resume them, mark them, or forget them.');
    return item;
  }

  private uploadItem(file: PendingFile): vscode.TreeItem {
    const upload = file.upload!;
    const item = new vscode.TreeItem(file.fileName, vscode.TreeItemCollapsibleState.None);
    item.id = `upload:${upload.id}`;
    const left = urlTimeLeft(upload, this.now());
    const state = offerOf(upload, this.now(), !file.urlLost);
    const needsUrl = upload.step === 'created' || upload.step === 'uploading';
    const expired = state === 'expired';
    const urlLost = state === 'urlLost';
    const words = file.elsewhere ? vscode.l10n.t('uploading in another window') : file.active ? vscode.l10n.t('uploading now') : vscode.l10n.t(STEP_WORDS[upload.step], upload.confirming ?? '');
    const time = urlLost ? vscode.l10n.t('upload URL not saved') : needsUrl ? (expired ? vscode.l10n.t('URL expired') : vscode.l10n.t('URL valid {0}', duration(left))) : undefined;
    // A large file: how many of its parts OBS has, which is what Resume will not send again.
    const parts = upload.parts && vscode.l10n.t('{0} of {1} parts sent', upload.parts.etags.filter((e) => e !== null).length, upload.parts.count);
    // Size first: what tells two files apart at a glance; the asset and the URL's time are in the tooltip.
    item.description = [formatBytes(upload.size), words, parts, expired || urlLost ? time : undefined].filter(Boolean).join(' · ');
    // A running upload offers no Resume, Forget or Mark, here or in another window.
    item.contextValue = file.active ? 'runningUpload' : file.fileId ? `pendingFile.local.${state}${file.lastError ? '.failed' : ''}${file.neverUploaded ? '.notUploaded' : ''}` : 'localUpload.orphan';
    item.iconPath = file.active
      ? new vscode.ThemeIcon('sync~spin')
      : file.lastError || expired || urlLost
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : new vscode.ThemeIcon('debug-pause');
    const lines = [
      `**${escape(file.fileName)}**`,
      `${escape(upload.localPath)}`,
      vscode.l10n.t('File ID: {0}', file.fileId ? `\`${file.fileId}\`` : vscode.l10n.t('none yet')),
      `${vscode.l10n.t('Asset: {0}', `${escape(file.assetName)} (\`${upload.assetId}\`)`)} · ${upload.category} · ${formatBytes(upload.size)}`,
      vscode.l10n.t('step: {0}', words),
    ];
    if (parts) {
      lines.push(parts);
    }
    if (needsUrl && upload.urlExpiresAt && !urlLost) {
      lines.push(vscode.l10n.t('upload URL valid until {0}', new Date(upload.urlExpiresAt).toLocaleString()));
    }
    if (file.lastError) {
      const [sentence, ...said] = failureLines(file);
      lines.push(`$(error) ${escape(sentence)}`, ...said.map(escape));
    }
    lines.push(...neverUploadedLines(file));
    item.tooltip = new vscode.MarkdownString(lines.join('\n\n'), true);
    return item;
  }

  private assetItem(asset: PendingAsset): vscode.TreeItem {
    if (asset.removed) {
      return this.removedItem(asset);
    }
    if (asset.leftover && asset.files.length === 0) {
      return this.leftoverItem(asset);
    }
    if (asset.hiddenFiles && asset.files.length === 0) {
      return this.hiddenItem(asset);
    }
    // Open when there are few: thousands of open assets would be neither readable nor quick.
    const open = this.model.groups().length <= EXPANDED_UP_TO;
    const item = new vscode.TreeItem(asset.assetName, open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `asset:${asset.assetId}`;
    // The type is in the icon and the tooltip: the count fits the default sidebar.
    item.description = vscode.l10n.t('{0} pending', asset.files.filter((f) => !f.resolvedAs).length);
    item.iconPath = new vscode.ThemeIcon(ASSET_ICONS[asset.assetType ?? ''] ?? 'package');
    item.contextValue = 'pendingAsset';
    item.tooltip = new vscode.MarkdownString([`**${escape(asset.assetName)}**`, vscode.l10n.t('Asset ID: {0}', `\`${asset.assetId}\``), vscode.l10n.t('Type: {0}', assetTypeWord(asset.assetType))].join('\n\n'));
    return item;
  }

  private fileItem(file: PendingFile): vscode.TreeItem {
    const item = new vscode.TreeItem(file.fileName, vscode.TreeItemCollapsibleState.None);
    item.id = `file:${file.fileId}`;
    const age = file.createdAt ? ageOf(Date.parse(file.createdAt), this.now()) : undefined;
    // Size and age tell files apart; the category and the rest are in the tooltip.
    item.description = [file.fileSize === undefined ? undefined : formatBytes(file.fileSize), age].filter(Boolean).join(' · ');
    item.iconPath = file.lastError
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'))
      : new vscode.ThemeIcon('cloud-upload', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    item.contextValue = `${file.lastError ? 'pendingFile.failed' : 'pendingFile'}${file.neverUploaded ? '.notUploaded' : ''}`;
    const lines = [
      `**${escape(file.fileName)}**`,
      vscode.l10n.t('File ID: {0}', `\`${file.fileId}\``),
      vscode.l10n.t('Asset: {0}', `${escape(file.assetName)} (\`${file.assetId}\`)`),
      `${vscode.l10n.t('State: {0}', fileStateWord(file.state))}${file.category ? ` · ${file.category}` : ''}${file.fileSize === undefined ? '' : ` · ${formatBytes(file.fileSize)}`}`,
    ];
    if (file.createdAt) {
      lines.push(vscode.l10n.t('pending since {0}', new Date(file.createdAt).toLocaleString()));
    }
    if (file.lastError) {
      const [sentence, ...said] = failureLines(file);
      lines.push(`$(error) ${escape(sentence)}`, ...said.map(escape));
    }
    lines.push(...neverUploadedLines(file));
    item.tooltip = new vscode.MarkdownString(lines.join('\n\n'), true);
    return item;
  }

  /** A frozen (BLOCK) asset, or one listed without `files`: MetaStudio shows none of its files, so pending ones may be hidden in it. */
  private hiddenItem(asset: PendingAsset): vscode.TreeItem {
    const item = new vscode.TreeItem(asset.assetName, vscode.TreeItemCollapsibleState.None);
    item.id = `asset:${asset.assetId}`;
    const frozen = asset.assetState === 'BLOCK';
    item.description = [asset.assetType, frozen ? vscode.l10n.t('frozen: files hidden') : vscode.l10n.t('files not shown')].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('lock', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    item.contextValue = 'hiddenAsset';
    item.tooltip = new vscode.MarkdownString([
      `**${escape(asset.assetName)}**`,
      vscode.l10n.t('Asset ID: {0}', `\`${asset.assetId}\``),
      `${vscode.l10n.t('State: {0}', assetStateWord(asset.assetState))} · ${vscode.l10n.t('Type: {0}', assetTypeWord(asset.assetType))}`,
      escape(frozen
        ? vscode.l10n.t('MetaStudio has frozen this asset and shows none of its files: files still pending in it cannot be listed. Ask MetaStudio support to unfreeze it.')
        : vscode.l10n.t('MetaStudio listed this asset without its files. Refresh to list them.')),
    ].join('\n\n'));
    return item;
  }

  /** An empty asset deleted a moment ago: it stays in its place, without actions, then leaves. */
  private removedItem(asset: PendingAsset): vscode.TreeItem {
    const item = new vscode.TreeItem(asset.assetName, vscode.TreeItemCollapsibleState.None);
    item.id = `asset:${asset.assetId}`;
    item.description = vscode.l10n.t('Deleted');
    item.iconPath = new vscode.ThemeIcon('trash', new vscode.ThemeColor('disabledForeground'));
    item.contextValue = 'removedAsset';
    item.tooltip = new vscode.MarkdownString([`**${escape(asset.assetName)}**`, vscode.l10n.t('Asset ID: {0}', `\`${asset.assetId}\``), escape(vscode.l10n.t('Deleted: MetaStudio keeps it in its recycle bin.'))].join('\n\n'));
    return item;
  }

  /** An asset left CREATING with no file: nothing to confirm, only to delete or upload into. */
  private leftoverItem(asset: PendingAsset): vscode.TreeItem {
    const item = new vscode.TreeItem(asset.assetName, vscode.TreeItemCollapsibleState.None);
    item.id = `asset:${asset.assetId}`;
    item.description = [asset.assetType, vscode.l10n.t('empty: no file')].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    item.contextValue = 'leftoverAsset';
    item.tooltip = new vscode.MarkdownString([
      `**${escape(asset.assetName)}**`,
      vscode.l10n.t('Asset ID: {0}', `\`${asset.assetId}\``),
      `${vscode.l10n.t('State: {0}', assetStateWord('CREATING'))} · ${vscode.l10n.t('Type: {0}', assetTypeWord(asset.assetType))}`,
      escape(vscode.l10n.t('This asset has no file: an upload into it was cancelled or never created its file. Delete it, or upload a file into it.')),
    ].join('\n\n'));
    return item;
  }
}

/** What a file MetaStudio has no bytes for needs, in the tooltip. */
function neverUploadedLines(file: PendingFile): string[] {
  return file.neverUploaded
    ? [escape(vscode.l10n.t('To finish it: right-click, Upload a Local File in Its Place..., or Mark as Cancelled.'))]
    : [];
}

/** Command arguments come from menus, keybindings and other extensions: check their shape. */
export function isPendingNode(value: unknown): value is PendingNode {
  const node = value as Partial<Record<'kind' | 'file' | 'asset', unknown>> | undefined;
  switch (node?.kind) {
    case 'machine':
      return true;
    case 'file':
      return typeof (node.file as PendingFile | undefined)?.fileId === 'string';
    case 'asset':
      return Array.isArray((node.asset as PendingAsset | undefined)?.files);
    default:
      return false;
  }
}

/**
 * The files a selection of rows stands for: a file itself, an asset's files, this machine's uploads.
 * Only ids are taken from the arguments; the files and records are the model's, so an argument from
 * a command link or another extension cannot act on data it made up. Unknown ids are left out.
 */
export function filesOf(nodes: readonly unknown[], model: PendingUploads): PendingFile[] {
  const files = nodes.filter(isPendingNode).flatMap((node): readonly PendingFile[] => {
    switch (node.kind) {
      case 'file':
        return known(node.file, model);
      case 'asset':
        return model.files().filter((f) => f.assetId === node.asset.assetId && !f.upload);
      default:
        return model.localUploads();
    }
  });
  return [...new Map(files.map((f) => [f.upload?.id ?? f.fileId, f])).values()];
}

/** The model's own file for a file row: a local upload by its record id, a server file by its file id. */
function known(file: PendingFile, model: PendingUploads): PendingFile[] {
  const recordId = (file.upload as { id?: unknown } | undefined)?.id;
  const found = typeof recordId === 'string'
    ? model.localUploads().find((f) => f.upload?.id === recordId)
    : model.files().find((f) => !f.upload && f.fileId === file.fileId && f.fileId !== '');
  return found ? [found] : [];
}

export function ageOf(since: number, now: number): string | undefined {
  if (Number.isNaN(since)) {
    return undefined;
  }
  const minutes = Math.max(0, Math.floor((now - since) / 60_000));
  if (minutes < 60) {
    return vscode.l10n.t('{0} min ago', minutes);
  }
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? vscode.l10n.t('{0} h ago', hours) : vscode.l10n.t('{0} days ago', Math.floor(hours / 24));
}

function duration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  return minutes < 60 ? vscode.l10n.t('{0} min', minutes) : vscode.l10n.t('{0} h', Math.floor(minutes / 60));
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
