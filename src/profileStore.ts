// Every profile this window can use, and which one is current. The default profile is the settings
// with the credentials saved as before; stored profiles keep their name and place in global state and
// their credentials in SecretStorage; the read-only sources (environment, SDK credentials file,
// KooCLI) are read again when their files change and never written.
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import vscode = require('vscode');
import { secretsOf, type Credentials } from './client/credentials';
import { CredentialStore, credentialsKey } from './credentialStore';
import type { Logger } from './logger';
import { credentialsFilePath } from './profiles/credentialsFile';
import { ENVIRONMENT_ORIGIN } from './profiles/environment';
import { kooCliConfigPath } from './profiles/kooCli';
import { describeWarning, quoteName, SOURCE_LABELS, type Profile, type ProfileSource, type ProfileTarget, type SourceResult } from './profiles/profile';
import { NewestRead, readSources, sourceFiles, watchSources } from './profiles/sources';
import { buttons, warn } from './messages';
import { createClient } from './session';
import { profileSettings, readSettings, type Settings } from './settings';

const STORED_KEY = 'metastudio.profiles';
const CURRENT_KEY = 'metastudio.currentProfile';
/** Regions of projects, as IAM named them: `{ [projectId]: region }`. Not secret. */
const REGIONS_KEY = 'metastudio.projectRegions';
/** Ids of the KooCLI profiles whose typed AK/SK are in SecretStorage: forgotten when the profile leaves config.json. */
const KOOCLI_KEYS_KEY = 'metastudio.kooCliKeys';
export const DEFAULT_PROFILE_ID = 'settings';

/** The non-secret part of a stored profile, as kept in global state. */
interface StoredProfile {
  id: string;
  name: string;
  target: ProfileTarget;
}

/** The current profile, its credentials (undefined: not configured) and its settings. */
export interface ActiveProfile {
  profile: Profile;
  credentials?: Credentials;
  settings: Settings;
}

export class ProfileStore implements vscode.Disposable {
  private sources: SourceResult = { profiles: [], warnings: [] };
  private sourcesRead?: Promise<void>;
  /** Of two reads at once, the one started last counts. */
  private readonly reads = new NewestRead(() => readSources(this.env, this.home()));
  private keysNoted = Promise.resolve();
  /** The profile picked in this window; undefined picks one by precedence. */
  private selected?: string;
  private readonly changed = new vscode.EventEmitter<void>();
  /** The current profile, or its credentials, or the profiles to pick from changed. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: Array<{ dispose(): void }> = [];
  private watcher?: { files: string; dispose(): void };
  /**
   * Read-only profiles (environment, SDK credentials file, KooCLI) signed out of in this window: their
   * source is never written, so their credentials are left unused here until the profile is picked
   * again. Kept in memory only: a new window uses them again.
   */
  private readonly signedOut = new Set<string>();
  /** Projects whose region IAM could not tell, until the sources are read again. */
  private readonly regionUnknown = new Set<string>();
  /** The warnings already shown in a notification, so that each is shown once per window. */
  private readonly told = new Set<string>();

  constructor(
    private readonly state: vscode.Memento,
    readonly credentials: CredentialStore,
    private readonly logger: Logger,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly home: () => string = () => os.homedir(),
  ) {
    this.selected = state.get<string>(CURRENT_KEY);
    this.subscriptions.push(credentials.onDidChange(() => this.changed.fire()));
    this.watch();
  }

  /** Every profile: the default, the stored ones, then the read-only sources in the SDKs' order. */
  async list(): Promise<Profile[]> {
    await (this.sourcesRead ??= this.readSources());
    const stored = this.stored().map((s): Profile => ({ id: s.id, name: s.name, source: 'stored', origin: 'SecretStorage', target: s.target }));
    const defaultProfile: Profile = { id: DEFAULT_PROFILE_ID, name: vscode.l10n.t('Default'), source: 'settings', origin: 'settings', target: {} };
    const sources = this.sources.profiles.map((p) => (this.signedOut.has(p.id) ? { ...p, credentials: undefined, signedOut: true } : this.placed(p)));
    return Promise.all([defaultProfile, ...stored, ...sources].map((p) => this.withCredentials(p)));
  }

  /**
   * The profile in use: the one picked, else the first by precedence that has credentials, else the
   * default. A picked profile of a file or the environment that is not there now stays picked, as
   * `unavailable` and without credentials: a file half saved must not send this window's requests
   * with another account's keys, and the profile is back when the file is whole again. Only a stored
   * profile removed (in another window) gives way to the one by precedence.
   */
  async current(): Promise<Profile> {
    const profiles = await this.list();
    const picked = profiles.find((p) => p.id === this.selected);
    if (picked) {
      return picked;
    }
    const missing = this.selected === undefined ? undefined : this.unavailable(this.selected);
    if (missing) {
      return missing;
    }
    if (this.selected !== undefined) {
      this.logger.warn('profiles', `the stored profile picked before was removed; using another`);
      this.selected = undefined;
    }
    const kooCli = profiles.filter((p) => p.source === 'kooCli');
    const order = [...profiles.filter((p) => p.source !== 'kooCli'), ...kooCli.filter((p) => p.sourceCurrent), ...kooCli.filter((p) => !p.sourceCurrent)];
    return order.find((p) => p.credentials) ?? profiles[0];
  }

  /** The picked profile `id` of a read-only source, which is not in it now; undefined for another id. */
  private unavailable(id: string): Profile | undefined {
    const colon = id.indexOf(':');
    const source = (id === 'environment' ? 'environment' : id.slice(0, colon)) as ProfileSource;
    const origin = source === 'environment' ? ENVIRONMENT_ORIGIN : source === 'credentialsFile' ? credentialsFilePath(this.env, this.home()).file : source === 'kooCli' ? kooCliConfigPath(this.home()) : undefined;
    if (origin === undefined) {
      return undefined;
    }
    const whole = source === 'environment' || (this.sources.listed ?? []).some((l) => l.file === origin);
    return { id, name: source === 'environment' ? 'Environment' : id.slice(colon + 1), source, origin, target: {}, unavailable: whole ? 'gone' : 'unreadable' };
  }

  async active(): Promise<ActiveProfile> {
    const profile = await this.withRegion(await this.current());
    return { profile, credentials: profile.credentials, settings: profileSettings(profile) };
  }

  /**
   * The environment and the SDK credentials file name a project but no region: the region is the
   * project's, asked from IAM (at the settings' IAM endpoint) once and remembered. When it is the
   * settings' region, or IAM cannot say, the settings' place is used.
   */
  private async withRegion(profile: Profile): Promise<Profile> {
    const projectId = needsRegion(profile) ? profile.target.projectId! : undefined;
    const known = this.state.get<Record<string, string>>(REGIONS_KEY) ?? {};
    if (projectId && !known[projectId] && !this.regionUnknown.has(projectId)) {
      try {
        // One quick try: this runs when the profile is loaded, and a failure falls back to the settings.
        const client = await createClient(profile.credentials!, { ...profileSettings(profile), timeoutMs: 10_000, retries: 0 }, this.logger);
        try {
          const region = await client.projectRegion(projectId);
          await this.state.update(REGIONS_KEY, { ...known, [projectId]: region });
          this.logger.info('profiles', `profile ${quoteName(profile.name)}: project ${projectId} is in region ${region} (from IAM)`);
        } finally {
          await client.close();
        }
      } catch (error) {
        this.logger.warn('profiles', `profile ${quoteName(profile.name)}: the region of project ${projectId} could not be read from IAM (${(error as Error).message}); using the settings' region`);
        this.regionUnknown.add(projectId);
      }
    }
    return this.placed(profile);
  }

  /** The profile with the region of its project, when it is known and not the settings' own. */
  private placed(profile: Profile): Profile {
    const region = needsRegion(profile) ? this.state.get<Record<string, string>>(REGIONS_KEY)?.[profile.target.projectId!] : undefined;
    return !region || region === readSettings().region ? profile : { ...profile, target: { ...profile.target, region } };
  }

  /** Makes `id` the current profile in this window, and the one new windows start with; a profile signed out of here is used again. */
  async select(id: string): Promise<void> {
    this.signedOut.delete(id);
    this.selected = id;
    await this.state.update(CURRENT_KEY, id);
    this.changed.fire();
  }

  /** Stores a new profile; its credentials go to SecretStorage. Returns its id. */
  async add(name: string, target: ProfileTarget, credentials: Credentials): Promise<string> {
    const id = `stored:${randomUUID()}`;
    await this.credentials.save(credentials, credentialsKey(id));
    await this.state.update(STORED_KEY, [...this.stored(), { id, name, target }]);
    return id;
  }

  async rename(id: string, name: string): Promise<void> {
    await this.state.update(STORED_KEY, this.stored().map((s) => (s.id === id ? { ...s, name } : s)));
    this.changed.fire();
  }

  /** Removes a stored profile and its credentials; the current one becomes the one by precedence. */
  async remove(id: string): Promise<void> {
    await this.credentials.clear(credentialsKey(id));
    await this.state.update(STORED_KEY, this.stored().filter((s) => s.id !== id));
    if (this.selected === id) {
      this.selected = undefined;
      await this.state.update(CURRENT_KEY, undefined);
    }
    this.changed.fire();
  }

  /** Saves credentials for the default profile, a stored one, or a KooCLI profile whose keys are encrypted. */
  async saveCredentials(profile: Profile, credentials: Credentials): Promise<void> {
    await this.credentials.save(credentials, credentialsKey(profile.id));
    if (profile.source === 'kooCli') {
      await this.keepKooCliKeys(profile.id);
    }
  }

  /** Notes that the typed keys of KooCLI profile `id` are kept, so that they go when it leaves config.json. */
  private keepKooCliKeys(id: string): Promise<void> {
    // One update at a time: list() looks at every profile at once.
    this.keysNoted = this.keysNoted.then(async () => {
      const kept = this.state.get<string[]>(KOOCLI_KEYS_KEY) ?? [];
      if (!kept.includes(id)) {
        await this.state.update(KOOCLI_KEYS_KEY, [...kept, id]);
      }
    });
    return this.keysNoted;
  }

  /**
   * Forgets the typed keys of KooCLI profiles that are no longer in config.json, read whole (a file
   * that cannot be read or parsed now forgets nothing): a new profile of the same name must not get
   * another account's keys.
   */
  private async forgetLeftKooCliKeys(): Promise<void> {
    const file = kooCliConfigPath(this.home());
    const listed = this.sources.listed?.find((l) => l.file === file);
    await this.keysNoted;
    const kept = this.state.get<string[]>(KOOCLI_KEYS_KEY) ?? [];
    const left = listed ? kept.filter((id) => !listed.ids.includes(id)) : [];
    if (left.length === 0) {
      return;
    }
    await this.state.update(KOOCLI_KEYS_KEY, kept.filter((id) => !left.includes(id)));
    for (const id of left) {
      this.logger.info('profiles', `KooCLI profile ${quoteName(id.slice('kooCli:'.length))} is no longer in ${file}: its AK/SK are removed from secret storage`);
      await this.credentials.clear(credentialsKey(id));
    }
  }

  /**
   * Signs out of a read-only profile in this window: it stays the current profile here, without
   * credentials, so the view empties and running work stops. Nothing is written to its source or to
   * global state.
   */
  signOutOfSource(profile: Profile): void {
    this.signedOut.add(profile.id);
    this.selected = profile.id;
    this.changed.fire();
  }

  clearCredentials(profile: Profile): Promise<void> {
    return this.credentials.clear(credentialsKey(profile.id));
  }

  /** The file (or "environment variables") a read-only source profile `id` comes from. */
  originOf(id: string): string {
    return this.unavailable(id)?.origin ?? 'SecretStorage';
  }

  /** Profiles whose credentials this extension keeps (and so may change). */
  static writable(profile: Profile): boolean {
    return profile.source === 'settings' || profile.source === 'stored' || profile.needsKeys === true;
  }

  /** Every secret value of every source read, for the log's redaction. */
  secrets(): string[] {
    return this.sources.profiles.flatMap((p) => secretsOf(p.credentials));
  }

  /** Reads the sources again (the environment is read on each call of this). */
  async reload(): Promise<void> {
    this.watch();
    this.regionUnknown.clear();
    const read = this.readSources();
    this.sourcesRead = read;
    await read;
    this.changed.fire();
  }

  dispose(): void {
    this.watcher?.dispose();
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }

  private stored(): StoredProfile[] {
    const value = this.state.get<unknown>(STORED_KEY);
    return Array.isArray(value) ? value.filter((s): s is StoredProfile => typeof s?.id === 'string' && typeof s?.name === 'string' && typeof s?.target === 'object') : [];
  }

  private async withCredentials(profile: Profile): Promise<Profile> {
    if (!ProfileStore.writable(profile)) {
      return profile;
    }
    const credentials = await this.credentials.get(credentialsKey(profile.id));
    if (credentials && profile.source === 'kooCli') {
      await this.keepKooCliKeys(profile.id); // keys typed before they were noted
    }
    return { ...profile, credentials };
  }

  /** Reads the sources; a read that a newer one overtook changes nothing. */
  private async readSources(): Promise<void> {
    const sources = await this.reads.read();
    if (!sources) {
      return;
    }
    this.sources = sources;
    for (const profile of this.sources.profiles) {
      const what = profile.needsKeys ? 'keys encrypted: AK/SK asked for once' : (profile.credentials?.kind ?? 'no credentials');
      this.logger.info('profiles', `profile ${quoteName(profile.name)} from ${SOURCE_LABELS[profile.source]} (${profile.origin}): ${what}`);
    }
    for (const warning of this.sources.warnings) {
      this.logger.warn('profiles', describeWarning(warning));
    }
    this.tell();
    await this.forgetLeftKooCliKeys();
  }

  /** One notification per file with new problems; the details are in the output. */
  private tell(): void {
    const fresh = this.sources.warnings.filter((w) => !this.told.has(describeWarning(w)));
    fresh.forEach((w) => this.told.add(describeWarning(w)));
    for (const file of new Set(fresh.map((w) => w.file))) {
      const count = fresh.filter((w) => w.file === file).reduce((sum, w) => sum + (w.omitted ?? 1), 0);
      const message = count === 1
        ? vscode.l10n.t('A MetaStudio profile in {0} cannot be used as it is; the output says where and why.', file)
        : vscode.l10n.t('{0} problems with MetaStudio profiles in {1}; the output says where and why.', count, file);
      warn(message, buttons.showOutput());
    }
  }

  /** Re-reads the source files when they change; HUAWEICLOUD_SDK_CREDENTIALS_FILE may name another file since the last look. */
  private watch(): void {
    const files = sourceFiles(this.env, this.home());
    if (this.watcher?.files === files.join('\n')) {
      return;
    }
    this.watcher?.dispose();
    const watching = watchSources(files, () => {
      this.logger.info('profiles', 'a profile file changed; reading the profiles again');
      void this.reload();
    });
    this.watcher = { files: files.join('\n'), dispose: () => watching.dispose() };
  }
}

/** A profile of the environment or the SDK credentials file, with a project and credentials but no place. */
function needsRegion(profile: Profile): boolean {
  const { projectId, region, endpoint } = profile.target;
  return (profile.source === 'environment' || profile.source === 'credentialsFile') && Boolean(projectId && profile.credentials) && !region && !endpoint;
}
