// The work of a drop on the Pending Uploads view (see tree/dropController.ts).
import * as path from 'node:path';
import vscode = require('vscode');
import type { Services } from '../services';
import { uploadSelection } from './upload';

export interface Drop {
  uris: vscode.Uri[];
  /** Names of dropped files that have no path on this machine. */
  withoutPath: string[];
  /** The asset of the row dropped on, if any. */
  assetId?: string;
}

export function uploadDroppedCommand(services: Services) {
  return async (arg?: unknown) => {
    if (!isDrop(arg)) {
      return;
    }
    const drop = arg;
    const names = [...drop.uris.map((u) => path.basename(u.fsPath)), ...drop.withoutPath].join(', ');
    if (services.session.state === 'unconfigured') {
      await services.view.reload(); // credentials saved meanwhile, here or in another window
    }
    if (services.session.state === 'unconfigured') {
      // Nothing is created or recorded: the drop is simply not taken.
      services.logger.warn('upload', `drop of ${names} refused: not signed in`);
      const configure = vscode.l10n.t('Configure Credentials');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('{0} was not uploaded: sign in to MetaStudio first, then drop it again.', names), configure);
      if (choice === configure) {
        await vscode.commands.executeCommand('metastudio.configureCredentials');
      }
      return;
    }
    if (drop.withoutPath.length > 0) {
      const which = drop.withoutPath.join(', ');
      services.logger.warn('upload', `dropped without a path on this machine: ${which}`);
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} cannot be uploaded from this drop: it has no path on this machine. Drop it from the Explorer, or use Upload Files....', which));
    }
    if (drop.uris.length === 0) {
      return;
    }
    await uploadSelection(services, drop.uris, drop.assetId);
  };
}

/** Command arguments can come from anywhere: check the shape. */
function isDrop(value: unknown): value is Drop {
  const drop = value as Partial<Drop> | undefined;
  return Array.isArray(drop?.uris) && drop.uris.every((u) => u instanceof vscode.Uri) && Array.isArray(drop.withoutPath) && drop.withoutPath.every((n) => typeof n === 'string') && (drop.assetId === undefined || typeof drop.assetId === 'string');
}
