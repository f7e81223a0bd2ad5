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
import { describeWarning, SOURCE_LABELS, type Profile, type ProfileTarget, type SourceResult } from './profiles/profile';
import { readSources, sourceFiles, watchSources } from './profiles/sources';
import { buttons, warn } from './messages';
import { createClient } from './session';
import { readSettings, type Settings } from './settings';

const STORED_KEY = 'metastudio.profiles';
const CURRENT_KEY = 'metastudio.currentProfile';
/** Regions of projects, as IAM named them: `{ [projectId]: region }`. Not secret. */
const REGIONS_KEY = 'metastudio.projectRegions';
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
  /** The profile picked in this window; undefined picks one by precedence. */
  private selected?: string;
  private readonly changed = new vscode.EventEmitter<void>();
  /** The current profile, or its credentials, or the profiles to pick from changed. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: Array<{ dispose(): void }> = [];
  private watcher?: { files: string; dispose(): void };
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
    return Promise.all([defaultProfile, ...stored, ...this.sources.profiles.map((p) => this.placed(p))].map((p) => this.withCredentials(p)));
  }

  /** The profile in use: the one picked, else the first by precedence that has credentials, else the default. */
  async current(): Promise<Profile> {
    const profiles = await this.list();
    const picked = profiles.find((p) => p.id === this.selected);
    if (picked) {
      return picked;
    }
    if (this.selected !== undefined) {
      this.logger.warn('profiles', `the profile picked before (${this.selected}) is gone; using another`);
      this.selected = undefined;
    }
    const kooCli = profiles.filter((p) => p.source === 'kooCli');
    const order = [...profiles.filter((p) => p.source !== 'kooCli'), ...kooCli.filter((p) => p.sourceCurrent), ...kooCli.filter((p) => !p.sourceCurrent)];
    return order.find((p) => p.credentials) ?? profiles[0];
  }

  async active(): Promise<ActiveProfile> {
    const profile = await this.withRegion(await this.current());
    return { profile, credentials: profile.credentials, settings: readSettings(profile.target) };
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
        const client = await createClient(profile.credentials!, { ...readSettings(profile.target), timeoutMs: 10_000, retries: 0 }, this.logger);
        try {
          const region = await client.projectRegion(projectId);
          await this.state.update(REGIONS_KEY, { ...known, [projectId]: region });
          this.logger.info('profiles', `profile "${profile.name}": project ${projectId} is in region ${region} (from IAM)`);
        } finally {
          await client.close();
        }
      } catch (error) {
        this.logger.warn('profiles', `profile "${profile.name}": the region of project ${projectId} could not be read from IAM (${(error as Error).message}); using the settings' region`);
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

  /** Makes `id` the current profile in this window, and the one new windows start with. */
  async select(id: string): Promise<void> {
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
  saveCredentials(profile: Profile, credentials: Credentials): Promise<void> {
    return this.credentials.save(credentials, credentialsKey(profile.id));
  }

  clearCredentials(profile: Profile): Promise<void> {
    return this.credentials.clear(credentialsKey(profile.id));
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
    this.sourcesRead = this.readSources();
    await this.sourcesRead;
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
    return { ...profile, credentials: await this.credentials.get(credentialsKey(profile.id)) };
  }

  private async readSources(): Promise<void> {
    this.sources = await readSources(this.env, this.home());
    for (const profile of this.sources.profiles) {
      const what = profile.needsKeys ? 'keys encrypted: AK/SK asked for once' : (profile.credentials?.kind ?? 'no credentials');
      this.logger.info('profiles', `profile "${profile.name}" from ${SOURCE_LABELS[profile.source]} (${profile.origin}): ${what}`);
    }
    for (const warning of this.sources.warnings) {
      this.logger.warn('profiles', describeWarning(warning));
    }
    this.tell();
  }

  /** One notification per file with new problems; the details are in the output. */
  private tell(): void {
    const fresh = this.sources.warnings.filter((w) => !this.told.has(describeWarning(w)));
    fresh.forEach((w) => this.told.add(describeWarning(w)));
    for (const file of new Set(fresh.map((w) => w.file))) {
      const count = fresh.filter((w) => w.file === file).length;
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
