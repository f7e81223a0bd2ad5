// The connection to MetaStudio: one client for the current profile (its credentials and settings),
// built on first use (the network stack loads then, not at activation) and rebuilt when either changes.
// Work holds its client until it ends (`use`), so a change never closes a client under running work;
// signing out stops the running work.
import vscode = require('vscode');
import { stoppedError } from './client/errors';
import { ClientLeases } from './client/leases';
import type { MetaStudioClient } from './client/metastudio';
import type { Credentials } from './client/credentials';
import { CREDENTIAL_LABELS, secretsOf, tenantKey } from './client/credentials';
import { checkEndpoint } from './client/regions';
import type { CredentialStore } from './credentialStore';
import type { Logger } from './logger';
import { inform, warn } from './messages';
import { ProfileStore, type ActiveProfile } from './profileStore';
import { quoteName, SOURCE_LABELS, type Profile } from './profiles/profile';
import { profileSettings, type Settings } from './settings';

export type SessionState = 'unconfigured' | 'ready' | 'rejected';

/** Thrown when a command needs credentials and there are none. */
export class NotConfiguredError extends Error {
  constructor() {
    super(vscode.l10n.t('MetaStudio credentials are not configured.'));
    this.name = 'NotConfiguredError';
  }
}

/** Whose credentials a client was built with: what a sign-out anywhere stops. */
interface ClientOwner {
  profileId: string;
  name: string;
  /** Credentials this extension keeps in SecretStorage, which a sign-out (here or in another window) removes. */
  signsOut: boolean;
}

export class Session implements vscode.Disposable {
  private readonly clients = new ClientLeases<MetaStudioClient, ClientOwner>(
    () => this.build(),
    () => this.active && { profileId: this.active.profile.id, name: this.active.profile.name, signsOut: ProfileStore.writable(this.active.profile) },
  );
  /** The profile this window is signing out of: the stop that follows is said by the Sign Out command. */
  private signingOutHere?: string;
  private active?: ActiveProfile;
  /** Counts `load` calls: only the latest one's answer is kept. */
  private generation = 0;
  /** The credentials being read, if they are: work waits for them. */
  private loading?: Promise<boolean>;
  private stateValue: SessionState = 'unconfigured';
  /** The context line last logged: logged again only when it changes. */
  private context?: string;
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
    return profileSettings(this.active?.profile);
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
    const loading = this.profiles.active().then(async (active) => {
      if (generation !== this.generation) {
        return false;
      }
      const changed = fingerprint(active) !== fingerprint(this.active);
      if (changed) {
        this.reset();
      }
      const before = this.active?.profile;
      this.active = active;
      this.sayUnavailable(active.profile, before);
      this.logContext(active);
      // Refused credentials stay refused until they change (or a call succeeds).
      this.setState(!active.credentials ? 'unconfigured' : !changed && this.stateValue === 'rejected' ? 'rejected' : 'ready');
      await this.stopSignedOut();
      return changed;
    }, (error: unknown) => {
      // The log still starts with what is known: that the profile could not be read.
      this.logger.context(`the profile could not be read: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    });
    this.loading = loading;
    void loading.finally(() => {
      if (this.loading === loading) {
        this.loading = undefined;
      }
    }).catch(() => undefined);
    return loading;
  }

  /** The log starts with where calls go and with what, and has it again after every change. */
  private logContext(active: ActiveProfile): void {
    const line = describeContext(active);
    if (line !== this.context) {
      this.context = line;
      this.logger.context(line);
    }
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
    return this.active?.credentials ? this.tenantOf(this.active.profile, this.active.credentials) : undefined;
  }

  /** The tenant of a profile with these credentials (`tenantKey`); undefined when its endpoint setting is not a URL. */
  tenantOf(profile: Profile, credentials: Credentials | undefined = profile.credentials): string | undefined {
    if (!credentials) {
      return undefined;
    }
    const settings = profileSettings(profile);
    try {
      return tenantKey(checkEndpoint(settings.endpoint), settings.region, settings.projectId, credentials);
    } catch {
      return undefined;
    }
  }

  /** Whether work of this profile is running now. */
  runs(profileId: string): boolean {
    return this.clients.runningTags().some((owner) => owner.profileId === profileId);
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

  /** Sign Out here, of `profileId`: the work it stops is said by the command, not by `load`. */
  signingOut(profileId: string): void {
    this.signingOutHere = profileId;
  }

  /**
   * Stops the running work of every profile whose credentials were removed from SecretStorage (signed
   * out or removed, here or in another window), whether or not it is the current profile: an upload
   * keeps its own profile through a switch, but not past that profile's sign-out. Work stopped by a
   * sign-out elsewhere is said here, in one sentence; the Sign Out command says its own.
   */
  private async stopSignedOut(): Promise<void> {
    // A read-only profile's work stops only when it is signed out of here (profileStore.signOutOfSource).
    const owners = this.clients.runningTags().filter((owner) => owner.signsOut || owner.profileId === this.signingOutHere);
    if (owners.length === 0) {
      return;
    }
    const profiles = await this.profiles.list();
    const listed = new Set(profiles.map((p) => p.id));
    const signedIn = new Set(profiles.filter((p) => p.credentials).map((p) => p.id));
    const gone = new Map(owners.filter((owner) => !signedIn.has(owner.profileId)).map((owner) => [owner.profileId, owner.name]));
    const here = this.signingOutHere;
    if (here !== undefined && gone.has(here)) {
      this.signingOutHere = undefined;
    }
    for (const [profileId, name] of gone) {
      // A KooCLI profile that left config.json took its typed keys with it: no one signed out.
      const left = !listed.has(profileId) && profileId.startsWith('kooCli:');
      const file = this.profiles.originOf(profileId);
      const stopped = this.clients.stopWhere(left ? stoppedError('profile-left', { profile: quoteName(name), file }) : signedOutError(), (owner) => owner?.profileId === profileId);
      if (stopped > 0 && profileId !== here && left) {
        this.logger.info('credentials', `profile ${quoteName(name)} is no longer in ${file}; stopping ${stopped} running task(s)`);
        inform(vscode.l10n.t('MetaStudio profile {0} is no longer in {1}: the work in progress stopped, and unfinished uploads stay under This machine to resume.', quoteName(name), file));
      } else if (stopped > 0 && profileId !== here) {
        this.logger.info('credentials', `the credentials of profile ${quoteName(name)} were removed in another window; stopping ${stopped} running task(s)`);
        inform(vscode.l10n.t('Signed out of MetaStudio in another window (profile {0}): the work in progress stopped, and unfinished uploads stay under This machine to resume.', quoteName(name)));
      }
    }
  }

  /**
   * The picked profile is not in its file now (or back): said once per change, in the output and a
   * warning whose first button switches. Nothing is sent meanwhile: the profile has no credentials.
   */
  private sayUnavailable(profile: Profile, before: Profile | undefined): void {
    if (before?.id === profile.id && before.unavailable === profile.unavailable) {
      return;
    }
    if (!profile.unavailable) {
      if (before?.id === profile.id && before.unavailable) {
        this.logger.info('profiles', `profile ${quoteName(profile.name)} is in ${profile.origin} again; using it`);
      }
      return;
    }
    this.logger.warn('profiles', `the current profile ${quoteName(profile.name)} is ${profile.unavailable === 'gone' ? 'no longer in' : 'not readable now in'} ${profile.origin}; nothing is sent until it is back or another profile is picked`);
    warn(unavailableText(profile), { title: vscode.l10n.t('Switch Profile'), run: () => vscode.commands.executeCommand('metastudio.switchProfile') });
  }

  /** The window closes or reloads: running uploads stop and keep their records, nothing is confirmed. */
  dispose(): void {
    this.clients.stop(stoppedError('window-closed'));
    this.changed.dispose();
  }

  private setState(state: SessionState): void {
    this.stateValue = state;
    void vscode.commands.executeCommand('setContext', 'metastudio.configured', state !== 'unconfigured');
    // Set only once the credentials are read: the sign-in welcome never flashes while they load.
    void vscode.commands.executeCommand('setContext', 'metastudio.signedOut', state === 'unconfigured');
    this.changed.fire(state);
  }
}

/** What a warning, the status bar and the view say of a picked profile that is not in its file now. */
export function unavailableText(profile: Profile): string {
  return profile.unavailable === 'gone'
    ? vscode.l10n.t('MetaStudio profile {0} is no longer in {1}: nothing is sent until it is back or you switch profile.', quoteName(profile.name), profile.origin)
    : vscode.l10n.t('MetaStudio profile {0} cannot be read from {1} now (the output says why): nothing is sent until it can, or you switch profile.', quoteName(profile.name), profile.origin);
}

/** The reason running work stops at sign-out, in one sentence. */
export function signedOutError(): Error {
  return stoppedError('signed-out');
}

/**
 * Endpoint, region, project id and where the credentials come from (their kind and source), in
 * one line for the log. Never a value of the credentials: not even the AK.
 */
export function describeContext(active: ActiveProfile): string {
  const { profile, credentials, settings } = active;
  const project = settings.projectId ? `project id ${settings.projectId}` : 'project id looked up from IAM on the first call';
  const keptBy = profile.source === 'settings' || profile.source === 'stored' || profile.needsKeys ? 'secret storage' : `${SOURCE_LABELS[profile.source].toLowerCase()} (${profile.origin})`;
  const source = credentials ? `${CREDENTIAL_LABELS[credentials.kind]} from ${keptBy}` : profile.signedOut ? `none: signed out of ${keptBy} in this window` : 'none: not signed in';
  return `profile "${profile.name}": endpoint ${settings.endpoint}, region ${settings.region}, ${project}, IAM ${settings.iamEndpoint}; credentials: ${source}`;
}

/** What makes two loads the same connection: profile, credentials and place. Kept in memory only. */
function fingerprint(active: ActiveProfile | undefined): string {
  if (!active) {
    return '';
  }
  const { endpoint, iamEndpoint, projectId, domainId, appUserId } = active.settings;
  return JSON.stringify([active.profile.id, active.credentials, endpoint, iamEndpoint, projectId, domainId, appUserId]);
}

/** Builds a client with these credentials and settings; also used to test credentials before saving. */
export async function createClient(credentials: Credentials, settings: Settings, logger: Logger): Promise<MetaStudioClient> {
  const { MetaStudioClient } = await import('./lazy');
  return new MetaStudioClient({
    endpoint: settings.endpoint,
    iamEndpoint: settings.iamEndpoint,
    region: settings.region,
    projectId: settings.projectId,
    domainId: settings.domainId,
    appUserId: settings.appUserId,
    credentials,
    proxy: settings.proxy,
    rateLimitPerSecond: settings.rateLimitPerSecond,
    timeouts: { connectMs: Math.min(settings.timeoutMs, 10_000), headersMs: settings.timeoutMs, bodyMs: settings.timeoutMs, attemptMs: settings.timeoutMs },
    retry: { retries: settings.retries },
    onEvent: (event) => logger.clientEvent(event),
  });
}
