// Files and folders dropped on the Pending Uploads view: from the Explorer (text/uri-list) or from the
// operating system ("files", each with the path it has on disk). A drop on the view uploads like
// Upload Files...; a drop on an asset row, or a file row of one, goes into that asset. The work is
// the metastudio.uploadDropped command, so a drop is logged and fails like any command.
import vscode = require('vscode');
import * as path from 'node:path';
import { pathOnThisHost } from './dropSources';
import type { PendingNode } from './pendingTree';

export const UPLOAD_DROPPED = 'metastudio.uploadDropped';

export class PendingDropController implements vscode.TreeDragAndDropController<PendingNode> {
  readonly dropMimeTypes = ['text/uri-list', 'files'];
  readonly dragMimeTypes: string[] = [];

  async handleDrop(target: PendingNode | undefined, data: vscode.DataTransfer, token: vscode.CancellationToken): Promise<void> {
    const { uris, withoutPath } = await droppedUris(data);
    if (token.isCancellationRequested || uris.length + withoutPath.length === 0) {
      return;
    }
    const assetId = target?.kind === 'asset' ? target.asset.assetId : target?.kind === 'file' && !target.file.upload ? target.file.assetId : undefined;
    await vscode.commands.executeCommand(UPLOAD_DROPPED, { uris, withoutPath, assetId });
  }
}

/** What a drop holds: files with a path on this machine, and the names of those without one. */
export async function droppedUris(data: vscode.DataTransfer): Promise<{ uris: vscode.Uri[]; withoutPath: string[] }> {
  const uris = new Map<string, vscode.Uri>();
  const withoutPath: string[] = [];
  const list = await data.get('text/uri-list')?.asString();
  // RFC 2483: one URI a line, lines starting with # are comments.
  for (const line of (list ?? '').split(/\r?\n/).map((l) => l.trim())) {
    if (line && !line.startsWith('#')) {
      const parsed = vscode.Uri.parse(line);
      const onDisk = pathOnThisHost(parsed, vscode.env.remoteName);
      if (onDisk !== undefined) {
        const uri = parsed.scheme === 'file' ? parsed : vscode.Uri.file(onDisk);
        uris.set(uri.fsPath, uri);
      } else {
        withoutPath.push(parsed.scheme === 'vscode-remote' ? `${path.posix.basename(parsed.path)} (${parsed.authority})` : line);
      }
    }
  }
  data.forEach((item) => {
    const file = item.asFile();
    if (file?.uri?.scheme === 'file') {
      uris.set(file.uri.fsPath, file.uri);
    } else if (file && ![...uris.values()].some((u) => u.path.endsWith(`/${file.name}`))) {
      withoutPath.push(file.name); // a browser drop carries the bytes but no path to read from again
    }
  });
  return { uris: [...uris.values()], withoutPath };
}

