// What a folder upload will do, said before anything starts: how many files and bytes, and what is
// left out and why. The details go to the output channel as well.
import * as path from 'node:path';
import vscode = require('vscode');
import { formatBytes } from '../client/fileTypes';
import { MAX_LARGE_FILE_BYTES } from '../client/largeFileRules';
import type { Expansion, SkipReason } from '../pending/folders';
import { confirmWork, fail, someNames } from '../messages';
import type { Services } from '../services';

const SHOWN_NAMES = 3;

/** Asks before a folder upload starts; true to go ahead. */
export async function confirmFolderUpload(
  services: Services,
  chosen: readonly vscode.Uri[],
  expansion: Expansion,
  ready: ReadonlyArray<{ uri: vscode.Uri; size: number }>,
  refused: ReadonlyArray<{ path: string; problem: string }>,
): Promise<boolean> {
  const lines = leftOut(expansion, refused);
  log(services, expansion, refused);
  const where = chosenNames(chosen);
  if (ready.length === 0) {
    fail(vscode.l10n.t('Nothing in {0} can be uploaded. {1}', where, lines.join(' ')));
    return false;
  }
  const total = formatBytes(ready.reduce((sum, r) => sum + r.size, 0));
  const message = ready.length === 1
    ? vscode.l10n.t('Upload {0} ({1}) from {2} to MetaStudio?', path.basename(ready[0].uri.fsPath), total, where)
    : vscode.l10n.t('Upload {0} files ({1}) from {2} to MetaStudio?', ready.length, total, where);
  const upload = ready.length === 1 ? vscode.l10n.t('Upload') : vscode.l10n.t('Upload {0} Files', ready.length);
  const detail = lines.length > 0 ? lines.join('\n') : vscode.l10n.t('Nothing is left out.');
  return confirmWork(message, detail, upload);
}

/** Folders with nothing MetaStudio takes: say what was found instead. */
export async function nothingToUpload(services: Services, chosen: readonly vscode.Uri[], expansion: Expansion): Promise<void> {
  log(services, expansion, []);
  const lines = leftOut(expansion, []);
  fail(vscode.l10n.t('Nothing in {0} can be uploaded. {1}', chosenNames(chosen), lines.join(' ') || vscode.l10n.t('It holds no files.')));
}

function leftOut(expansion: Expansion, refused: ReadonlyArray<{ path: string; problem: string }>): string[] {
  const why: Record<SkipReason, (count: number, names: string) => string> = {
    hidden: (n, names) => vscode.l10n.t('Skipped {0} hidden: {1}.', n, names),
    unsupported: (n, names) => vscode.l10n.t('Skipped {0} of a type MetaStudio does not take: {1}.', n, names),
    folderLink: (n, names) => vscode.l10n.t('Skipped {0} (link to a folder, not followed): {1}.', n, names),
    empty: (n, names) => vscode.l10n.t('Skipped {0} empty: {1}.', n, names),
    tooLarge: (n, names) => vscode.l10n.t('Skipped {0} over {1}: {2}.', n, formatBytes(MAX_LARGE_FILE_BYTES), names),
    unreadable: (n, names) => vscode.l10n.t('Skipped {0} that cannot be read: {1}.', n, names),
  };
  const lines = (Object.keys(why) as SkipReason[]).flatMap((reason) => {
    const paths = expansion.skipped.filter((s) => s.reason === reason).map((s) => s.path);
    return paths.length > 0 ? [why[reason](paths.length, names(paths))] : [];
  });
  if (refused.length > 0) {
    lines.push(vscode.l10n.t('Refused {0}: {1}', refused.length, refused.slice(0, SHOWN_NAMES).map((r) => r.problem).join(' ')) + (refused.length > SHOWN_NAMES ? ` ${vscode.l10n.t('The output lists the others.')}` : ''));
  }
  return lines;
}

function names(paths: readonly string[]): string {
  return someNames(paths.map((p) => path.basename(p)), SHOWN_NAMES);
}

function chosenNames(chosen: readonly vscode.Uri[]): string {
  return names(chosen.map((u) => u.fsPath));
}

function log(services: Services, expansion: Expansion, refused: ReadonlyArray<{ path: string; problem: string }>): void {
  for (const skipped of expansion.skipped) {
    services.logger.info('upload', `not uploading ${skipped.path}: ${skipped.reason}`);
  }
  for (const r of refused) {
    services.logger.warn('upload', `not uploading ${r.path}: ${r.problem}`);
  }
}
