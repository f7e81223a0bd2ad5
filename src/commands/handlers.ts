// What every command does, by id: loaded on the first command (dist/lazy.js), not at activation.
// registerCommands.ts registers the ids (COMMAND_IDS), and the type says each has its handler here.
import vscode = require('vscode');
import type { Services } from '../services';
import { filesOf } from '../tree/pendingTree';
import { confirmByFileIdCommand, markCommand } from './confirm';
import { configureCredentialsCommand, signOutCommand } from './credentials';
import { uploadDroppedCommand } from './drop';
import { addProfileCommand, removeProfileCommand, renameProfileCommand, switchProfileCommand } from './profiles';
import type { CommandId } from './registerCommands';
import { selection, type CommandHandler } from './registry';
import { deleteAssetCommand } from './assets';
import { forgetUploadCommand, resumeUploadCommand, uploadFilesCommand, uploadInPlaceCommand } from './upload';

export function commandHandlers(services: Services): Record<CommandId, CommandHandler> {
  return {
    'metastudio.configureCredentials': configureCredentialsCommand(services),
    'metastudio.signOut': signOutCommand(services),
    'metastudio.switchProfile': switchProfileCommand(services),
    'metastudio.addProfile': addProfileCommand(services),
    'metastudio.renameProfile': renameProfileCommand(services),
    'metastudio.removeProfile': removeProfileCommand(services),
    'metastudio.refresh': () => services.view.refresh(),
    'metastudio.markCreated': markCommand(services, 'CREATED'),
    'metastudio.markFailed': markCommand(services, 'FAILED'),
    'metastudio.markCancelled': markCommand(services, 'CANCELLED'),
    'metastudio.confirmByFileId': confirmByFileIdCommand(services),
    'metastudio.copyFileId': async (clicked?: unknown, selected?: unknown) => {
      const files = filesOf(selection<unknown>(clicked, selected), services.model).filter((f) => f.fileId);
      if (files.length > 0) {
        await vscode.env.clipboard.writeText(files.map((f) => f.fileId).join('\n'));
        vscode.window.setStatusBarMessage(files.length === 1 ? vscode.l10n.t('Copied the file id of {0}', files[0].fileName) : vscode.l10n.t('Copied {0} file ids', files.length), 3000);
      }
    },
    'metastudio.showOutput': () => services.logger.show(),
    'metastudio.uploadFiles': uploadFilesCommand(services),
    'metastudio.uploadFolder': uploadFilesCommand(services, true),
    // The Explorer's one item, for files and folders alike: the selection is expanded as it is.
    'metastudio.uploadFromExplorer': uploadFilesCommand(services),
    'metastudio.uploadDropped': uploadDroppedCommand(services),
    'metastudio.resumeUpload': resumeUploadCommand(services),
    'metastudio.forgetUpload': forgetUploadCommand(services),
    'metastudio.uploadInPlace': uploadInPlaceCommand(services),
    'metastudio.deleteAsset': deleteAssetCommand(services),
    'metastudio.retryRefresh': () => services.view.refresh(),
    'metastudio.cancelRefresh': () => services.view.cancelRefresh(),
  };
}
