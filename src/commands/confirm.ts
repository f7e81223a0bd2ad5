// Mark as Uploaded / Failed / Cancelled, on one or many pending files, and Confirm by File ID.
import vscode = require('vscode');
import { errorText, failureText, toastText } from './errorText';
import type { ItemResult } from '../client/batch';
import { canRetry, isNotUploaded } from '../client/errors';
import type { ConfirmReceipt, ConfirmTarget } from '../client/metastudio';
import { checkId } from '../client/regions';
import { CONFIRM_STATES, type ConfirmState } from '../client/types';
import type { PendingFile } from '../pending/model';
import { quoteName, type Profile } from '../profiles/profile';
import type { Services } from '../services';
import { readSettings } from '../settings';
import { filesOf, isPendingNode } from '../tree/pendingTree';
import { buttons, confirmChange, fail, fileLabel, inform, nameLines, someNames, warn, type Button } from '../messages';
import { selection } from './registry';
import { reviewNote, stateForLog } from './review';
import { uploadInPlace } from './upload';

const VERBS: Record<ConfirmState, string> = { CREATED: 'Mark as Uploaded', FAILED: 'Mark as Failed', CANCELLED: 'Mark as Cancelled' };

/** The states as a pick shows them, the API's word beside. */
const STATE_LABELS: Record<ConfirmState, string> = { CREATED: 'Uploaded', FAILED: 'Failed', CANCELLED: 'Cancelled' };

/** The state as a sentence says it: "Marked a.mp4 as failed." */
export function stateWords(state: ConfirmState): string {
  return state === 'CREATED' ? vscode.l10n.t('uploaded') : state === 'FAILED' ? vscode.l10n.t('failed') : vscode.l10n.t('cancelled');
}

/** The handler of a mark command: the tree selection, or a pick of pending files from the palette. */
export function markCommand(services: Services, state: ConfirmState) {
  return async (clicked?: unknown, selected?: unknown) => {
    const nodes = selection<unknown>(clicked, selected).filter(isPendingNode);
    const chosen = nodes.length > 0 ? filesOf(nodes, services.model) : await pickPendingFiles(services, state);
    // An upload stopped before CreateFile answered has no file id: there is nothing to confirm.
    const files = chosen.filter((f) => f.fileId !== '' && !f.active);
    const left = chosen.filter((f) => !files.includes(f)).map((f) => f.fileName);
    // One notification for the one action: what was left is said in the summary.
    const aside = left.length === 0 ? undefined : left.length === 1
      ? vscode.l10n.t('{0} was left as it is: it is uploading now or has no file id yet.', left[0])
      : vscode.l10n.t('{0} were left as they are: they are uploading now or have no file id yet.', someNames(left));
    if (files.length === 0 && aside) {
      inform(aside);
    }
    if (files.length > 0 && (await confirmIntent(files, state))) {
      await markFiles(services, files, state, aside);
    }
  };
}

/** Confirms these files in `state`; each leaves the view when confirmed, or stays with its reason. */
export async function markFiles(services: Services, files: PendingFile[], state: ConfirmState, aside?: string): Promise<void> {
  const settings = readSettings();
  const byId = new Map(files.map((f) => [f.fileId, f]));
  const title = files.length === 1 ? vscode.l10n.t('Marking {0} as {1}', files[0].fileName, stateWords(state)) : vscode.l10n.t('Marking {0} files as {1}', files.length, stateWords(state));
  let stopped: AbortSignal | undefined;
  // The batch keeps its client, and so its profile; after a switch its results touch only the log.
  let profile: Profile | undefined;
  const isCurrent = () => services.session.profile?.id === profile?.id;
  const results = await services.status.track(
    title,
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => services.session.use((client, stop) => {
      stopped = stop;
      profile = services.session.profile;
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      if (token.isCancellationRequested) {
        controller.abort(); // cancelled before the listener: no event comes again
      }
      return client.confirmFileUploads(
        files.map((f) => ({ fileId: f.fileId, assetId: f.assetId })),
        state,
        {
          concurrency: settings.concurrency,
          autoMetaAnalysis: state === 'CREATED' && settings.autoMetaAnalysis,
          signal: AbortSignal.any([controller.signal, stop]),
          onResult: (result, done, total) => {
            record(services, byId.get(result.item.fileId)!, state, result, isCurrent());
            progress.report({ increment: 100 / total, message: `${done}/${total}` });
          },
        },
      );
    })),
  );
  // Signed out meanwhile: the sign-out's one sentence says it; the files stay as the view shows them.
  if (!stopped?.aborted) {
    summarize(services, results, byId, state, isCurrent() ? undefined : profile, aside);
  }
}

export function confirmByFileIdCommand(services: Services) {
  return async () => {
    const fileId = await vscode.window.showInputBox({
      title: vscode.l10n.t('Confirm by File ID'),
      prompt: vscode.l10n.t('The file_id that CreateFile returned'),
      placeHolder: '24bad716-87b1-45e5-8912-6102f7693265',
      ignoreFocusOut: true,
      validateInput: (value) => {
        try {
          checkId('file id', value.trim());
          return undefined;
        } catch (error) {
          return errorText(error);
        }
      },
    });
    if (!fileId) {
      return;
    }
    const picked = await vscode.window.showQuickPick(
      CONFIRM_STATES.map((state) => ({ label: vscode.l10n.t(STATE_LABELS[state]), description: state, state })),
      { title: vscode.l10n.t('Mark {0} as', fileId.trim()), ignoreFocusOut: true },
    );
    if (!picked) {
      return;
    }
    const known = services.model.find(fileId.trim());
    const file: PendingFile = known ?? { fileId: fileId.trim(), assetId: '', assetName: '', fileName: fileId.trim(), state: 'CREATING' };
    if (await confirmIntent([file], picked.state)) {
      await markFiles(services, [file], picked.state);
    }
  };
}

/**
 * `current`: the batch's profile is still the current one. After a switch the local record is still
 * kept true, but the view and the session, which are the new profile's, are left alone.
 */
function record(services: Services, file: PendingFile, state: ConfirmState, result: ItemResult<ConfirmTarget, ConfirmReceipt>, current: boolean): void {
  const whose = current ? '' : ' (a profile no longer current)';
  // Confirm by File ID of a file not in the list: its id is its only name.
  const who = file.fileName === file.fileId ? file.fileId : `${file.fileName} (${file.fileId})`;
  if (result.ok) {
    if (current) {
      services.model.resolved(file.fileId, state);
      services.session.accepted();
    }
    if (file.upload) {
      services.uploads.forget(file.upload).catch((error) => services.logger.error('upload', String(error)));
    }
    const already = result.value.alreadyInState ? ' (it already was)' : '';
    const level = result.value.file?.state === 'BLOCK' ? 'warn' : 'info';
    services.logger[level]('confirm', `${who} is ${state}${already}${stateForLog(result.value.file)}; X-Request-Id ${result.value.requestId ?? 'none'}${whose}`);
  } else {
    if (current) {
      services.model.failed(file.fileId, result.error);
      if (result.error.kind === 'auth') {
        services.session.rejected();
      }
    }
    if (file.upload && isNotUploaded(result.error)) {
      // So that Resume PUTs the bytes again instead of confirming once more.
      services.uploads.noteNotUploaded(file.upload, result.error).catch((error) => services.logger.error('upload', String(error)));
    }
    services.logger.error('confirm', `${who} was not marked ${state}: ${result.error.message}${whose}`);
  }
}

/**
 * One notification for the batch, not awaited. `elsewhere`: the batch's profile when it is no longer
 * the current one; the message then names it, without actions on its files. `aside`: a sentence
 * about the chosen files that were left out.
 */
function summarize(services: Services, results: Array<ItemResult<ConfirmTarget, ConfirmReceipt>>, byId: Map<string, PendingFile>, state: ConfirmState, elsewhere?: Profile, aside?: string): void {
  const whose = elsewhere ? vscode.l10n.t('Profile {0}:', quoteName(elsewhere.name)) : undefined;
  const say = (...sentences: Array<string | undefined>) => [whose, ...sentences, aside].filter(Boolean).join(' ');
  const fileOf = (r: ItemResult<ConfirmTarget, ConfirmReceipt>) => byId.get(r.item.fileId)!;
  const failed = results.filter((r): r is Extract<typeof r, { ok: false }> => !r.ok);
  const total = results.length;
  const words = stateWords(state);
  if (failed.length === 0) {
    const done = results.map(fileOf);
    const marked = total === 1
      ? vscode.l10n.t('Marked {0} as {1}.', done[0].fileName || done[0].fileId, words)
      : vscode.l10n.t('Marked {0} files as {1}: {2}.', total, words, someNames(done.map((f) => f.fileName)));
    const notes = results.flatMap((r) => (r.ok ? [reviewNote(fileOf(r).fileName, r.value.file)] : [])).filter((n): n is string => n !== undefined);
    const text = say(marked, ...notes.slice(0, 2));
    if (results.some((r) => r.ok && r.value.file?.state === 'BLOCK')) {
      warn(text, buttons.showOutput());
    } else {
      inform(text);
    }
    return;
  }
  const failedFiles = failed.map(fileOf);
  const cancelled = failed.filter((r) => r.error.kind === 'cancelled').length;
  const first = failed.find((r) => r.error.kind !== 'cancelled')?.error ?? failed[0].error;
  const reasons = new Set(failed.map((r) => r.error.serverSaid)).size;
  const never = failed.filter((r) => isNotUploaded(r.error)).map(fileOf);
  const retryable = failed.filter((r) => canRetry(r.error));
  const which = failed.length === 1 ? fileLabel(failedFiles[0]) : someNames(failedFiles.map((f) => f.fileName));
  const marked = total - failed.length;
  // The ones that were marked are said in the same sentence, so the toast stays at two.
  const what = failed.length === total
    ? (total === 1 ? vscode.l10n.t('{0} was not marked as {1}.', which, words) : vscode.l10n.t('{0} files were not marked as {1}: {2}.', failed.length, words, which))
    : failed.length === 1
    ? (marked === 1 ? vscode.l10n.t('{0} was not marked as {1}; the other file was.', which, words) : vscode.l10n.t('{0} was not marked as {1}; the other {2} files were.', which, words, marked))
    : (marked === 1 ? vscode.l10n.t('{0} of {1} files were not marked as {2}: {3}; the other one was.', failed.length, total, words, which) : vscode.l10n.t('{0} of {1} files were not marked as {2}: {3}; the other {4} were.', failed.length, total, words, which, marked));
  const why = cancelled === failed.length
    ? vscode.l10n.t('You cancelled before MetaStudio answered.')
    : never.length === failed.length
    ? (never.length === 1
      ? vscode.l10n.t('MetaStudio has no bytes for it: upload a local file in its place, or mark it as cancelled.')
      : vscode.l10n.t('MetaStudio has no bytes for them: upload local files in their place, or mark them as cancelled.'))
    : reasons > 1 ? vscode.l10n.t('The reasons differ: the output has each file\'s.') : toastText(first);
  // Only what can help, the most useful first: uploading again where the bytes never arrived,
  // retrying where a retry can succeed. A batch of a profile no longer current offers no action on its files.
  const inPlace: Button = { title: vscode.l10n.t('Upload in Its Place...'), run: () => uploadInPlace(services, never[0]) };
  const cancelThem: Button = { title: vscode.l10n.t('Mark as Cancelled'), run: async () => (await confirmIntent(never, 'CANCELLED')) && markFiles(services, never, 'CANCELLED') };
  const retry = buttons.retryFailed(() => markFiles(services, retryable.map(fileOf), state));
  const offered = elsewhere ? [] : [
    ...(never.length === 1 ? [inPlace] : []),
    ...(never.length > 0 ? [cancelThem] : []),
    ...(retryable.length > 0 ? [retry] : []),
  ];
  const text = say(what, why);
  if (cancelled === failed.length) {
    warn(text, ...offered);
  } else {
    fail(text, ...offered);
  }
}

/**
 * CREATED needs no confirmation; FAILED and CANCELLED end the upload for good, so ask, listing the
 * files (up to ten) and what it means in MetaStudio; keeping them pending is the default.
 */
export async function confirmIntent(files: PendingFile[], state: ConfirmState): Promise<boolean> {
  if (state === 'CREATED') {
    return true;
  }
  const action = vscode.l10n.t(VERBS[state]);
  const question = files.length === 1
    ? vscode.l10n.t('Mark {0} as {1}?', files[0].fileName, stateWords(state))
    : vscode.l10n.t('Mark {0} files as {1}?', files.length, stateWords(state));
  const meaning = state === 'FAILED'
    ? (files.length === 1
      ? vscode.l10n.t('MetaStudio stops waiting for its bytes and keeps it as FAILED in its asset; it leaves Pending Uploads. This cannot be undone: to upload it, upload the file again.')
      : vscode.l10n.t('MetaStudio stops waiting for their bytes and keeps them as FAILED in their assets; they leave Pending Uploads. This cannot be undone: to upload them, upload the files again.'))
    : (files.length === 1
      ? vscode.l10n.t('MetaStudio stops waiting for its bytes and keeps it as CANCELLED in its asset, which frees its place there; it leaves Pending Uploads. This cannot be undone.')
      : vscode.l10n.t('MetaStudio stops waiting for their bytes and keeps them as CANCELLED in their assets, which frees their places there; they leave Pending Uploads. This cannot be undone.'));
  const listed = files.length === 1 ? [fileLabel(files[0])] : nameLines(files.map(fileLabel));
  const keep = files.length === 1 ? vscode.l10n.t('Keep It Pending') : vscode.l10n.t('Keep Them Pending');
  return confirmChange(question, [...listed, '', meaning].join('\n'), action, keep);
}

async function pickPendingFiles(services: Services, state: ConfirmState): Promise<PendingFile[]> {
  if (!services.model.isLoaded) {
    await services.view.refresh();
  }
  const files = services.model.files();
  if (files.length === 0) {
    inform(vscode.l10n.t('There are no pending uploads.'));
    return [];
  }
  const picked = await vscode.window.showQuickPick(
    files.map((file) => ({ label: file.fileName, description: file.assetName, detail: `${file.fileId}${file.lastError ? ' · ' + failureText(file) : ''}`, file })),
    { canPickMany: true, title: vscode.l10n.t('{0}: pick the pending files', vscode.l10n.t(VERBS[state])), matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true },
  );
  return picked?.map((p) => p.file) ?? [];
}
