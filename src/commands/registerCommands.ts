// Every command of the extension, registered in one place through the one wrapper. What a command
// does loads on the first command (commands/handlers.ts, in dist/lazy.js): activation registers ids only.
import type { Services } from '../services';
import { CommandRegistry, type CommandHandler } from './registry';

export const COMMAND_IDS = [
  'metastudio.configureCredentials',
  'metastudio.signOut',
  'metastudio.switchProfile',
  'metastudio.addProfile',
  'metastudio.renameProfile',
  'metastudio.removeProfile',
  'metastudio.refresh',
  'metastudio.markCreated',
  'metastudio.markFailed',
  'metastudio.markCancelled',
  'metastudio.confirmByFileId',
  'metastudio.copyFileId',
  'metastudio.showOutput',
  'metastudio.uploadFiles',
  'metastudio.uploadFolder',
  'metastudio.uploadFromExplorer',
  'metastudio.uploadDropped',
  'metastudio.resumeUpload',
  'metastudio.forgetUpload',
  'metastudio.uploadInPlace',
  'metastudio.deleteAsset',
  'metastudio.retryRefresh',
  'metastudio.cancelRefresh',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

export function registerCommands(services: Services): void {
  const registry = new CommandRegistry(services.context, services.logger, () => services.session.rejected());
  let handlers: Promise<Record<CommandId, CommandHandler>> | undefined;
  const load = () => (handlers ??= import('../lazy').then((lazy) => lazy.commandHandlers(services)));
  for (const id of COMMAND_IDS) {
    registry.register(id, async (...args: unknown[]) => (await load())[id](...args));
  }
}
