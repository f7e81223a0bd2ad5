// The client's public face. Plain Node: nothing here imports `vscode`.
export { MetaStudioClient, type MetaStudioClientOptions, type ConfirmOptions, type ConfirmReceipt, type ConfirmTarget } from './metastudio';
export { runBatch, type ItemResult, type BatchOptions } from './batch';
export { CREDENTIAL_LABELS, FIELD_PROBLEMS, appUserIdProblem, checkCredentials, credentialProblem, credentialsFromEnv, secretsOf, type CredentialKind, type Credentials } from './credentials';
export { MetaStudioError, advice, isCancelled, type ErrorKind } from './errors';
export type { CallEvent, ClientEvent, EventListener, NoticeEvent } from './events';
export { ASSET_FILE_CATEGORIES, MAX_SINGLE_PUT_BYTES, assetTypeFor, assetTypeProblem, categoriesFor, categoriesTaking, categoryFileProblem, contentTypeFor, fileType, formatBytes, isUploadAssetType, mainFileProblem } from './fileTypes';
export { ASSET_NAME_MAX, assetNameFor, assetNameProblem } from './assetNames';
export { AFTER_UPLOAD_STATES, blockDetails, reachedState } from './fileStates';
export { VIDEO_PRODUCTION_KEYS, videoProductionProperties, type VideoProductionKey } from './systemProperties';
export { fileMd5 } from './md5';
export { putFile, type PutOptions } from './obs';
export { redact } from './redact';
export { API_RATES, REGIONS, apiRate, checkEndpoint, checkId, iamEndpoint, metaStudioEndpoint, type Region } from './regions';
export { DEFAULT_RETRY, type RetryOptions } from './retry';
export { sign, sdkDate, uriEncode, type AccessKey, type SignableRequest } from './signer';
export { DEFAULT_TIMEOUTS, Transport, type Timeouts } from './transport';
export { createDispatcher, type ProxySettings } from './dispatcher';
export * from './types';
