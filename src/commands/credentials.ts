// Configure Credentials and Sign Out. Secrets are typed into password boxes, checked for shape,
// tried against MetaStudio, and only then saved to SecretStorage.
import vscode = require('vscode');
import { sentenceText, toastText } from './errorText';
import { CREDENTIAL_LABELS, FIELD_CHECKS, type CredentialKind, type Credentials } from '../client/credentials';
import { isRefusal, MetaStudioError } from '../client/errors';
import { ask, buttons, fail, inform } from '../messages';
import type { Profile } from '../profiles/profile';
import type { Services } from '../services';
import { ProfileStore } from '../profileStore';
import { quoteName } from '../profiles/profile';
import { createClient } from '../session';
import { profileSettings, type Settings } from '../settings';

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
 * offered (one kind: no question). `kept`: credentials MetaStudio refused, asked again with their
 * kind: their fields that are not secret (the AK, the names) are kept and only the secret ones are
 * asked. Undefined when the user cancels.
 */
export async function askCredentials(title: string, kinds: CredentialKind[] = Object.keys(CREDENTIAL_LABELS) as CredentialKind[], kept?: Credentials): Promise<Credentials | undefined> {
  const kind = kept
    ? { credentialKind: kept.kind }
    : kinds.length === 1
    ? { credentialKind: kinds[0] }
    : await vscode.window.showQuickPick(
      kinds.map((k) => ({ label: vscode.l10n.t(CREDENTIAL_LABELS[k]), detail: vscode.l10n.t(DETAILS[k]), credentialKind: k })),
      { title: vscode.l10n.t('MetaStudio: how do you sign in?'), ignoreFocusOut: true },
    );
  if (!kind) {
    return undefined;
  }
  // Asked again after a refusal: the fields that are not secret (AK, names) are kept as they were,
  // and only the secret ones are asked, so that nothing typed lands in the AK's box.
  const keptValues = (kept ?? {}) as Partial<Record<Field, string>>;
  const values: Partial<Record<Field, string>> = {};
  const fields = FIELDS[kind.credentialKind].filter((field) => {
    const keep = !SECRET_FIELDS.has(field) && keptValues[field] !== undefined;
    if (keep) {
      values[field] = keptValues[field];
    }
    return !keep;
  });
  for (const [index, field] of fields.entries()) {
    const value = await vscode.window.showInputBox({
      title: fields.length > 1 ? `${title} (${index + 1}/${fields.length})` : title,
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
  return () => configure(services);
}

/** `kept`: credentials MetaStudio just refused, asked again with the AK (or names) filled in. */
async function configure(services: Services, kept?: Credentials): Promise<void> {
  const current = await services.profiles.current();
  const profile = ProfileStore.writable(current) ? current : (await services.profiles.list())[0];
  const credentials = await askCredentials(vscode.l10n.t('Configure Credentials'), profile.needsKeys ? ['aksk', 'temporary'] : undefined, kept);
  if (!credentials) {
    return;
  }
  const save = async () => {
    await services.profiles.saveCredentials(profile, credentials);
    services.logger.info('credentials', `saved ${CREDENTIAL_LABELS[credentials.kind]} credentials of profile ${quoteName(profile.name)} to secret storage`);
    if (profile.id !== current.id) {
      await services.profiles.select(profile.id);
    }
    inform(vscode.l10n.t('MetaStudio credentials saved to profile {0}.', quoteName(profile.name)));
    await services.view.reload();
  };
  if (await tryCredentials(services, credentials, profileSettings(profile), (again) => configure(services, again), save)) {
    await save();
  }
}

export function signOutCommand(services: Services) {
  return async () => {
    const profile = await services.profiles.current();
    if (!ProfileStore.writable(profile)) {
      await signOutOfSource(services, profile);
      return;
    }
    const running = services.session.runs(profile.id);
    // The listing kept for these credentials goes with them (computed before they are removed).
    const tenant = services.session.tenantOf(profile);
    services.session.signingOut(profile.id);
    await services.profiles.clearCredentials(profile);
    await services.view.forgetKept(tenant);
    services.logger.info('credentials', `removed the credentials of profile ${quoteName(profile.name)} from secret storage${running ? '; stopping its running work' : ''}`);
    // Said first: the reload below stops the running work, whose own messages then stay silent.
    inform(running
      ? vscode.l10n.t('Signed out of MetaStudio (profile {0}): the work in progress stopped, and unfinished uploads stay under This machine to resume.', quoteName(profile.name))
      : vscode.l10n.t('Signed out of MetaStudio (profile {0}).', quoteName(profile.name)));
    await services.view.reload();
  };
}

/**
 * Sign Out when the credentials come from the environment, the SDK credentials file or KooCLI: the
 * extension never writes there, so it says where they come from and offers to stop using them in
 * this window. The view and the status bar empty at once; Switch Profile or Configure Credentials
 * signs in again, and a new window uses them again.
 */
async function signOutOfSource(services: Services, profile: Profile): Promise<void> {
  if (!profile.credentials) {
    inform(vscode.l10n.t('You are not signed in to MetaStudio in this window.'));
    return;
  }
  const where = profile.source === 'environment' ? vscode.l10n.t('the environment variables HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK') : profile.origin;
  const stop = vscode.l10n.t('Stop Using Them in This Window');
  const choice = await ask(
    vscode.l10n.t('The MetaStudio credentials of profile {0} come from {1}, which this extension does not change.', quoteName(profile.name), where),
    vscode.l10n.t('Stop using them in this window: the view empties and work in progress stops; nothing is removed where they come from. Configure Credentials or Switch Profile signs in again.'),
    stop,
  );
  if (choice !== stop) {
    return;
  }
  const running = services.session.runs(profile.id);
  services.session.signingOut(profile.id);
  services.profiles.signOutOfSource(profile);
  services.logger.info('credentials', `stopped using the credentials of profile "${profile.name}" (${profile.origin}) in this window${running ? '; stopping its running work' : ''}`);
  inform(running
    ? vscode.l10n.t('Signed out of MetaStudio in this window (profile {0}): the work in progress stopped, and unfinished uploads stay under This machine to resume.', quoteName(profile.name))
    : vscode.l10n.t('Signed out of MetaStudio in this window (profile {0}). Configure Credentials or Switch Profile signs in again.', quoteName(profile.name)));
  await services.view.reload();
}

/**
 * One real call with the new credentials; true when MetaStudio took them. Otherwise one notification
 * says why, and is not awaited: after a refusal its first button asks again (`again`, with the AK or
 * names kept); when MetaStudio could not be reached, Retry checks again and Save Anyway runs `save`.
 * Keys MetaStudio just refused are never offered to be saved.
 */
export async function tryCredentials(services: Services, credentials: Credentials, settings: Settings, again: (kept: Credentials) => unknown, save: () => unknown): Promise<boolean> {
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
  const refused = !(error instanceof MetaStudioError) || error.kind === 'auth' || error.kind === 'input' || isRefusal(error);
  if (refused) {
    fail(vscode.l10n.t('Not saved. {0}', toastText(error)), { title: vscode.l10n.t(ASK_AGAIN[credentials.kind]), run: () => again(credentials) });
  } else {
    const retry = buttons.retry(async () => {
      if (await tryCredentials(services, credentials, settings, again, save)) {
        await save();
      }
    });
    fail(vscode.l10n.t('Not saved: the credentials could not be checked. {0}', toastText(error)), retry, { title: vscode.l10n.t('Save Anyway'), run: save });
  }
  return false;
}

const ASK_AGAIN: Record<CredentialKind, string> = {
  aksk: 'Enter the Secret Key Again',
  temporary: 'Enter the Secret Key Again',
  token: 'Enter the Token Again',
  password: 'Enter the Password Again',
};
