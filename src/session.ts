// The connection to MetaStudio: one client for the stored credentials and current settings, built
// on first use (the network stack loads then, not at activation) and rebuilt when either changes.
import vscode = require('vscode');
import type { MetaStudioClient } from './client/metastudio';
import type { Credentials } from './client/credentials';
import { secretsOf } from './client/credentials';
import { CredentialStore, type StoredCredentials } from './credentialStore';
import type { Logger } from './logger';
import { readSettings, type Settings } from './settings';

export type SessionState = 'unconfigured' | 'ready' | 'rejected';

/** Thrown when a command needs credentials and there are none. */
export class NotConfiguredError extends Error {
  constructor() {
    super(vscode.l10n.t('MetaStudio credentials are not configured.'));
    this.name = 'NotConfiguredError';
  }
}

export class Session implements vscode.Disposable {
  private current?: Promise<MetaStudioClient>;
  private stored?: StoredCredentials;
  private stateValue: SessionState = 'unconfigured';
  private readonly changed = new vscode.EventEmitter<SessionState>();
  readonly onDidChangeState = this.changed.event;

  constructor(readonly credentials: CredentialStore, private readonly logger: Logger) {
    logger.setSecrets(() => secretsOf(this.stored?.credentials));
  }

  get state(): SessionState {
    return this.stateValue;
  }

  get source(): StoredCredentials['source'] | undefined {
    return this.stored?.source;
  }

  /** Reads the credentials (no network) and tells whether there are any. */
  async load(): Promise<SessionState> {
    this.reset();
    this.stored = await this.credentials.get();
    this.setState(this.stored ? 'ready' : 'unconfigured');
    return this.stateValue;
  }

  async client(): Promise<MetaStudioClient> {
    if (!this.stored) {
      await this.load();
    }
    const stored = this.stored;
    if (!stored) {
      throw new NotConfiguredError();
    }
    this.current ??= createClient(stored.credentials, readSettings(), this.logger);
    return this.current;
  }

  /** A call was refused for the credentials themselves: say so until they change. */
  rejected(): void {
    if (this.stored) {
      this.setState('rejected');
    }
  }

  accepted(): void {
    if (this.stored && this.stateValue === 'rejected') {
      this.setState('ready');
    }
  }

  /** Drops the client; the next call builds one from the current settings. */
  reset(): void {
    const old = this.current;
    this.current = undefined;
    void old?.then((client) => client.close()).catch(() => undefined);
  }

  dispose(): void {
    this.reset();
    this.changed.dispose();
  }

  private setState(state: SessionState): void {
    this.stateValue = state;
    void vscode.commands.executeCommand('setContext', 'metastudio.configured', state !== 'unconfigured');
    this.changed.fire(state);
  }
}

/** Builds a client with these credentials and settings; also used to test credentials before saving. */
export async function createClient(credentials: Credentials, settings: Settings, logger: Logger): Promise<MetaStudioClient> {
  const { MetaStudioClient } = await import('./client/metastudio');
  return new MetaStudioClient({
    endpoint: settings.endpoint,
    iamEndpoint: settings.iamEndpoint,
    region: settings.region,
    projectId: settings.projectId,
    appUserId: settings.appUserId,
    credentials,
    proxy: settings.proxy,
    rateLimitPerSecond: settings.rateLimitPerSecond,
    timeouts: { connectMs: Math.min(settings.timeoutMs, 10_000), headersMs: settings.timeoutMs, bodyMs: settings.timeoutMs },
    retry: { retries: settings.retries },
    onEvent: (event) => logger.clientEvent(event),
  });
}
