// The work of a drop on the Pending Uploads view (see tree/dropController.ts).
import * as path from 'node:path';
import vscode = require('vscode');
import { buttons, someNames, warn } from '../messages';
import type { Services } from '../services';
import { uploadSelection, type Aside } from './upload';

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
    const all = [...drop.uris.map((u) => path.basename(u.fsPath)), ...drop.withoutPath];
    const names = all.join(', ');
    if (services.session.state === 'unconfigured') {
      await services.view.reload(); // credentials saved meanwhile, here or in another window
    }
    if (services.session.state === 'unconfigured') {
      // Nothing is created or recorded: the drop is simply not taken.
      services.logger.warn('upload', `drop of ${names} refused: not signed in`);
      warn(all.length === 1
        ? vscode.l10n.t('{0} was not uploaded: sign in to MetaStudio first, then drop it again.', all[0])
        : vscode.l10n.t('{0} were not uploaded: sign in to MetaStudio first, then drop them again.', someNames(all)), buttons.configure());
      return;
    }
    // Said in the upload's summary when there is one: one drop, one notification.
    let aside: Aside | undefined;
    if (drop.withoutPath.length > 0) {
      const which = someNames(drop.withoutPath);
      services.logger.warn('upload', `dropped without a path on this machine: ${drop.withoutPath.join(', ')}`);
      aside = {
        text: drop.withoutPath.length === 1
          ? vscode.l10n.t('{0} cannot be uploaded from this drop: it has no path on this machine. Drop it from the Explorer, or use Upload Files....', which)
          : vscode.l10n.t('{0} cannot be uploaded from this drop: they have no path on this machine. Drop them from the Explorer, or use Upload Files....', which),
      };
    }
    try {
      if (drop.uris.length > 0) {
        await uploadSelection(services, drop.uris, drop.assetId, aside);
      }
    } finally {
      if (aside && !aside.said) {
        warn(aside.text);
      }
    }
  };
}

/** Command arguments can come from anywhere: check the shape. */
function isDrop(value: unknown): value is Drop {
  const drop = value as Partial<Drop> | undefined;
  return Array.isArray(drop?.uris) && drop.uris.every((u) => u instanceof vscode.Uri) && Array.isArray(drop.withoutPath) && drop.withoutPath.every((n) => typeof n === 'string') && (drop.assetId === undefined || typeof drop.assetId === 'string');
}
