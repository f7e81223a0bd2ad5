// What the commands work with, built once in extension.ts.
import type * as vscode from 'vscode';
import type { Logger } from './logger';
import type { PendingUploads } from './pending/model';
import type { ProfileStore } from './profileStore';
import type { Session } from './session';
import type { StatusBar } from './statusBar';
import type { PendingView } from './tree/pendingView';
import type { Uploads } from './uploads';

export interface Services {
  context: vscode.ExtensionContext;
  logger: Logger;
  profiles: ProfileStore;
  session: Session;
  model: PendingUploads;
  view: PendingView;
  status: StatusBar;
  uploads: Uploads;
}
