// Upload Files..., Resume Upload and Forget Upload. Progress is one cancellable notification per
// batch; cancelling aborts the PUTs and confirms the files CANCELLED.
import * as path from 'node:path';
import vscode = require('vscode');
import { errorText, staysPending, toastText } from './errorText';
import { runBatch, type ItemResult } from '../client/batch';
import { formatBytes, holderOf } from '../client/fileTypes';
import { assetNameFor } from '../client/assetNames';
import type { MetaStudioClient } from '../client/metastudio';
import type { AssetFileCategory, DigitalAssetInfo } from '../client/types';
import { expandSelection } from '../pending/folders';
import { planNewAssets, type NewAsset } from '../pending/assetNames';
import { fileLabels } from '../pending/folders';
import { UPLOADABLE_ASSET_STATES, type PendingFile } from '../pending/model';
import { quoteName, type Profile } from '../profiles/profile';
import type { UploadRecord } from '../pending/records';
import { TransferMeter, type MeterReading } from '../pending/transferMeter';
import type { UploadOptions, UploadResult, UploadTarget, Uploader } from '../pending/upload';
import type { Services } from '../services';
import { readSettings } from '../settings';
import { filesOf } from '../tree/pendingTree';
import { assetRefusal, categoriesForFiles, existingAssetItems, type AssetItem } from './assetPick';
import { chooseNewAssets, newAssetTarget, type NewAssets } from './newAssets';
import { anAsset } from './assetWords';
import { buttons, confirmChange, confirmWork, fail, fileLabel, inform, nameLines, someNames, warn } from '../messages';
import { selection } from './registry';
import { reviewNote, stateForLog } from './review';
import { confirmFolderUpload, nothingToUpload } from './uploadSummary';

/** A sentence about the chosen files to say in the upload's summary; `said` once it was. */
export interface Aside {
  text: string;
  said?: boolean;
}

/** A new upload of a local file, or the resumption of a record. */
type Job = { label: string; size: number } & ({ localPath: string; target: UploadTarget } | { record: UploadRecord });

function run(job: Job, uploader: Uploader, options: UploadOptions): Promise<UploadResult> {
  return 'record' in job ? uploader.resume(job.record, options) : uploader.upload(job.localPath, job.target, options);
}

export function uploadFilesCommand(services: Services, folders = false) {
  return async (clicked?: unknown, selected?: unknown) => {
    let uris = selection<unknown>(clicked, selected).filter((u): u is vscode.Uri => u instanceof vscode.Uri);
    if (uris.length === 0) {
      // Files and folders in one dialog is not possible on every OS: Upload Folder... asks for folders.
      const openLabel = vscode.l10n.t('Upload to MetaStudio');
      uris = (await vscode.window.showOpenDialog({ canSelectMany: true, canSelectFiles: !folders, canSelectFolders: folders, openLabel })) ?? [];
    }
    await uploadSelection(services, uris);
  };
}

/**
 * Uploads chosen files and folders (every file below a folder that MetaStudio takes), to new assets
 * or the one the user picks, or into the asset `intoAssetId` (a drop on its row). Folders get a
 * summary first. `aside` is said in the upload's summary, so that one action gives one notification.
 */
export async function uploadSelection(services: Services, chosen: readonly vscode.Uri[], intoAssetId?: string, aside?: Aside): Promise<void> {
  if (chosen.length > 0) {
    // The upload keeps its client, and so its profile, to the end, even if the user switches meanwhile.
    await services.session.use((client, stop) => uploadTo(services, client, chosen, stop, services.session.profile, intoAssetId, aside));
  }
}

/** The rest of an upload, on the client of the command's lease: expand, pick the asset, check, upload. */
async function uploadTo(services: Services, client: MetaStudioClient, chosen: readonly vscode.Uri[], stop: AbortSignal, profile: Profile | undefined, intoAssetId?: string, aside?: Aside): Promise<void> {
  const expansion = await expandSelection(chosen.map((u) => u.fsPath));
  let uris = expansion.files.map((f) => vscode.Uri.file(f.path));
  if (uris.length === 0) {
    return nothingToUpload(services, chosen, expansion);
  }
  const picked = intoAssetId ? await categoryTarget(await client.showAsset(intoAssetId), uris) : await pickTarget(client, uris);
  if (!picked) {
    return;
  }
  // New assets may leave out files the user chose not to upload as common files.
  const { choose, uris: kept } = 'uris' in picked ? picked : { choose: picked, uris };
  uris = kept;
  const uploader = await services.uploads.uploader(client);
  const targets = await planTargets(services, client, uris, uris.map(choose));
  if (!targets) {
    return;
  }
  const checked = await Promise.all(uris.map(async (uri, i) => {
    const target = targets[i];
    try {
      return { uri, target, size: (await uploader.check(uri.fsPath, target)).size };
    } catch (error) {
      return { uri, target, problem: errorText(error), short: toastText(error) };
    }
  }));
  const refused = checked.filter((c) => c.problem !== undefined);
  const ready = checked.filter((c): c is typeof c & { size: number } => c.problem === undefined);
  if (expansion.folders > 0) {
    const go = await confirmFolderUpload(services, chosen, expansion, ready, refused.map((c) => ({ path: c.uri.fsPath, problem: c.problem! })));
    if (!go) {
      return;
    }
  } else if (refused.length > 0) {
    refused.forEach((c) => services.logger.warn('upload', `not uploading ${c.uri.fsPath}: ${c.problem}`));
    const uploadOthers = ready.length === 1 ? vscode.l10n.t('Upload {0}', path.basename(ready[0].uri.fsPath)) : vscode.l10n.t('Upload the Other {0}', ready.length);
    const detail = nameLines(refused.map((c) => c.problem!)).join('\n');
    const names = refused.map((c) => path.basename(c.uri.fsPath));
    const message = refused.length === 1 ? vscode.l10n.t('{0} cannot be uploaded.', names[0]) : vscode.l10n.t('{0} files cannot be uploaded: {1}.', refused.length, someNames(names));
    if (ready.length === 0) {
      // One file: its reason is short enough for the toast. Several: the output lists each.
      fail(refused.length === 1 ? `${message} ${refused[0].short}` : message);
      return;
    }
    if (!(await confirmWork(message, detail, uploadOthers))) {
      return;
    }
  }
  await runJobs(services, uploader, ready.map((c) => ({ label: path.basename(c.uri.fsPath), size: c.size, localPath: c.uri.fsPath, target: c.target })), stop, profile, aside);
}

export function resumeUploadCommand(services: Services) {
  return async (clicked?: unknown, selected?: unknown) => {
    const files = localFiles(services, clicked, selected);
    if (files.length === 0) {
      return;
    }
    await services.session.use(async (client, stop) =>
      runJobs(services, await services.uploads.uploader(client), files.map((f) => ({ label: f.fileName, size: f.upload!.size, record: f.upload! })), stop, services.session.profile));
  };
}

export function forgetUploadCommand(services: Services) {
  return async (clicked?: unknown, selected?: unknown) => {
    // A running upload (here or in another window) is not forgotten under its feet.
    const files = localFiles(services, clicked, selected).filter((f) => !f.active);
    if (files.length === 0) {
      return;
    }
    const forgetting = await confirmChange(
      files.length === 1 ? vscode.l10n.t('Forget the upload of {0} on this machine?', files[0].fileName) : vscode.l10n.t('Forget {0} uploads on this machine?', files.length),
      [...(files.length === 1 ? [] : nameLines(files.map((f) => f.fileName)).concat('')), vscode.l10n.t('Only the local record goes. A file MetaStudio has in CREATING stays pending there and in this list.')].join('\n'),
      vscode.l10n.t('Forget'),
      vscode.l10n.t('Keep'),
    );
    if (forgetting) {
      for (const file of files) {
        await services.uploads.forget(file.upload!);
      }
    }
  };
}

/**
 * A pending file MetaStudio has no bytes for: a local file takes its place, in the same asset and
 * category. The empty file is marked CANCELLED first (it holds the asset's MAIN or COVER place),
 * after asking.
 */
export function uploadInPlaceCommand(services: Services) {
  return async (clicked?: unknown, selected?: unknown) => {
    const file = filesOf(selection<unknown>(clicked, selected), services.model).find((f) => f.fileId !== '' && !f.active);
    if (file) {
      await uploadInPlace(services, file);
    }
  };
}

export function uploadInPlace(services: Services, file: PendingFile): Promise<void> {
  return services.session.use((client, stop) => uploadInPlaceWith(services, client, file, stop, services.session.profile));
}

async function uploadInPlaceWith(services: Services, client: MetaStudioClient, file: PendingFile, stop: AbortSignal, profile: Profile | undefined): Promise<void> {
  const category = (file.upload?.category ?? file.category ?? 'MAIN') as AssetFileCategory;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    defaultUri: file.upload ? vscode.Uri.file(file.upload.localPath) : undefined,
    openLabel: vscode.l10n.t('Upload in Place of {0}', file.fileName),
  });
  if (!picked?.[0]) {
    return;
  }
  const localPath = picked[0].fsPath;
  const uploader = await services.uploads.uploader(client);
  const shown = await client.showAsset(file.assetId);
  // The empty file will be CANCELLED: check the new one as if its place were free already.
  const target: UploadTarget = { kind: 'existing', asset: { ...shown, files: shown.files?.filter((f) => f.file_id !== file.fileId) }, category };
  const { size } = await uploader.check(localPath, target);
  const going = await confirmChange(
    vscode.l10n.t('Mark {0} as cancelled and upload {1} into {2} as {3}?', file.fileName, path.basename(localPath), file.assetName, category),
    file.urlLost
      ? vscode.l10n.t('The upload URL of {0} was not saved on this machine, so it cannot be resumed; the new file takes its place in the asset.', fileLabel(file))
      : vscode.l10n.t('MetaStudio has no bytes for {0}; the new file takes its place in the asset.', fileLabel(file)),
    vscode.l10n.t('Cancel It and Upload'),
    vscode.l10n.t('Keep It Pending'),
  );
  if (!going) {
    return;
  }
  if (file.upload) {
    await uploader.resolve(file.upload, 'CANCELLED');
  } else {
    await client.confirmFileUpload(file.fileId, 'CANCELLED', { assetId: file.assetId });
  }
  services.model.resolved(file.fileId, 'CANCELLED');
  services.logger.info('upload', `${file.fileName} (${file.fileId}) marked CANCELLED; ${path.basename(localPath)} takes its place in ${file.assetName} as ${category}`);
  await runJobs(services, uploader, [{ label: path.basename(localPath), size, localPath, target }], stop, profile);
}

/**
 * New assets get names free in MetaStudio, or the empty asset an earlier upload left under that name,
 * decided once for the batch; when that changes where a file goes, the user is told first.
 */
async function planTargets(services: Services, client: MetaStudioClient, uris: vscode.Uri[], targets: UploadTarget[]): Promise<UploadTarget[] | undefined> {
  const fresh = targets.flatMap((t, i) => (t.kind === 'new' ? [{ t, i }] : []));
  if (fresh.length === 0) {
    return targets;
  }
  const planned = await planNewAssets(client, fresh.map(({ t }) => t as NewAsset));
  const out = [...targets];
  const changes: string[] = [];
  const labels = fileLabels(uris.map((u) => u.fsPath));
  fresh.forEach(({ i }, k) => {
    out[i] = planned[k].target;
    const change = planned[k].change;
    if (change) {
      const file = labels[i];
      changes.push(change.kind === 'leftover'
        ? vscode.l10n.t('{0} goes into the empty asset "{1}" an earlier upload left.', file, change.name)
        : change.kind === 'renamed'
        ? vscode.l10n.t('{0} goes to a new asset "{1}": an asset named "{2}" exists.', file, change.name, change.asked)
        : vscode.l10n.t('{0} goes to a new asset "{1}": another file of this upload is named "{2}".', file, change.name, change.asked));
    }
  });
  if (changes.length === 0) {
    return out;
  }
  changes.forEach((c) => services.logger.info('upload', c));
  const question = changes.length === 1 ? changes[0] : vscode.l10n.t('{0} files go to other assets than their names:', changes.length);
  return (await confirmWork(question, changes.length === 1 ? undefined : nameLines(changes).join('\n'), vscode.l10n.t('Upload'))) ? out : undefined;
}

/**
 * The asset each file goes to: a new one per file (the default), or one the user picks. New assets
 * also say which files are kept: a file that makes a common file asset may be left out.
 */
async function pickTarget(client: MetaStudioClient, uris: vscode.Uri[]): Promise<((uri: vscode.Uri) => UploadTarget) | NewAssets | undefined> {
  const assets = client.listAllAssets({ asset_state: UPLOADABLE_ASSET_STATES, sort_key: 'update_time', sort_dir: 'desc' });
  const single = uris.length === 1 ? newAssetTarget(uris[0]) : undefined;
  const items: Promise<AssetItem[]> = assets.then((list) => [
    single
      ? {
        label: `$(new-file) ${vscode.l10n.t('New asset')}`,
        description: vscode.l10n.t('"{0}", {1}', single.assetName, anAsset(single.assetType)),
        detail: vscode.l10n.t('Named after the file, its type from the extension (MP4 makes a video asset, PNG an image asset…), the file as its MAIN file.'),
      }
      : {
        label: `$(new-file) ${vscode.l10n.t('New asset for each file')}`,
        detail: vscode.l10n.t('Named after each file, the type from its extension (MP4 makes a video asset, PNG an image asset…), the file as its MAIN file.'),
      },
    ...existingAssetItems(list, uris),
  ]);
  const title = single ? vscode.l10n.t('Upload {0} to which asset?', path.basename(uris[0].fsPath)) : vscode.l10n.t('Upload {0} files to which asset?', uris.length);
  const picked = await vscode.window.showQuickPick(items, { title, matchOnDetail: true, ignoreFocusOut: true });
  if (!picked) {
    return undefined;
  }
  return picked.asset ? categoryTarget(picked.asset, uris) : chooseNewAssets(uris);
}

/** The kind of file (MAIN, COVER…) the files are in `asset`, asked only when it takes several kinds of them. */
async function categoryTarget(asset: DigitalAssetInfo, uris: vscode.Uri[]): Promise<((uri: vscode.Uri) => UploadTarget) | undefined> {
  const refusal = assetRefusal(asset, uris);
  if (refusal) {
    warn(vscode.l10n.t('Nothing was uploaded into {0}. {1}', asset.asset_name || asset.asset_id, refusal));
    return undefined;
  }
  const category = await pickCategory(asset, categoriesForFiles(asset, uris));
  if (!category) {
    return undefined;
  }
  if ((category.label === 'MAIN' || category.label === 'COVER') && uris.length > 1) {
    throw new Error(vscode.l10n.t('An asset has one {0} file: upload one file as {0}, or pick another kind.', category.label));
  }
  return () => ({ kind: 'existing', asset, category: category.label as AssetFileCategory });
}

/** The kinds of file the asset takes these files as and still has room for; one it has already (MAIN, COVER) is not offered. */
async function pickCategory(asset: DigitalAssetInfo, fitting: AssetFileCategory[]): Promise<{ label: AssetFileCategory } | undefined> {
  const name = asset.asset_name ?? asset.asset_id;
  const open = fitting.filter((c) => !holderOf(asset, c));
  const taken = fitting.filter((c) => holderOf(asset, c));
  if (open.length === 0) {
    throw new Error(vscode.l10n.t('{0} has its {1} file already and takes these files as nothing else. Upload them into another asset.', name, taken.join(', ')));
  }
  const placeHolder = taken.length > 0 ? vscode.l10n.t('{0} already has its {1} file', name, taken.join(', ')) : undefined;
  return open.length === 1
    ? { label: open[0] }
    : vscode.window.showQuickPick(open.map((c) => ({ label: c })), { title: vscode.l10n.t('As which kind of file of {0}?', name), placeHolder, ignoreFocusOut: true });
}

/**
 * `stop` aborts when the user signs out: the uploads stop and keep their records, without a summary
 * of their own. `profile` is the one the uploads started with, named in the summary if it is no longer current.
 */
async function runJobs(services: Services, uploader: Uploader, jobs: Job[], stop: AbortSignal, profile: Profile | undefined, aside?: Aside): Promise<void> {
  // Signed out while a pick or a dialog was open: the signal is already aborted, and its 'abort'
  // event will not come again. Nothing starts on the signed-out client.
  if (stop.aborted) {
    services.logger.info('upload', `not started, signed out meanwhile: ${jobs.map((j) => j.label).join(', ')}`);
    warn(jobs.length === 1
      ? vscode.l10n.t('{0} was not uploaded: you signed out of MetaStudio. Sign in, then upload it again.', jobs[0].label)
      : vscode.l10n.t('{0} files were not uploaded: {1}. You signed out of MetaStudio: sign in, then upload them again.', jobs.length, someNames(jobs.map((j) => j.label))));
    return;
  }
  const total = jobs.reduce((sum, j) => sum + j.size, 0);
  const title = jobs.length === 1 ? vscode.l10n.t('Uploading {0} to MetaStudio', jobs[0].label) : vscode.l10n.t('Uploading {0} files to MetaStudio', jobs.length);
  const results = await services.status.track(
    title,
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      // A sign-out or cancel that came before the listeners were added fires no event again: checked too.
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      stop.addEventListener('abort', () => controller.abort(stop.reason), { once: true });
      if (stop.aborted) {
        controller.abort(stop.reason);
      } else if (token.isCancellationRequested) {
        controller.abort();
      }
      const meter = new TransferMeter(total, jobs.length);
      return runBatch(jobs, (job) => run(job, uploader, {
        signal: controller.signal,
        onProgress: (phase, bytes, size) => {
          // One file: the title names it already, so each line names it at most once. Several: say which one moves.
          const one = jobs.length === 1;
          if (phase === 'hashing') {
            // Reading the file for its MD5 sends nothing yet: the line shows the bytes read, on their own.
            const reading = meter.hashing(bytes, size);
            if (reading) {
              progress.report({ increment: 0, message: progressLine(one ? vscode.l10n.t('Computing MD5') : vscode.l10n.t('{0}: computing MD5', job.label), reading) });
            }
            return;
          }
          const label = phase === 'confirming' ? (one ? vscode.l10n.t('Confirming') : vscode.l10n.t('{0}: confirming', job.label)) : one ? '' : job.label;
          const reading = meter.update(job.label, phase === 'uploading' || phase === 'confirming' ? bytes : 0, phase === 'confirming', phase === 'uploading');
          if (reading) {
            progress.report({ increment: reading.increment, message: progressLine(label, reading) });
          }
          if (phase === 'confirming') {
            meter.finish(job.label, bytes);
          }
        },
      }), { concurrency: readSettings().concurrency, signal: controller.signal });
    }),
  );
  await services.uploads.reload();
  void services.view.refresh().catch(() => undefined);
  for (const r of results) {
    if (r.ok) {
      services.logger[r.value.state === 'CREATED' && r.value.file?.state !== 'BLOCK' ? 'info' : 'warn']('upload', `${r.value.fileName} (${r.value.fileId}) confirmed ${r.value.state}${stateForLog(r.value.file)}${r.value.error ? `: ${r.value.error.message}` : ''}`);
    } else {
      services.logger.error('upload', `${r.item.label}: ${r.error.message}`);
    }
  }
  if (stop.aborted) {
    return;
  }
  summarizeUploads(services, uploader, jobs, results, stop, profile, aside);
}

/** A progress line in the display language: "a.png · 50% · 1.5 KiB of 2.9 KiB · 1.5 KiB/s · 1 of 3 done". */
function progressLine(label: string, reading: MeterReading): string {
  return [
    label || undefined,
    vscode.l10n.t('{0}%', reading.percent),
    vscode.l10n.t('{0} of {1}', formatBytes(reading.bytes), formatBytes(reading.totalBytes)),
    reading.bytesPerSecond === undefined ? undefined : vscode.l10n.t('{0}/s', formatBytes(reading.bytesPerSecond)),
    reading.files && vscode.l10n.t('{0} of {1} done', reading.files.done, reading.files.total),
  ].filter(Boolean).join(' · ');
}

/** One notification for the batch, not awaited: what was uploaded where, what was not and why. */
function summarizeUploads(services: Services, uploader: Uploader, jobs: Job[], results: Array<ItemResult<Job, UploadResult>>, stop: AbortSignal, profile: Profile | undefined, aside?: Aside): void {
  const uploaded = results.flatMap((r) => (r.ok && r.value.state === 'CREATED' ? [r.value] : []));
  const cancelled = results.flatMap((r) => ((r.ok && r.value.state === 'CANCELLED') || (!r.ok && r.error.kind === 'cancelled') ? [r.item.label] : []));
  // Confirmed FAILED: finished in MetaStudio, so a retry is a new upload into the same asset.
  const failed = results.flatMap((r) => (r.ok && r.value.state === 'FAILED' ? [{ job: r.item, result: r.value, reason: r.value.error && toastText(r.value.error) }] : []));
  // Stopped on an error: whatever was started is kept under This machine, to resume or resolve there.
  const stopped = results.flatMap((r) => (!r.ok && r.error.kind !== 'cancelled' ? [{ job: r.item, reason: toastText(r.error), kept: staysPending(r.error) }] : []));
  // Accepted, but not (yet) passed by MetaStudio's review: said, never hidden behind "Uploaded".
  const blocked = uploaded.some((r) => r.file?.state === 'BLOCK');
  const notes = uploaded.map((r) => reviewNote(r.fileName, r.file)).filter((n): n is string => n !== undefined);
  // The user may have switched profile meanwhile: then the message says whose upload this was.
  const elsewhere = profile && services.session.profile?.id !== profile.id ? vscode.l10n.t('Profile {0}:', quoteName(profile.name)) : undefined;
  const assets = [...new Set(uploaded.map((r) => r.assetName))];
  // Each file into a new asset named after it (a folder or a drop): said once, not per file.
  const ownAssets = assets.length === uploaded.length && results.every((r) => !r.ok || r.value.state !== 'CREATED' || ('target' in r.item && r.item.target.kind === 'new' && r.value.assetName === assetNameFor(r.value.fileName)));
  const parts = [
    uploaded.length === 0 ? undefined
    : jobs.length === 1 ? vscode.l10n.t('Uploaded {0} into the asset {1}.', uploaded[0].fileName, uploaded[0].assetName)
    : assets.length === 1 ? vscode.l10n.t('Uploaded {0} of {1} files into the asset {2}: {3}.', uploaded.length, jobs.length, assets[0], someNames(uploaded.map((r) => r.fileName)))
    : ownAssets ? vscode.l10n.t('Uploaded {0} of {1} files, each into a new asset of its name: {2}.', uploaded.length, jobs.length, someNames(uploaded.map((r) => r.fileName)))
    : vscode.l10n.t('Uploaded {0} of {1} files: {2}.', uploaded.length, jobs.length, someNames(results.flatMap((r) => (r.ok && r.value.state === 'CREATED' ? [vscode.l10n.t('{0} into the asset {1}', r.item.label, r.value.assetName)] : [])))),
    cancelled.length === 0 ? undefined
    : cancelled.length === 1 ? vscode.l10n.t('{0} was cancelled.', cancelled[0])
    : vscode.l10n.t('{0} were cancelled.', someNames(cancelled)),
    ...(notes.length <= 2 ? notes : [vscode.l10n.t('{0} await review or were blocked: see the output.', notes.length)]),
    aside?.text,
  ].filter(Boolean);
  if (aside) {
    aside.said = true;
  }
  const copy = uploaded.length > 0 ? [buttons.copyFileId(uploaded.map((r) => r.fileId))] : [];
  if (failed.length + stopped.length === 0) {
    const text = [elsewhere, parts.join(' ') || vscode.l10n.t('Nothing was uploaded.')].filter(Boolean).join(' ');
    if (blocked) {
      warn(text, ...copy, buttons.showOutput());
    } else {
      inform(text, ...copy);
    }
    return;
  }
  const bad = [...failed, ...stopped];
  // Two sentences: which files, then what to do (the reason when they share one; each file's is in the log).
  const shared = new Set(bad.map((b) => b.reason)).size === 1 ? bad[0].reason : vscode.l10n.t('The reasons differ: the output has each file\'s.');
  const message = bad.length === 1
    ? (bad[0].reason?.includes(bad[0].job.label) ? bad[0].reason
      : 'kept' in bad[0] && bad[0].kept ? vscode.l10n.t('{0} was not uploaded and stays pending under This machine. {1}', bad[0].job.label, bad[0].reason ?? '')
      : vscode.l10n.t('{0} was not uploaded. {1}', bad[0].job.label, bad[0].reason ?? ''))
    : vscode.l10n.t('{0} of {1} files were not uploaded: {2}. {3}', bad.length, jobs.length, someNames(bad.map((b) => b.job.label)), shared ?? '');
  // The first button is the one that helps: a new upload where MetaStudio marked the file failed,
  // else the rows of the stopped ones, kept under This machine to resume.
  const offered = [
    ...(failed.length > 0 && !elsewhere ? [buttons.retryFailed(async () => runJobs(services, uploader, await retryJobs(uploader, failed), stop, profile))] : []),
    ...(stopped.length > 0 && !elsewhere ? [buttons.showInView()] : []),
  ];
  fail([elsewhere, message.trim(), ...parts].filter(Boolean).join(' '), ...offered);
}

/**
 * The same files again, into the same assets and categories. The asset is read again, so the checks
 * see its real type and files (a FAILED MAIN no longer holds the place).
 */
async function retryJobs(uploader: Uploader, failed: Array<{ job: Job; result: UploadResult }>): Promise<Job[]> {
  return Promise.all(failed.map(async ({ job, result }) => ({
    label: job.label,
    size: job.size,
    localPath: 'record' in job ? job.record.localPath : job.localPath,
    target: { kind: 'existing' as const, asset: await uploader.client.showAsset(result.assetId), category: result.category },
  })));
}

function localFiles(services: Services, clicked: unknown, selected: unknown): PendingFile[] {
  return filesOf(selection<unknown>(clicked, selected), services.model).filter((f) => f.upload !== undefined);
}
