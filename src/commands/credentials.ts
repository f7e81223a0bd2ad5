// Configure Credentials and Sign Out. Secrets are typed into password boxes, checked for shape,
// tried against MetaStudio, and only then saved to SecretStorage.
import vscode = require('vscode');
import { errorText, sentenceText } from './errorText';
import { CREDENTIAL_LABELS, FIELD_CHECKS, type CredentialKind, type Credentials } from '../client/credentials';
import type { Services } from '../services';
import { ProfileStore } from '../profileStore';
import { createClient } from '../session';
import { readSettings, type Settings } from '../settings';

type Field = keyof typeof FIELD_CHECKS;

const FIELDS: Record<CredentialKind, Field[]> = {
  aksk: ['ak', 'sk'],
  temporary: ['ak', 'sk', 'securityToken'],
  token: ['token'],
  password: ['domainName', 'userName', 'password'],
};

const SECRET_FIELDS = new Set<Field>(['sk', 'securityToken', 'token', 'password']);

const PROMPTS: Record<Field, string> = {
  ak: 'Access Key ID (AK)',
  sk: 'Secret Access Key (SK)',
  securityToken: 'Security token (X-Security-Token) of the temporary AK/SK',
  token: 'IAM token (the X-Subject-Token value)',
  domainName: 'Account name (IAM domain)',
  userName: 'IAM user name',
  password: 'IAM user password',
};

const DETAILS: Record<CredentialKind, string> = {
  aksk: 'Recommended by Huawei Cloud: requests are signed, the SK never leaves this computer.',
  temporary: 'A temporary AK/SK and security token from IAM (15 minutes to 24 hours).',
  token: 'A token from IAM, valid for 24 hours, sent with every request.',
  password: 'Exchanged for a token from IAM, renewed automatically before it expires.',
};

/**
 * Asks for credentials in password boxes, each field checked as it is typed. `kinds` limits the kinds
 * offered (one kind: no question). Undefined when the user cancels.
 */
export async function askCredentials(title: string, kinds: CredentialKind[] = Object.keys(CREDENTIAL_LABELS) as CredentialKind[]): Promise<Credentials | undefined> {
  const kind = kinds.length === 1
    ? { credentialKind: kinds[0] }
    : await vscode.window.showQuickPick(
      kinds.map((k) => ({ label: vscode.l10n.t(CREDENTIAL_LABELS[k]), detail: vscode.l10n.t(DETAILS[k]), credentialKind: k })),
      { title: vscode.l10n.t('MetaStudio: how do you sign in?'), ignoreFocusOut: true },
    );
  if (!kind) {
    return undefined;
  }
  const values: Partial<Record<Field, string>> = {};
  const fields = FIELDS[kind.credentialKind];
  for (const [index, field] of fields.entries()) {
    const value = await vscode.window.showInputBox({
      title: `${title} (${index + 1}/${fields.length})`,
      prompt: vscode.l10n.t(PROMPTS[field]),
      password: SECRET_FIELDS.has(field),
      ignoreFocusOut: true,
      validateInput: (v) => {
        const reason = FIELD_CHECKS[field](field === 'password' ? v : v.trim());
        return reason && sentenceText({ reason, facts: {} });
      },
    });
    if (value === undefined) {
      return undefined;
    }
    values[field] = field === 'password' ? value : value.trim();
  }
  return { kind: kind.credentialKind, ...values } as Credentials;
}

/**
 * Configure Credentials: for the current profile when the extension keeps its credentials (the
 * default, a stored profile, a KooCLI profile with encrypted keys), else for the default profile,
 * which then becomes the current one.
 */
export function configureCredentialsCommand(services: Services) {
  return async () => {
    const current = await services.profiles.current();
    const profile = ProfileStore.writable(current) ? current : (await services.profiles.list())[0];
    const credentials = await askCredentials(vscode.l10n.t('Configure Credentials'), profile.needsKeys ? ['aksk', 'temporary'] : undefined);
    if (!credentials) {
      return;
    }
    if (await tryCredentials(services, credentials, readSettings(profile.target))) {
      await services.profiles.saveCredentials(profile, credentials);
      services.logger.info('credentials', `saved ${CREDENTIAL_LABELS[credentials.kind]} credentials of profile "${profile.name}" to secret storage`);
      if (profile.id !== current.id) {
        await services.profiles.select(profile.id);
      }
      void vscode.window.showInformationMessage(vscode.l10n.t('MetaStudio credentials saved.'));
      await services.view.reload();
    }
  };
}

export function signOutCommand(services: Services) {
  return async () => {
    const profile = await services.profiles.current();
    if (!ProfileStore.writable(profile)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The credentials of profile {0} come from {1}, which this extension never changes. Switch to another profile, or remove them there.', profile.name, profile.origin));
      return;
    }
    const running = services.session.runs(profile.id);
    // The listing kept for these credentials goes with them (computed before they are removed).
    const tenant = services.session.tenantOf(profile);
    services.session.signingOut(profile.id);
    await services.profiles.clearCredentials(profile);
    await services.view.forgetKept(tenant);
    services.logger.info('credentials', `removed the credentials of profile "${profile.name}" from secret storage${running ? '; stopping its running work' : ''}`);
    // Said first: the reload below stops the running work, whose own messages then stay silent.
    void vscode.window.showInformationMessage(running
      ? vscode.l10n.t('Signed out of MetaStudio: the work in progress stopped, and unfinished uploads stay under This machine to resume.')
      : vscode.l10n.t('Signed out of MetaStudio.'));
    await services.view.reload();
  };
}

/** One real call with the new credentials. A refusal is shown; saving anyway is the user's choice. */
export async function tryCredentials(services: Services, credentials: Credentials, settings: Settings, retryCommand = 'metastudio.configureCredentials'): Promise<boolean> {
  const error = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the credentials with MetaStudio…') },
    async () => {
      try {
        const client = await createClient(credentials, settings, services.logger);
        try {
          await client.listAssets({ limit: 1 });
        } finally {
          await client.close();
        }
        return undefined;
      } catch (error) {
        return error as Error;
      }
    },
  );
  if (!error) {
    return true;
  }
  services.logger.error('credentials', `the check failed: ${error.message}`);
  const retry = vscode.l10n.t('Try Again');
  const saveAnyway = vscode.l10n.t('Save Anyway');
  const choice = await vscode.window.showErrorMessage(vscode.l10n.t('The credentials were not saved: {0}', errorText(error)), retry, saveAnyway);
  if (choice === retry) {
    await vscode.commands.executeCommand(retryCommand);
  }
  return choice === saveAnyway;
}
