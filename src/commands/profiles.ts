// Add, rename, remove and switch profiles. Switching is instant for the view: the old profile's rows
// go at once, the new one's are read; an upload that is running finishes with the profile it started with.
import vscode = require('vscode');
import { errorText, sentenceText } from './errorText';
import { appUserIdIssue, type Credentials } from '../client/credentials';
import { checkEndpoint, checkId, REGIONS } from '../client/regions';
import { labelName, looksLikeKey, quoteName, SOURCE_LABELS, type Profile, type ProfileTarget } from '../profiles/profile';
import { confirmChange, inform } from '../messages';
import type { Services } from '../services';
import { profileSettings, readSettings } from '../settings';
import { askCredentials, tryCredentials } from './credentials';

/** What a picker shows under a profile's name: where it comes from and where it goes. */
function describe(profile: Profile): string {
  const settings = profileSettings(profile);
  const place = profile.target.endpoint ? settings.endpoint : settings.region;
  const note = profile.signedOut ? ` · ${vscode.l10n.t('signed out in this window')}` : profile.needsKeys && !profile.credentials ? ` · ${vscode.l10n.t('AK/SK needed')}` : '';
  return `${vscode.l10n.t(SOURCE_LABELS[profile.source])} · ${place}${note}`;
}

export function switchProfileCommand(services: Services) {
  return async (id?: unknown) => {
    // The files and the environment may have changed since they were read: read them again first.
    await services.profiles.reload();
    const profiles = await services.profiles.list();
    const current = await services.profiles.current();
    let profile = typeof id === 'string' ? profiles.find((p) => p.id === id) : undefined;
    if (typeof id === 'string' && !profile) {
      throw new Error(vscode.l10n.t('There is no MetaStudio profile {0}.', quoteName(id)));
    }
    if (!profile) {
      const add = { label: `$(add) ${vscode.l10n.t('Add Profile…')}`, profile: undefined };
      const picked = await vscode.window.showQuickPick(
        [
          ...profiles.map((p) => ({ label: `${p.id === current.id ? '$(check) ' : ''}${labelName(p.name)}`, description: describe(p), detail: p.source === 'stored' || p.source === 'settings' ? undefined : p.origin, profile: p })),
          add,
        ],
        { title: vscode.l10n.t('MetaStudio: switch profile'), placeHolder: vscode.l10n.t('Current: {0}', current.name), matchOnDescription: true, ignoreFocusOut: true },
      );
      if (picked === add) {
        await vscode.commands.executeCommand('metastudio.addProfile');
        return;
      }
      profile = picked?.profile;
    }
    if (!profile) {
      return;
    }
    if (profile.needsKeys && !profile.credentials && !(await askKooCliKeys(services, profile))) {
      return;
    }
    await switchTo(services, profile);
  };
}

async function switchTo(services: Services, profile: Profile): Promise<void> {
  await services.profiles.select(profile.id);
  await services.view.reload();
  services.logger.info('profiles', `using profile ${quoteName(profile.name)} (${SOURCE_LABELS[profile.source]}, ${profile.origin})`);
  vscode.window.setStatusBarMessage(vscode.l10n.t('MetaStudio profile: {0}', labelName(profile.name)), 3000);
}

/**
 * KooCLI's encrypted keys cannot be read: the AK/SK are asked for once and kept in SecretStorage.
 * True when they are saved now; a refusal's notification may save them later and then switch.
 */
async function askKooCliKeys(services: Services, profile: Profile, kept?: Credentials): Promise<boolean> {
  const credentials = await askCredentials(vscode.l10n.t('AK/SK of KooCLI profile {0}', quoteName(profile.name)), ['aksk'], kept);
  if (!credentials) {
    return false;
  }
  const save = async () => {
    await services.profiles.saveCredentials(profile, credentials);
    services.logger.info('profiles', `saved the AK/SK of KooCLI profile ${quoteName(profile.name)} to secret storage`);
  };
  const later = async () => {
    await save();
    await switchTo(services, profile);
  };
  const again = async (refused: Credentials) => {
    if (await askKooCliKeys(services, profile, refused)) {
      await switchTo(services, profile);
    }
  };
  if (!(await tryCredentials(services, credentials, profileSettings(profile), again, later))) {
    return false;
  }
  await save();
  return true;
}

export function addProfileCommand(services: Services) {
  return async () => {
    const names = new Set((await services.profiles.list()).map((p) => p.name));
    const title = vscode.l10n.t('Add MetaStudio Profile');
    const name = await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t('Profile name, such as "test" or "customer-a production"'),
      ignoreFocusOut: true,
      validateInput: (v) => nameProblem(v, names),
    });
    if (name === undefined) {
      return;
    }
    const target = await askTarget(title);
    if (!target) {
      return;
    }
    await addWithCredentials(services, title, name.trim(), target);
  };
}

/** The last step of Add Profile; after a refusal, asked again with the AK (or names) kept. */
async function addWithCredentials(services: Services, title: string, name: string, target: ProfileTarget, kept?: Credentials): Promise<void> {
  const credentials = await askCredentials(title, undefined, kept);
  if (!credentials) {
    return;
  }
  const add = async () => {
    const id = await services.profiles.add(name, target, credentials);
    services.logger.info('profiles', `added profile ${quoteName(name)}`);
    const profile = (await services.profiles.list()).find((p) => p.id === id)!;
    await switchTo(services, profile);
    inform(vscode.l10n.t('Profile {0} added; it is the current profile now.', quoteName(profile.name)));
  };
  if (await tryCredentials(services, credentials, readSettings(target), (again) => addWithCredentials(services, title, name, target, again), add)) {
    await add();
  }
}

/** Region (or custom endpoints), project id and X-App-UserId of a new profile; undefined when cancelled. */
async function askTarget(title: string): Promise<ProfileTarget | undefined> {
  const custom = vscode.l10n.t('Custom endpoints…');
  const region = await vscode.window.showQuickPick(
    [...REGIONS.map((r) => ({ label: r.id, description: r.label })), { label: custom, description: vscode.l10n.t('A MetaStudio and an IAM endpoint of your own') }],
    { title: `${title}: ${vscode.l10n.t('region')}`, ignoreFocusOut: true },
  );
  if (!region) {
    return undefined;
  }
  const target: ProfileTarget = {};
  if (region.label === custom) {
    const endpoint = await askEndpoint(title, vscode.l10n.t('MetaStudio endpoint, such as https://metastudio.cn-north-4.myhuaweicloud.com'), '');
    const iam = endpoint && (await askEndpoint(title, vscode.l10n.t('IAM endpoint, such as https://iam.cn-north-4.myhuaweicloud.com'), endpoint));
    if (!endpoint || !iam) {
      return undefined;
    }
    Object.assign(target, { endpoint, iamEndpoint: iam });
  } else {
    target.region = region.label;
  }
  const projectId = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Project id (leave empty to look it up from IAM for the region)'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? undefined : idProblem(v.trim())),
  });
  if (projectId === undefined) {
    return undefined;
  }
  const appUserId = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('X-App-UserId (optional; leave empty when you do not use one)'),
    ignoreFocusOut: true,
    validateInput: (v) => {
      const issue = v.trim() === '' ? undefined : appUserIdIssue(v.trim());
      return issue && sentenceText(issue);
    },
  });
  if (appUserId === undefined) {
    return undefined;
  }
  return { ...target, projectId: projectId.trim() || undefined, appUserId: appUserId.trim() };
}

async function askEndpoint(title: string, prompt: string, value: string): Promise<string | undefined> {
  const answer = await vscode.window.showInputBox({ title, prompt, value, ignoreFocusOut: true, validateInput: (v) => endpointProblem(v) });
  return answer === undefined ? undefined : checkEndpoint(answer);
}

function endpointProblem(value: string): string | undefined {
  try {
    checkEndpoint(value);
    return undefined;
  } catch (error) {
    return errorText(error);
  }
}

function idProblem(value: string): string | undefined {
  try {
    checkId('project id', value);
    return undefined;
  } catch (error) {
    return errorText(error);
  }
}

function nameProblem(value: string, taken: Set<string>): string | undefined {
  const name = value.trim();
  if (!/^[^\p{Cc}]{1,64}$/u.test(name)) {
    return vscode.l10n.t('The name should be 1 to 64 characters.');
  }
  if (looksLikeKey(name)) {
    return vscode.l10n.t('The name looks like a key (20 or more letters and digits in a row); names show in the status bar and the log. Choose another.');
  }
  return taken.has(name) ? vscode.l10n.t('There is a profile named {0} already.', quoteName(name)) : undefined;
}

/** A stored profile: the one given (by id), else the one the user picks. */
async function pickStored(services: Services, id: unknown, title: string): Promise<Profile | undefined> {
  const stored = (await services.profiles.list()).filter((p) => p.source === 'stored');
  if (typeof id === 'string') {
    return stored.find((p) => p.id === id);
  }
  if (stored.length === 0) {
    inform(vscode.l10n.t('There is no stored MetaStudio profile. Profiles from the settings, the environment, the SDK credentials file and KooCLI are changed where they come from.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(stored.map((p) => ({ label: labelName(p.name), description: describe(p), profile: p })), { title, ignoreFocusOut: true });
  return picked?.profile;
}

export function renameProfileCommand(services: Services) {
  return async (id?: unknown) => {
    const profile = await pickStored(services, id, vscode.l10n.t('Rename which MetaStudio profile?'));
    if (!profile) {
      return;
    }
    const names = new Set((await services.profiles.list()).filter((p) => p.id !== profile.id).map((p) => p.name));
    const name = await vscode.window.showInputBox({ title: vscode.l10n.t('Rename profile {0}', quoteName(profile.name)), value: profile.name, ignoreFocusOut: true, validateInput: (v) => nameProblem(v, names) });
    if (name === undefined || name.trim() === profile.name) {
      return;
    }
    await services.profiles.rename(profile.id, name.trim());
    services.logger.info('profiles', `renamed profile ${quoteName(profile.name)} to ${quoteName(name.trim())}`);
    await services.view.reload();
  };
}

export function removeProfileCommand(services: Services) {
  return async (id?: unknown) => {
    const profile = await pickStored(services, id, vscode.l10n.t('Remove which MetaStudio profile?'));
    if (!profile) {
      return;
    }
    const removing = await confirmChange(
      vscode.l10n.t('Remove profile {0}?', quoteName(profile.name)),
      vscode.l10n.t('Its credentials are deleted from SecretStorage. Files in MetaStudio and upload records on this machine stay.'),
      vscode.l10n.t('Remove'),
      vscode.l10n.t('Keep Profile'),
    );
    if (!removing) {
      return;
    }
    const running = services.session.runs(profile.id);
    const tenant = services.session.tenantOf(profile);
    services.session.signingOut(profile.id);
    await services.profiles.remove(profile.id);
    await services.view.forgetKept(tenant);
    services.logger.info('profiles', `removed profile ${quoteName(profile.name)}, its credentials and its kept listing${running ? '; its running work stops' : ''}`);
    if (running) {
      inform(vscode.l10n.t('Signed out of MetaStudio (profile {0}): the work in progress stopped, and unfinished uploads stay under This machine to resume.', quoteName(profile.name)));
    }
    await services.view.reload();
  };
}
