// Thin: build the pieces, wire them, push their disposables. No network here: the client and its
// network stack load on the first call that needs them.
import * as path from 'node:path';
import vscode = require('vscode');
import { registerCommands } from './commands/registerCommands';
import { CredentialStore } from './credentialStore';
import { Logger } from './logger';
import { settled } from './messages';
import { ListingKeeper } from './pending/keptListing';
import { PendingUploads } from './pending/model';
import { ProfileStore } from './profileStore';
import type { Services } from './services';
import { Session } from './session';
import { readSettings, SECTION } from './settings';
import { StatusBar } from './statusBar';
import { PendingView } from './tree/pendingView';
import { Uploads } from './uploads';

/** How long (ms) the row of a file just resolved stays in its place, marked, before it leaves. */
const RESOLVED_ROW_HOLD_MS = 2_000;

export interface ExtensionApi {
  /** For tests and other extensions: the pieces, as built. */
  services: Services;
  /** For tests: resolves when the actions of the notification buttons clicked so far have finished. */
  settled: () => Promise<void>;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const logger = new Logger();
  const credentials = new CredentialStore(context.secrets);
  const profiles = new ProfileStore(context.globalState, credentials, logger);
  const session = new Session(profiles, logger);
  // A resolved file's row stays this long, saying so, so that a second click never lands on the next file.
  const model = new PendingUploads(RESOLVED_ROW_HOLD_MS);
  const status = new StatusBar(session, model);
  const uploads = new Uploads(context, model, logger, () => session.settings);
  const logError = (error: unknown) => logger.error('refresh', error instanceof Error ? error.message : String(error));
  const view = new PendingView(model, session, uploads, new ListingKeeper(path.join(context.globalStorageUri.fsPath, 'listings')), logError);
  const services: Services = { context, logger, profiles, session, model, view, status, uploads };
  context.subscriptions.push(logger, credentials, profiles, session, status, view);
  registerCommands(services);

  const applySettings = () => view.setAutoRefresh(readSettings().autoRefreshSeconds, logError);
  applySettings();
  context.subscriptions.push(
    // Another profile, other credentials, a profile file edited: the view starts over if the connection changed.
    profiles.onDidChange(() => view.reload().catch(logError)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION) || e.affectsConfiguration('http')) {
        session.reset();
        applySettings();
        void view.reload().then(() => uploads.reload()).catch(logError);
      }
    }),
  );
  void view.reload().catch(logError);
  return { services, settled };
}

export function deactivate(): void {}
