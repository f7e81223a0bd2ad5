// Every command of the extension, registered in one place through the one wrapper.
import vscode = require('vscode');
import type { Services } from '../services';
import { filesOf } from '../tree/pendingTree';
import { confirmByFileIdCommand, markCommand } from './confirm';
import { configureCredentialsCommand, signOutCommand } from './credentials';
import { uploadDroppedCommand } from './drop';
import { addProfileCommand, removeProfileCommand, renameProfileCommand, switchProfileCommand } from './profiles';
import { CommandRegistry, selection } from './registry';
import { deleteAssetCommand } from './assets';
import { forgetUploadCommand, resumeUploadCommand, uploadFilesCommand, uploadInPlaceCommand } from './upload';

export function registerCommands(services: Services): void {
  const registry = new CommandRegistry(services.context, services.logger, () => services.session.rejected());
  registry.register('metastudio.configureCredentials', configureCredentialsCommand(services));
  registry.register('metastudio.signOut', signOutCommand(services));
  registry.register('metastudio.switchProfile', switchProfileCommand(services));
  registry.register('metastudio.addProfile', addProfileCommand(services));
  registry.register('metastudio.renameProfile', renameProfileCommand(services));
  registry.register('metastudio.removeProfile', removeProfileCommand(services));
  registry.register('metastudio.refresh', () => services.view.refresh());
  registry.register('metastudio.markCreated', markCommand(services, 'CREATED'));
  registry.register('metastudio.markFailed', markCommand(services, 'FAILED'));
  registry.register('metastudio.markCancelled', markCommand(services, 'CANCELLED'));
  registry.register('metastudio.confirmByFileId', confirmByFileIdCommand(services));
  registry.register('metastudio.copyFileId', async (clicked?: unknown, selected?: unknown) => {
    const files = filesOf(selection<unknown>(clicked, selected), services.model).filter((f) => f.fileId);
    if (files.length > 0) {
      await vscode.env.clipboard.writeText(files.map((f) => f.fileId).join('\n'));
      vscode.window.setStatusBarMessage(files.length === 1 ? vscode.l10n.t('Copied the file id of {0}', files[0].fileName) : vscode.l10n.t('Copied {0} file ids', files.length), 3000);
    }
  });
  registry.register('metastudio.showOutput', () => services.logger.show());
  registry.register('metastudio.uploadFiles', uploadFilesCommand(services));
  registry.register('metastudio.uploadFolder', uploadFilesCommand(services, true));
  // The Explorer's one item, for files and folders alike: the selection is expanded as it is.
  registry.register('metastudio.uploadFromExplorer', uploadFilesCommand(services));
  registry.register('metastudio.uploadDropped', uploadDroppedCommand(services));
  registry.register('metastudio.resumeUpload', resumeUploadCommand(services));
  registry.register('metastudio.forgetUpload', forgetUploadCommand(services));
  registry.register('metastudio.uploadInPlace', uploadInPlaceCommand(services));
  registry.register('metastudio.deleteAsset', deleteAssetCommand(services));
  registry.register('metastudio.cancelRefresh', () => services.view.cancelRefresh());
}
