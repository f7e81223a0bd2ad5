// "New asset for each file": the asset names (made valid, shown before anything is created) and the
// system_properties that let video production use new IMAGE and VIDEO assets.
import * as path from 'node:path';
import vscode = require('vscode');
import { assetNameFor } from '../client/assetNames';
import { assetTypeFor } from '../client/fileTypes';
import { videoProductionProperties, type VideoProductionKey } from '../client/systemProperties';
import type { UploadTarget } from '../pending/upload';
import { ask, confirmWork, nameLines } from '../messages';
import { readSettings } from '../settings';

const KEY_LABELS: Record<VideoProductionKey, string> = {
  MATERIAL_IMG: 'Material image',
  BACKGROUND_IMG: 'Background image',
  MATERIAL_VIDEO: 'Material video',
  BUSSINESS_CARD_VIDEO: 'Business card video',
};

/** The new asset each file makes: name from the file, type from its extension, the file as MAIN. */
export function newAssetTarget(uri: vscode.Uri): Extract<UploadTarget, { kind: 'new' }> {
  const name = path.basename(uri.fsPath);
  return { kind: 'new', assetName: assetNameFor(name), assetType: assetTypeFor(name) };
}

/** The files that go, each to the new asset `choose` gives it. */
export interface NewAssets {
  uris: vscode.Uri[];
  choose: (uri: vscode.Uri) => UploadTarget;
}

/**
 * The targets for these files, after the user has seen which files make common file assets (and
 * may leave them out), every name that differs from its file's, and chosen how video production may
 * use new images and videos; undefined when they cancel, or leave out every file.
 */
export async function chooseNewAssets(chosen: readonly vscode.Uri[]): Promise<NewAssets | undefined> {
  const uris = await keepCommonFiles(chosen);
  if (!uris || !(await acceptRenames(uris))) {
    return undefined;
  }
  const keys = await pickVideoProductionUse(uris.map((uri) => newAssetTarget(uri).assetType));
  if (!keys) {
    return undefined;
  }
  return {
    uris,
    choose: (uri) => {
      const target = newAssetTarget(uri);
      return { ...target, systemProperties: videoProductionProperties(target.assetType, keys) };
    },
  };
}

/**
 * A file that is not a video, image, audio or PPT makes a common file asset, which MetaStudio's
 * video production does not use: named before anything is created, with the choice to skip it.
 * The files to upload; undefined when the user cancels or skips them all.
 */
async function keepCommonFiles(uris: readonly vscode.Uri[]): Promise<vscode.Uri[] | undefined> {
  const common = uris.filter((uri) => newAssetTarget(uri).assetType === 'COMMON_FILE');
  if (common.length === 0) {
    return [...uris];
  }
  const names = common.map((uri) => path.basename(uri.fsPath));
  const others = uris.length - common.length;
  const question = common.length === 1
    ? vscode.l10n.t('{0} is not a video, image, audio or PPT file: it becomes a common file asset (COMMON_FILE). Upload it?', names[0])
    : vscode.l10n.t('{0} files are not video, image, audio or PPT files: they become common file assets (COMMON_FILE). Upload them?', common.length);
  const detail = [
    ...(common.length === 1 ? [] : [...nameLines(names), '']),
    vscode.l10n.t('MetaStudio keeps a common file as it is; video production does not use it.'),
  ].join('\n');
  const upload = common.length === 1 ? vscode.l10n.t('Upload as Common File') : vscode.l10n.t('Upload as Common Files');
  const skip = common.length === 1 ? vscode.l10n.t('Skip {0}', names[0]) : vscode.l10n.t('Skip These {0}', common.length);
  // Skipping is offered only when some other file is left to upload; else Cancel says it.
  const choice = await ask(question, detail, upload, ...(others > 0 ? [skip] : []));
  return choice === upload ? [...uris] : choice === skip ? uris.filter((uri) => !common.includes(uri)) : undefined;
}

/** File names MetaStudio would refuse as asset names are changed; the user sees each change first. */
async function acceptRenames(uris: readonly vscode.Uri[]): Promise<boolean> {
  const renamed = uris.map((uri) => ({ file: path.basename(uri.fsPath), name: newAssetTarget(uri).assetName })).filter((r) => r.file.replace(/\.[^.]+$/, '') !== r.name);
  if (renamed.length === 0) {
    return true;
  }
  const upload = vscode.l10n.t('Upload');
  const message = renamed.length === 1
    ? vscode.l10n.t('The asset for {0} will be named "{1}".', renamed[0].file, renamed[0].name)
    : vscode.l10n.t('{0} assets will be named differently from their files.', renamed.length);
  const detail = [
    vscode.l10n.t('Asset names take Chinese and English letters, digits, spaces and _ - . ( ), at most 256 characters.'),
    ...nameLines(renamed.map((r) => `${r.file} → ${r.name}`)),
  ].join('\n');
  return confirmWork(message, detail, upload);
}

/**
 * The video production keys for the new assets, checked as the settings say; asked only when some
 * file makes an IMAGE or VIDEO asset. Undefined when the user cancels.
 */
async function pickVideoProductionUse(types: readonly string[]): Promise<string[] | undefined> {
  const settings = readSettings();
  const offered = [
    ...(types.includes('IMAGE') ? settingKeys('IMAGE', settings.imageSystemProperties) : []),
    ...(types.includes('VIDEO') ? settingKeys('VIDEO', settings.videoSystemProperties) : []),
  ];
  if (offered.length === 0) {
    return [];
  }
  const items = offered.map(({ key, type, picked }) => ({ label: vscode.l10n.t(KEY_LABELS[key]), description: `${type} · ${key}`, picked, key }));
  const chosen = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    ignoreFocusOut: true,
    title: vscode.l10n.t('Where may video production use the new assets?'),
    placeHolder: vscode.l10n.t('Images and videos uploaded through the API are hidden in video production unless marked. Uncheck all to keep them hidden.'),
  });
  return chosen?.map((item) => item.key);
}

function settingKeys(type: 'IMAGE' | 'VIDEO', checked: readonly string[]): Array<{ key: VideoProductionKey; type: string; picked: boolean }> {
  const keys: VideoProductionKey[] = type === 'IMAGE' ? ['MATERIAL_IMG', 'BACKGROUND_IMG'] : ['MATERIAL_VIDEO', 'BUSSINESS_CARD_VIDEO'];
  return keys.map((key) => ({ key, type, picked: checked.includes(key) }));
}
