// What a confirmed CREATED can turn into, in words: MetaStudio reviews uploaded files, so a file may
// be UPLOADED (awaiting review), REVIEW (manual review) or BLOCK (blocked, with a reason) instead.
import vscode = require('vscode');
import { blockDetails } from '../client/fileStates';
import type { AssetFileInfo } from '../client/types';

/** A sentence for a file that is uploaded but not (yet) passed by review, or undefined. */
export function reviewNote(fileName: string, file: AssetFileInfo | undefined): string | undefined {
  switch (file?.state) {
    case 'UPLOADED':
      return vscode.l10n.t('{0} is uploaded, awaiting review.', fileName);
    case 'REVIEW':
      return vscode.l10n.t('{0} is uploaded, awaiting manual review.', fileName);
    case 'BLOCK':
      return vscode.l10n.t('{0} is uploaded, but MetaStudio blocked it: {1}', fileName, blockDetails(file) || vscode.l10n.t('no reason given'));
    default:
      return undefined;
  }
}

/** The state for the log: "UPLOADED (uploaded, awaiting review)", with a blocked file's reason. */
export function stateForLog(file: AssetFileInfo | undefined): string {
  if (!file?.state) {
    return '';
  }
  const words: Record<string, string> = { UPLOADED: 'uploaded, awaiting review', REVIEW: 'awaiting manual review', BLOCK: `blocked: ${blockDetails(file) || 'no reason given'}` };
  return words[file.state] ? ` (MetaStudio has it ${file.state}: ${words[file.state]})` : ` (MetaStudio has it ${file.state})`;
}
