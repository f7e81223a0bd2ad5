// Credentials live in VS Code's SecretStorage (the OS keyring on desktop) and nowhere else.
// Without stored credentials, the official SDK's environment variables are used, if set.
import vscode = require('vscode');
import { credentialProblem, credentialsFromEnv, type Credentials } from './client/credentials';

const KEY = 'metastudio.credentials';

export interface StoredCredentials {
  credentials: Credentials;
  source: 'secretStorage' | 'environment';
}

export class CredentialStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when any window saves or removes the credentials. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly env: NodeJS.ProcessEnv = process.env) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === KEY) {
        this.changed.fire();
      }
    });
  }

  async get(): Promise<StoredCredentials | undefined> {
    const stored = await this.read();
    if (stored) {
      return { credentials: stored, source: 'secretStorage' };
    }
    const fromEnv = credentialsFromEnv(this.env);
    return fromEnv ? { credentials: fromEnv, source: 'environment' } : undefined;
  }

  async save(credentials: Credentials): Promise<void> {
    try {
      await this.secrets.store(KEY, JSON.stringify(credentials));
    } catch (error) {
      throw new Error(keyringSentence('save', error));
    }
  }

  async clear(): Promise<void> {
    try {
      await this.secrets.delete(KEY);
    } catch (error) {
      throw new Error(keyringSentence('remove', error));
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private async read(): Promise<Credentials | undefined> {
    let text: string | undefined;
    try {
      text = await this.secrets.get(KEY);
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
