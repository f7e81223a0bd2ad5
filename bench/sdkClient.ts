// The official SDK's ConfirmFileUpload, for comparison. `@huaweicloud/huaweicloud-sdk-metastudio`
// is not on the npm registry this machine reaches (404), so this is its generated
// `MetaStudioClient.confirmFileUpload` rebuilt on the published core: the same `ParamCreater`
// options handed to the same `HcClient.sendRequest` (axios, AKSKSigner, BasicCredentials).
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient';

export class SdkMetaStudioClient {
  constructor(private readonly hcClient: HcClient) {}

  static build(endpoint: string, ak: string, sk: string, projectId: string): SdkMetaStudioClient {
    const credentials = new BasicCredentials().withAk(ak).withSk(sk).withProjectId(projectId);
    return new ClientBuilder((hcClient) => new SdkMetaStudioClient(hcClient)).withCredential(credentials).withEndpoint(endpoint).build();
  }

  /** As generated: services/metastudio/v1/MetaStudioClient.ts, confirmFileUpload and its ParamCreater. */
  confirmFileUpload(fileId: string, body: { state: string }): Promise<{ httpStatusCode?: number; xRequestId?: string }> {
    const options = {
      method: 'POST',
      url: '/v1/{project_id}/files/{file_id}/complete',
      contentType: 'application/json',
      queryParams: {},
      pathParams: { file_id: fileId },
      headers: { 'Content-Type': 'application/json' },
      data: body,
      responseHeaders: ['X-Request-Id'],
    };
    return this.hcClient.sendRequest(options);
  }
}
