// The connection to MetaStudio: one client for the current profile (its credentials and settings),
// built on first use (the network stack loads then, not at activation) and rebuilt when either changes.
// Work holds its client until it ends (`use`), so a change never closes a client under running work;
// signing out stops the running work.
import vscode = require('vscode');
import { stoppedError } from './client/errors';
import { ClientLeases } from './client/leases';
import type { MetaStudioClient } from './client/metastudio';
import type { Credentials } from './client/credentials';
import { secretsOf, tenantKey } from './client/credentials';
import { checkEndpoint } from './client/regions';
import type { CredentialStore } from './credentialStore';
import type { Logger } from './logger';
import type { ActiveProfile, ProfileStore } from './profileStore';
import type { Profile } from './profiles/profile';
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
  private readonly clients = new ClientLeases<MetaStudioClient>(() => this.build());
  private active?: ActiveProfile;
  /** Counts `load` calls: only the latest one's answer is kept. */
  private generation = 0;
  /** The credentials being read, if they are: work waits for them. */
  private loading?: Promise<boolean>;
  private stateValue: SessionState = 'unconfigured';
  private readonly changed = new vscode.EventEmitter<SessionState>();
  readonly onDidChangeState = this.changed.event;

  constructor(readonly profiles: ProfileStore, private readonly logger: Logger) {
    logger.setSecrets(() => [...secretsOf(this.active?.credentials), ...profiles.secrets()]);
  }

  get state(): SessionState {
    return this.stateValue;
  }

  get credentials(): CredentialStore {
    return this.profiles.credentials;
  }

  /** The profile in use, once loaded. */
  get profile(): Profile | undefined {
    return this.active?.profile;
  }

  /** The settings of the profile in use, read now: a settings change counts before the next load. */
  get settings(): Settings {
    return readSettings(this.active?.profile.target);
  }

  /**
   * Reads the current profile and its credentials (no network, but for a project's region once).
   * Returns true when they differ from the ones in use (another profile, other credentials, another
   * place): what was shown is then stale. New credentials or another profile serve the next piece of
   * work, and running work keeps its own; the current profile losing its credentials (signed out,
   * here or in another window) stops the running work. Work asked for while the profile is read waits
   * for it, and of two reads at once the later one decides: no work starts on credentials that were replaced.
   */
  load(): Promise<boolean> {
    const generation = ++this.generation;
    const loading = this.profiles.active().then((active) => {
      if (generation !== this.generation) {
        return false;
      }
      const changed = fingerprint(active) !== fingerprint(this.active);
      const signedOut = this.active?.credentials !== undefined && active.credentials === undefined && this.active.profile.id === active.profile.id;
      if (changed) {
        this.reset();
      }
      if (signedOut) {
        this.stop();
      }
      this.active = active;
      // Refused credentials stay refused until they change (or a call succeeds).
      this.setState(!active.credentials ? 'unconfigured' : !changed && this.stateValue === 'rejected' ? 'rejected' : 'ready');
      return changed;
    });
    this.loading = loading;
    void loading.finally(() => {
      if (this.loading === loading) {
        this.loading = undefined;
      }
    }).catch(() => undefined);
    return loading;
  }

  /**
   * Runs `work` with the client of the moment; it keeps that client, open, until it ends, whatever
   * changes meanwhile. `signal` aborts, with `signedOutError()` as its reason, when the user signs out.
   * Each call is a new user action: a password IAM refused may be tried once more.
   */
  async use<T>(work: (client: MetaStudioClient, signal: AbortSignal) => Promise<T>): Promise<T> {
    while (this.loading) {
      await this.loading;
    }
    if (!this.active) {
      await this.load();
    }
    if (!this.active?.credentials) {
      throw new NotConfiguredError();
    }
    return this.clients.use((client, signal) => {
      client.newAction();
      return work(client, signal);
    });
  }

  /**
   * The tenant of the credentials and settings of the moment (`tenantKey`: no secret in it), what the
   * kept listing belongs to; undefined when signed out or the endpoint setting is not a URL.
   */
  get tenant(): string | undefined {
    const credentials = this.active?.credentials;
    if (!credentials) {
      return undefined;
    }
    const settings = this.settings;
    try {
      return tenantKey(checkEndpoint(settings.endpoint), settings.region, settings.projectId, credentials);
    } catch {
      return undefined;
    }
  }

  /** Pieces of work running now (uploads, marks, refreshes). */
  get running(): number {
    return this.clients.running;
  }

  private build(): Promise<MetaStudioClient> {
    const credentials = this.active?.credentials;
    return credentials ? createClient(credentials, this.settings, this.logger) : Promise.reject(new NotConfiguredError());
  }

  /** A call was refused for the credentials themselves: say so until they change. */
  rejected(): void {
    if (this.active?.credentials) {
      this.setState('rejected');
    }
  }

  accepted(): void {
    if (this.active?.credentials && this.stateValue === 'rejected') {
      this.setState('ready');
    }
  }

  /** The next piece of work gets a client built from the current settings; running work keeps its own. */
  reset(): void {
    this.clients.retire();
  }

  /** Stops the running work (its signals abort with "signed out"); returns how much was running. */
  stop(): number {
    return this.clients.stop(signedOutError());
  }

  /** The window closes or reloads: running uploads stop and keep their records, nothing is confirmed. */
  dispose(): void {
    this.clients.stop(stoppedError(vscode.l10n.t('The window was closed or reloaded during the upload: Resume it to finish.')));
    this.changed.dispose();
  }

  private setState(state: SessionState): void {
    this.stateValue = state;
    void vscode.commands.executeCommand('setContext', 'metastudio.configured', state !== 'unconfigured');
    this.changed.fire(state);
  }
}

/** The reason running work stops at sign-out, in one sentence. */
export function signedOutError(): Error {
  return stoppedError(vscode.l10n.t('Signed out of MetaStudio: the work in progress stopped, and unfinished uploads stay under This machine to resume.'));
}

/** What makes two loads the same connection: profile, credentials and place. Kept in memory only. */
function fingerprint(active: ActiveProfile | undefined): string {
  if (!active) {
    return '';
  }
  const { endpoint, iamEndpoint, projectId, appUserId } = active.settings;
  return JSON.stringify([active.profile.id, active.credentials, endpoint, iamEndpoint, projectId, appUserId]);
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
    timeouts: { connectMs: Math.min(settings.timeoutMs, 10_000), headersMs: settings.timeoutMs, bodyMs: settings.timeoutMs, attemptMs: settings.timeoutMs },
    retry: { retries: settings.retries },
    onEvent: (event) => logger.clientEvent(event),
  });
}
