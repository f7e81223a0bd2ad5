// The environment variables Huawei Cloud's SDKs read (huaweicloud-sdk-python-v3
// core/auth/provider.py, EnvCredentialProvider): HUAWEICLOUD_SDK_AK, _SK, _SECURITY_TOKEN,
// _PROJECT_ID and _DOMAIN_ID. The SDKs have no region variable: the region is the settings' one.
import { credentialProblem, type Credentials } from '../client/credentials';
import { PROJECT_ID, type SourceResult } from './profile';

export const ENVIRONMENT_ORIGIN = 'environment variables';
const ENVIRONMENT_NAME = 'Environment';

/** One profile, `environment`, when HUAWEICLOUD_SDK_AK and _SK are both set; a warning when half is. */
export function readEnvironment(env: NodeJS.ProcessEnv): SourceResult {
  const value = (name: string) => env[`HUAWEICLOUD_SDK_${name}`]?.trim() || undefined;
  const ak = value('AK');
  const sk = value('SK');
  const securityToken = value('SECURITY_TOKEN');
  const warn = (problem: string): SourceResult => ({ profiles: [], warnings: [{ file: ENVIRONMENT_ORIGIN, profile: ENVIRONMENT_NAME, problem }] });
  if (!ak && !sk) {
    // A token is only ever the third part of temporary keys: alone it signs nothing, which must be said.
    return securityToken ? warn('HUAWEICLOUD_SDK_SECURITY_TOKEN is set but HUAWEICLOUD_SDK_AK and _SK are not; the token is used only with its temporary AK/SK.') : { profiles: [], warnings: [] };
  }
  if (!ak || !sk) {
    return warn(`HUAWEICLOUD_SDK_${ak ? 'AK' : 'SK'} is set but HUAWEICLOUD_SDK_${ak ? 'SK' : 'AK'} is not; both are needed.`);
  }
  const credentials: Credentials = securityToken ? { kind: 'temporary', ak, sk, securityToken } : { kind: 'aksk', ak, sk };
  const problem = credentialProblem(credentials);
  if (problem) {
    return warn(`HUAWEICLOUD_SDK_AK/SK: ${problem}`);
  }
  const projectId = value('PROJECT_ID');
  const domainId = value('DOMAIN_ID');
  for (const [name, id] of [['PROJECT_ID', projectId], ['DOMAIN_ID', domainId]] as const) {
    if (id !== undefined && !PROJECT_ID.test(id)) {
      return warn(`HUAWEICLOUD_SDK_${name} is not an id (letters, digits, - or _).`);
    }
  }
  return {
    profiles: [{ id: 'environment', name: ENVIRONMENT_NAME, source: 'environment', origin: ENVIRONMENT_ORIGIN, credentials, target: { projectId, domainId } }],
    warnings: [],
  };
}
