// The Pending Uploads view: assets, and under each the files MetaStudio still has in CREATING.
import * as vscode from 'vscode';
import { formatBytes } from '../client/fileTypes';
import type { PendingAsset, PendingFile, PendingUploads } from '../pending/model';

export type PendingNode = { kind: 'asset'; asset: PendingAsset } | { kind: 'file'; file: PendingFile };

const ASSET_ICONS: Record<string, string> = { VIDEO: 'device-camera-video', IMAGE: 'file-media', PPT: 'preview', MUSIC: 'music', AUDIO: 'unmute', COMMON_FILE: 'file' };

export class PendingTreeProvider implements vscode.TreeDataProvider<PendingNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PendingNode | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly model: PendingUploads, private readonly now: () => number = Date.now) {
    this.subscription = model.onDidChange(() => this.changed.fire());
  }

  getChildren(node?: PendingNode): PendingNode[] {
    if (!node) {
      return this.model.groups().map((asset) => ({ kind: 'asset', asset }));
    }
    return node.kind === 'asset' ? node.asset.files.map((file) => ({ kind: 'file', file })) : [];
  }

  getParent(node: PendingNode): PendingNode | undefined {
    if (node.kind === 'asset') {
      return undefined;
    }
    const asset = this.model.groups().find((a) => a.assetId === node.file.assetId);
    return asset && { kind: 'asset', asset };
  }

  getTreeItem(node: PendingNode): vscode.TreeItem {
    return node.kind === 'asset' ? this.assetItem(node.asset) : this.fileItem(node.file);
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

  private assetItem(asset: PendingAsset): vscode.TreeItem {
    const item = new vscode.TreeItem(asset.assetName, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `asset:${asset.assetId}`;
    item.description = [asset.assetType, vscode.l10n.t('{0} pending', asset.files.length)].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(ASSET_ICONS[asset.assetType ?? ''] ?? 'package');
    item.contextValue = 'pendingAsset';
    item.tooltip = new vscode.MarkdownString(`**${escape(asset.assetName)}**\n\nasset_id: \`${asset.assetId}\`\n\nasset_type: ${asset.assetType ?? '?'}`);
    return item;
  }

  private fileItem(file: PendingFile): vscode.TreeItem {
    const item = new vscode.TreeItem(file.fileName, vscode.TreeItemCollapsibleState.None);
    item.id = `file:${file.fileId}`;
    const age = file.createdAt ? ageOf(Date.parse(file.createdAt), this.now()) : undefined;
    item.description = [file.fileSize === undefined ? undefined : formatBytes(file.fileSize), file.category, age].filter(Boolean).join(' · ');
    item.iconPath = file.lastError
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'))
      : new vscode.ThemeIcon('cloud-upload', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    item.contextValue = file.lastError ? 'pendingFile.failed' : 'pendingFile';
    const lines = [
      `**${escape(file.fileName)}**`,
      `file_id: \`${file.fileId}\``,
      `asset: ${escape(file.assetName)} (\`${file.assetId}\`)`,
      `state: ${file.state}${file.category ? ` · ${file.category}` : ''}${file.fileSize === undefined ? '' : ` · ${formatBytes(file.fileSize)}`}`,
    ];
    if (file.createdAt) {
      lines.push(vscode.l10n.t('pending since {0}', new Date(file.createdAt).toLocaleString()));
    }
    if (file.lastError) {
      lines.push(`$(error) ${escape(file.lastError)}`);
    }
    item.tooltip = new vscode.MarkdownString(lines.join('\n\n'), true);
    return item;
  }
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

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
