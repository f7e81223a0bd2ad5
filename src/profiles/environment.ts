// The environment variables Huawei Cloud's SDKs read (huaweicloud-sdk-python-v3
// core/auth/provider.py, EnvCredentialProvider): HUAWEICLOUD_SDK_AK, _SK, _SECURITY_TOKEN,
// _PROJECT_ID and _DOMAIN_ID. The SDKs have no region variable: the region is the settings' one.
import { credentialProblem, type Credentials } from '../client/credentials';
import type { SourceResult } from './profile';

export const ENVIRONMENT_ORIGIN = 'environment variables';

/** One profile, `environment`, when HUAWEICLOUD_SDK_AK and _SK are both set; a warning when half is. */
export function readEnvironment(env: NodeJS.ProcessEnv): SourceResult {
  const value = (name: string) => env[`HUAWEICLOUD_SDK_${name}`]?.trim() || undefined;
  const ak = value('AK');
  const sk = value('SK');
  if (!ak && !sk) {
    return { profiles: [], warnings: [] };
  }
  const warn = (problem: string): SourceResult => ({ profiles: [], warnings: [{ file: ENVIRONMENT_ORIGIN, problem }] });
  if (!ak || !sk) {
    return warn(`HUAWEICLOUD_SDK_${ak ? 'AK' : 'SK'} is set but HUAWEICLOUD_SDK_${ak ? 'SK' : 'AK'} is not; both are needed.`);
  }
  const securityToken = value('SECURITY_TOKEN');
  const credentials: Credentials = securityToken ? { kind: 'temporary', ak, sk, securityToken } : { kind: 'aksk', ak, sk };
  const problem = credentialProblem(credentials);
  if (problem) {
    return warn(`HUAWEICLOUD_SDK_AK/SK: ${problem}`);
  }
  return {
    profiles: [{ id: 'environment', name: 'Environment', source: 'environment', origin: ENVIRONMENT_ORIGIN, credentials, target: { projectId: value('PROJECT_ID') } }],
    warnings: [],
  };
}
