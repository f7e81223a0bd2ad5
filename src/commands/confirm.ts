// Mark as Uploaded / Failed / Cancelled, on one or many pending files, and Confirm by File ID.
import vscode = require('vscode');
import { errorText, failureText } from './errorText';
import type { ItemResult } from '../client/batch';
import { canRetry, isNotUploaded } from '../client/errors';
import type { ConfirmReceipt, ConfirmTarget } from '../client/metastudio';
import { checkId } from '../client/regions';
import { CONFIRM_STATES, type ConfirmState } from '../client/types';
import type { PendingFile } from '../pending/model';
import type { Profile } from '../profiles/profile';
import type { Services } from '../services';
import { readSettings } from '../settings';
import { filesOf, isPendingNode } from '../tree/pendingTree';
import { selection } from './registry';
import { reviewNote, stateForLog } from './review';
import { uploadInPlace } from './upload';

const VERBS: Record<ConfirmState, string> = { CREATED: 'Mark as Uploaded', FAILED: 'Mark as Failed', CANCELLED: 'Mark as Cancelled' };

/** The handler of a mark command: the tree selection, or a pick of pending files from the palette. */
export function markCommand(services: Services, state: ConfirmState) {
  return async (clicked?: unknown, selected?: unknown) => {
    const nodes = selection<unknown>(clicked, selected).filter(isPendingNode);
    const chosen = nodes.length > 0 ? filesOf(nodes, services.model) : await pickPendingFiles(services, state);
    // An upload stopped before CreateFile answered has no file id: there is nothing to confirm.
    const files = chosen.filter((f) => f.fileId !== '' && !f.active);
    if (files.length < chosen.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} of the chosen uploads are running now or have no file id yet, so they were left as they are.', chosen.length - files.length));
    }
    if (files.length > 0 && (await confirmIntent(files, state))) {
      await markFiles(services, files, state);
    }
  };
}

/** Confirms these files in `state`; each leaves the view when confirmed, or stays with its reason. */
export async function markFiles(services: Services, files: PendingFile[], state: ConfirmState): Promise<void> {
  const settings = readSettings();
  const byId = new Map(files.map((f) => [f.fileId, f]));
  const title = files.length === 1 ? vscode.l10n.t('Marking {0} {1}', files[0].fileName, state) : vscode.l10n.t('Marking {0} files {1}', files.length, state);
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
    await summarize(services, results, byId, state, isCurrent() ? undefined : profile);
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
      CONFIRM_STATES.map((state) => ({ label: state, description: vscode.l10n.t(VERBS[state]), state })),
      { title: vscode.l10n.t('Confirm {0} as', fileId.trim()), ignoreFocusOut: true },
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
  if (result.ok) {
    if (current) {
      services.model.resolved(file.fileId);
      services.session.accepted();
    }
    if (file.upload) {
      services.uploads.forget(file.upload).catch((error) => services.logger.error('upload', String(error)));
    }
    const already = result.value.alreadyInState ? ' (it already was)' : '';
    const level = result.value.file?.state === 'BLOCK' ? 'warn' : 'info';
    services.logger[level]('confirm', `${file.fileName} (${file.fileId}) is ${state}${already}${stateForLog(result.value.file)}; X-Request-Id ${result.value.requestId ?? 'none'}${whose}`);
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
    services.logger.error('confirm', `${file.fileName} (${file.fileId}) was not marked ${state}: ${result.error.message}${whose}`);
  }
}

/** `elsewhere`: the batch's profile when it is no longer the current one; the message then names it, without Retry. */
async function summarize(services: Services, results: Array<ItemResult<ConfirmTarget, ConfirmReceipt>>, byId: Map<string, PendingFile>, state: ConfirmState, elsewhere?: Profile): Promise<void> {
  const whose = elsewhere ? `${vscode.l10n.t('Profile {0}:', elsewhere.name)} ` : '';
  const failed = results.filter((r): r is Extract<typeof r, { ok: false }> => !r.ok);
  const total = results.length;
  if (failed.length === 0) {
    const what = total === 1 ? byId.get(results[0].item.fileId)!.fileName : vscode.l10n.t('{0} files', total);
    const notes = results.flatMap((r) => (r.ok ? [reviewNote(byId.get(r.item.fileId)!.fileName, r.value.file)] : [])).filter((n): n is string => n !== undefined);
    const text = whose + [vscode.l10n.t('Marked {0} {1}', what, state), ...notes.slice(0, 2)].join('. ');
    void (results.some((r) => r.ok && r.value.file?.state === 'BLOCK') ? vscode.window.showWarningMessage(text) : vscode.window.showInformationMessage(text));
    return;
  }
  const cancelled = failed.filter((r) => r.error.kind === 'cancelled').length;
  const first = failed.find((r) => r.error.kind !== 'cancelled')?.error ?? failed[0].error;
  const reasons = new Set(failed.map((r) => r.error.serverSaid)).size;
  const more = reasons > 1 ? vscode.l10n.t(' (and {0} other reasons: see the output)', reasons - 1) : '';
  const never = failed.filter((r) => isNotUploaded(r.error)).map((r) => byId.get(r.item.fileId)!);
  const retryable = failed.filter((r) => canRetry(r.error));
  const message = cancelled === failed.length
    ? vscode.l10n.t('{0} of {1} were not marked {2}: cancelled', failed.length, total, state)
    : never.length === 1 && failed.length === 1
    ? vscode.l10n.t('{0} was not marked {1}: MetaStudio has no bytes for it (the file has not been uploaded). Upload a local file in its place, or mark it as Cancelled.', never[0].fileName, state)
    : vscode.l10n.t('{0} of {1} failed: {2}{3}', failed.length, total, errorText(first), more);
  // Only what can help: uploading again where the bytes never arrived, retrying where a retry can succeed.
  const inPlace = vscode.l10n.t('Upload in Its Place...');
  const cancelThem = vscode.l10n.t('Mark as Cancelled');
  const retry = vscode.l10n.t('Retry Failed');
  const showOutput = vscode.l10n.t('Show Output');
  // A batch of a profile no longer current offers no action on its files: they are not in this view.
  const actions = [
    ...(never.length === 1 && !elsewhere ? [inPlace] : []),
    ...(never.length > 0 && !elsewhere ? [cancelThem] : []),
    ...(retryable.length > 0 && !elsewhere ? [retry] : []),
    showOutput,
  ];
  const choice = await vscode.window.showWarningMessage(whose + message, ...actions);
  if (choice === inPlace) {
    await uploadInPlace(services, never[0]);
  } else if (choice === cancelThem && (await confirmIntent(never, 'CANCELLED'))) {
    await markFiles(services, never, 'CANCELLED');
  } else if (choice === retry) {
    await markFiles(services, retryable.map((r) => byId.get(r.item.fileId)!), state);
  } else if (choice === showOutput) {
    services.logger.show();
  }
}

/** CREATED needs no confirmation; FAILED and CANCELLED end the upload for good, so ask. */
async function confirmIntent(files: PendingFile[], state: ConfirmState): Promise<boolean> {
  if (state === 'CREATED') {
    return true;
  }
  const action = vscode.l10n.t(VERBS[state]);
  const question = files.length === 1
    ? vscode.l10n.t('Mark {0} as {1}?', files[0].fileName, state)
    : vscode.l10n.t('Mark {0} files as {1}?', files.length, state);
  const choice = await vscode.window.showWarningMessage(question, { modal: true, detail: vscode.l10n.t('MetaStudio will stop waiting for their upload. This cannot be undone.') }, action);
  return choice === action;
}

async function pickPendingFiles(services: Services, state: ConfirmState): Promise<PendingFile[]> {
  if (!services.model.isLoaded) {
    await services.view.refresh();
  }
  const files = services.model.files();
  if (files.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There are no pending uploads.'));
    return [];
  }
  const picked = await vscode.window.showQuickPick(
    files.map((file) => ({ label: file.fileName, description: file.assetName, detail: `${file.fileId}${file.lastError ? ' · ' + failureText(file) : ''}`, file })),
    { canPickMany: true, title: vscode.l10n.t('{0}: pick the pending files', vscode.l10n.t(VERBS[state])), matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true },
  );
  return picked?.map((p) => p.file) ?? [];
}
