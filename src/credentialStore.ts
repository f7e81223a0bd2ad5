// Credentials live in VS Code's SecretStorage (the OS keyring on desktop) and nowhere else: one entry
// per profile. The default profile's entry has the key it always had, so existing setups keep working.
import vscode = require('vscode');
import { credentialProblem, type Credentials } from './client/credentials';

/** The default profile's entry; a profile's entry is this plus `.` and the profile's id. */
export const DEFAULT_KEY = 'metastudio.credentials';

export function credentialsKey(profileId: string): string {
  return profileId === 'settings' ? DEFAULT_KEY : `${DEFAULT_KEY}.${profileId}`;
}

export class CredentialStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the key when any window saves or removes credentials. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === DEFAULT_KEY || e.key.startsWith(`${DEFAULT_KEY}.`)) {
        this.changed.fire(e.key);
      }
    });
  }

  /** The credentials under this key, or undefined when there are none or they are not well formed. */
  async get(key = DEFAULT_KEY): Promise<Credentials | undefined> {
    return this.read(key);
  }

  async save(credentials: Credentials, key = DEFAULT_KEY): Promise<void> {
    try {
      await this.secrets.store(key, JSON.stringify(credentials));
    } catch (error) {
      throw new Error(keyringSentence('save', error));
    }
  }

  async clear(key = DEFAULT_KEY): Promise<void> {
    try {
      await this.secrets.delete(key);
    } catch (error) {
      throw new Error(keyringSentence('remove', error));
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private async read(key: string): Promise<Credentials | undefined> {
    let text: string | undefined;
    try {
      text = await this.secrets.get(key);
    } catch (error) {
      throw new Error(keyringSentence('read', error));
    }
    if (!text) {
      return undefined;
    }
    try {
      const parsed = JSON.parse(text) as Credentials;
      return credentialProblem(parsed) === undefined ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
}

/** The keyring's own error may be cryptic; say what it means and what to do. */
function keyringSentence(action: 'save' | 'read' | 'remove', error: unknown): string {
  const detail = (error instanceof Error ? error.message : String(error)).slice(0, 200);
  const what = {
    save: vscode.l10n.t('Could not save the MetaStudio credentials in the OS keyring ({0}).', detail),
    read: vscode.l10n.t('Could not read the MetaStudio credentials from the OS keyring ({0}).', detail),
    remove: vscode.l10n.t('Could not remove the MetaStudio credentials from the OS keyring ({0}).', detail),
  }[action];
  return `${what} ${vscode.l10n.t('On Linux, install and unlock a Secret Service keyring such as GNOME Keyring or KWallet, or start VS Code with --password-store=basic.')}`;
}
