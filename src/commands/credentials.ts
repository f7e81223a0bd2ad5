// Configure Credentials and Sign Out. Secrets are typed into password boxes, checked for shape,
// tried against MetaStudio, and only then saved to SecretStorage.
import vscode = require('vscode');
import { CREDENTIAL_LABELS, FIELD_PROBLEMS, type CredentialKind, type Credentials } from '../client/credentials';
import type { Services } from '../services';
import { createClient } from '../session';
import { readSettings } from '../settings';

type Field = keyof typeof FIELD_PROBLEMS;

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

export function configureCredentialsCommand(services: Services) {
  return async () => {
    const kind = await vscode.window.showQuickPick(
      (Object.keys(CREDENTIAL_LABELS) as CredentialKind[]).map((k) => ({ label: vscode.l10n.t(CREDENTIAL_LABELS[k]), detail: vscode.l10n.t(DETAILS[k]), credentialKind: k })),
      { title: vscode.l10n.t('MetaStudio: how do you sign in?'), ignoreFocusOut: true },
    );
    if (!kind) {
      return;
    }
    const values: Partial<Record<Field, string>> = {};
    const fields = FIELDS[kind.credentialKind];
    for (const [index, field] of fields.entries()) {
      const value = await vscode.window.showInputBox({
        title: `${vscode.l10n.t('Configure Credentials')} (${index + 1}/${fields.length})`,
        prompt: vscode.l10n.t(PROMPTS[field]),
        password: SECRET_FIELDS.has(field),
        ignoreFocusOut: true,
        validateInput: (v) => {
          const problem = FIELD_PROBLEMS[field](field === 'password' ? v : v.trim());
          return problem && vscode.l10n.t(problem);
        },
      });
      if (value === undefined) {
        return;
      }
      values[field] = field === 'password' ? value : value.trim();
    }
    const credentials = { kind: kind.credentialKind, ...values } as Credentials;
    if (await tryCredentials(services, credentials)) {
      await services.session.credentials.save(credentials);
      services.logger.info('credentials', `saved ${CREDENTIAL_LABELS[credentials.kind]} credentials to secret storage`);
      void vscode.window.showInformationMessage(vscode.l10n.t('MetaStudio credentials saved.'));
      await services.view.reload();
    }
  };
}

export function signOutCommand(services: Services) {
  return async () => {
    if (services.session.source === 'environment') {
      void vscode.window.showInformationMessage(vscode.l10n.t('The MetaStudio credentials come from the HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK environment variables; unset them to sign out.'));
      return;
    }
    const running = services.session.running;
    await services.session.credentials.clear();
    await services.view.reload();
    services.logger.info('credentials', `removed the credentials from secret storage${running > 0 ? `; stopped ${running} running task(s)` : ''}`);
    void vscode.window.showInformationMessage(running > 0
      ? vscode.l10n.t('Signed out of MetaStudio: the work in progress stopped, and unfinished uploads stay under This machine to resume.')
      : vscode.l10n.t('Signed out of MetaStudio.'));
  };
}

/** One real call with the new credentials. A refusal is shown; saving anyway is the user's choice. */
async function tryCredentials(services: Services, credentials: Credentials): Promise<boolean> {
  const error = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the credentials with MetaStudio…') },
    async () => {
      try {
        const client = await createClient(credentials, readSettings(), services.logger);
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
  const choice = await vscode.window.showErrorMessage(vscode.l10n.t('The credentials were not saved: {0}', error.message), retry, saveAnyway);
  if (choice === retry) {
    await vscode.commands.executeCommand('metastudio.configureCredentials');
  }
  return choice === saveAnyway;
}
