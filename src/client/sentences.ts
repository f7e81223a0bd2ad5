// The sentences of the client's errors, in English, by reason code. A MetaStudioError carries its
// reason code and its facts (errors.ts); its `message` is filled in from these tables for logs and
// plain Node callers, and the VS Code side passes the same templates through vscode.l10n, so the
// person reads them in their language. The server's own words and request ids are never in these
// templates: they go to the message's last parenthesis, which only the log shows.

/** The facts a sentence names: `{operation}`, `{host}`, `{fileName}`, ... Strings and numbers only. */
export type Facts = Readonly<Record<string, string | number | undefined>>;

/** One sentence per reason code. Placeholders are facts of the error. */
export const SENTENCES = {
  // An error answer: MetaStudio, the gateway or IAM said no with a code.
  'http-error': '{operation} failed: {errorCode}.',
  'auth-refused': '{operation} failed: access was refused ({errorCode}).',
  // An error answer without a MetaStudio error body (a proxy's page, an empty 502).
  'http-status': '{operation} failed: the server answered {answer}.',
  'foreign-answer': '{operation}: the answer ({answer}) is not MetaStudio\'s; a proxy or sign-in page may have answered instead. Check the network and proxy settings.',
  'answer-too-large': '{operation} failed: the answer was larger than {limit} bytes or was cut off.',
  'answer-not-json': '{operation} failed: the server\'s answer is not the JSON object expected ({bytes} bytes).',
  'answer-incomplete': '{operation} failed: the answer has no {field}.',
  'iam-no-token': 'IAM answered without a token or its expiry time.',
  'iam-no-project': 'IAM has no project for region {region}: set the project id, or check the region.',
  'iam-no-region': 'IAM named no region for project {projectId}: set the region.',
  'listing-unsettled': 'ListAssets: the assets kept changing while they were listed; the list shown is the one from before. Refresh again.',
  'obs-error': 'Upload to OBS failed: {errorCode}.',
  // No answer: the network, the proxy, TLS, a deadline.
  'proxy-refused': '{operation} failed: the proxy refused the tunnel to {host} (HTTP {status} to CONNECT).',
  'connect-timeout': '{operation} failed: {host} did not accept a connection within {seconds} s (timed out). Check your network and proxy, or raise the timeout setting.',
  'timeout': '{operation} failed: {host} did not answer within {seconds} s (timed out). Check your network and proxy, or raise the timeout setting.',
  'deadline': '{operation} failed: {host} did not finish answering within {seconds} s (timed out). Check your network and proxy, or raise the timeout setting.',
  'tls': '{operation} failed: the TLS certificate of {host} was not accepted ({code}). Behind a proxy that inspects TLS, add its CA to the system or set http.proxyStrictSSL to false.',
  'host-unknown': '{operation} failed: {host} is not a host name DNS knows. Check the endpoint (region) setting and your DNS.',
  'dns-failed': '{operation} failed: {host} could not be looked up in DNS. Check your network, the endpoint setting and the proxy settings (http.proxy).',
  'connection-refused': '{operation} failed: {host} refused the connection. Check your network, the endpoint setting and the proxy settings (http.proxy).',
  'unreachable': '{operation} failed: {host} cannot be reached from this network. Check your network, the endpoint setting and the proxy settings (http.proxy).',
  'connection-reset': '{operation} failed: {host} reset the connection. Check your network, the endpoint setting and the proxy settings (http.proxy).',
  'closed-while-sending': '{operation} failed: {host} closed the connection while the request was sent. Check your network, the endpoint setting and the proxy settings (http.proxy).',
  'closed-before-answer': '{operation} failed: {host} closed the connection before answering. Check your network, the endpoint setting and the proxy settings (http.proxy).',
  'client-closed': '{operation} failed: {host} was not contacted: the connection was closed before the request was sent. Check your network, the endpoint setting and the proxy settings (http.proxy).',
  'network': '{operation} failed: {host} could not be reached ({code}). Check your network, the endpoint setting and the proxy settings (http.proxy).',
  'unexpected': 'Unexpected error: {detail}',
  // Stopped or cancelled.
  'cancelled': '{operation} was cancelled.',
  'signed-out': 'Signed out of MetaStudio: the work in progress stopped, and unfinished uploads stay under This machine to resume.',
  'profile-left': 'Profile {profile} is no longer in {file}: the work in progress stopped, and unfinished uploads stay under This machine to resume.',
  'window-closed': 'The window was closed or reloaded during the upload: Resume it to finish.',
  'taken-over': 'Another window took over the upload of {fileName}; it goes on there.',
  // Input refused before anything was sent.
  'not-a-url': '{what} "{value}" is not a URL; it should look like https://metastudio.cn-north-4.myhuaweicloud.com.',
  'not-https': '{what} "{value}" must use https (plain http is allowed only for 127.0.0.1 and localhost).',
  'not-an-origin': '{what} should be only a scheme and host, like https://metastudio.cn-north-4.myhuaweicloud.com.',
  'bad-id': '{value} is not a valid {what}: it should be 1 to 64 letters, digits, - or _.',
  'bad-state': '"{state}" is not a state a file can be confirmed in: use CREATED, FAILED or CANCELLED.',
  'proxy-not-a-url': 'The proxy in {source} is not a URL of the form http://[user:password@]host:port: check it, and write # in a user or password as %23 (and % as %25, @ as %40).',
  'proxy-bad-escape': 'The proxy user or password in {source} is not valid in a URL: write each % in it as %25 (and @ as %40, : as %3A).',
  // Checks of what MetaStudio would refuse (fileTypes.ts, assetNames.ts, credentials.ts).
  'asset-type-not-uploadable': '{assetType} assets are made by MetaStudio itself; files are uploaded here into {types} assets.',
  'asset-type-unknown': 'An asset of no known type is made by MetaStudio itself; files are uploaded here into {types} assets.',
  'category-not-taken': 'A {assetType} asset takes {categories} files, not {category}.',
  'wrong-kind': 'A {assetType} asset takes {extensions} files, not {type}.',
  'wrong-kind-no-extension': 'A {assetType} asset takes {extensions} files, not files without an extension.',
  'not-an-image': 'A {category} file is an image ({extensions}), not {type}.',
  'not-an-image-no-extension': 'A {category} file is an image ({extensions}), not a file without an extension.',
  'main-too-large': '{fileName} is larger than {limit}, the most a {assetType} asset\'s main file may be.',
  'asset-name-empty': 'An asset name cannot be empty.',
  'asset-name-too-long': 'An asset name has at most {max} characters; "{start}…" has {length}.',
  'asset-name-characters': 'An asset name takes Chinese and English letters, digits, spaces and _ - . ( ); not {characters}.',
  'ak-shape': 'The AK should be 12 to 64 letters and digits (Huawei Cloud AKs are 20 characters, like QTWAOYTTINDUT2QVKYUC).',
  'sk-shape': 'The SK should be 16 to 128 characters without spaces (Huawei Cloud SKs are 40 characters).',
  'security-token-shape': 'The security token is empty or contains spaces.',
  'token-shape': 'The IAM token is too short or contains spaces; paste the whole X-Subject-Token value.',
  'domain-name-shape': 'The account (domain) name is empty or contains spaces.',
  'user-name-shape': 'The IAM user name is empty or contains spaces.',
  'password-empty': 'The password is empty.',
  'credentials-kind-unknown': 'Unknown kind of credentials.',
  'credential-missing': 'The {field} is missing.',
  'app-user-id-chinese': 'X-App-UserId may not contain Chinese characters.',
  'app-user-id-shape': 'X-App-UserId should be 1 to 64 printable ASCII characters without spaces.',
  // The upload flow (src/pending).
  'not-readable': '{fileName} is not a file that can be read.',
  'too-large': '{fileName} is larger than {limit}, the most MetaStudio takes.',
  'too-large-for-category': '{fileName} is larger than {limit}: MetaStudio takes a file that large only as {categories}, not {category}.',
  'empty-file': '{fileName} is empty; MetaStudio takes files of at least 1 byte.',
  'category-taken': '{assetName} already has a {category} file ({holder}); an asset has one.',
  'record-damaged': 'The record of {fileName} on this machine is damaged ({problem}), so it is not resumed. Mark it as Failed or Cancelled, or Forget it.',
  'no-file-id': '{fileName} stopped before MetaStudio gave it a file id; it cannot be resumed. Forget it and upload again.',
  'url-never-kept': 'CreateFile\'s answer for {fileName} never reached this machine\'s records, so it cannot be PUT from here. Mark it as Failed or Cancelled, then upload the file again.',
  'url-gone': 'The upload URL of {fileName} is no longer on this machine, so it cannot be PUT from here. Mark it as Failed or Cancelled, then upload the file again.',
  'url-expired': 'The upload URL of {fileName} has expired (they last 24 hours). Mark it as Failed or Cancelled, then upload the file again.',
  'part-urls-never-kept': 'CreateLargeFile\'s answer for {fileName} never reached this machine\'s records, so its parts cannot be PUT from here. Mark it as Failed or Cancelled, then upload the file again.',
  'part-urls-gone': 'The part upload URLs of {fileName} are no longer on this machine, so its parts cannot be PUT from here. Mark it as Failed or Cancelled, then upload the file again.',
  'part-urls-expired': 'The part upload URLs of {fileName} have expired (they last 24 hours). Mark it as Failed or Cancelled, then upload the file again.',
  'part-urls-miscounted': 'The part upload URLs of {fileName} kept on this machine are {urls} for its {parts} parts, so it cannot be resumed. Mark it as Failed or Cancelled, then upload the file again.',
  'part-urls-short': 'CreateLargeFile gave {urls} upload URLs for the {parts} parts of {fileName} (file {fileId}), so it cannot be uploaded; it is confirmed FAILED.',
  'file-changed': '{fileName} has changed since its upload began. Mark it as Failed or Cancelled, then upload it again.',
  'file-gone': '{fileName} is gone since its upload began. Mark it as Failed or Cancelled, then upload it again.',
  'file-changed-during': '{fileName} has changed while it was being uploaded. Mark it as Failed or Cancelled, then upload it again.',
  'file-gone-during': '{fileName} is gone while it was being uploaded. Mark it as Failed or Cancelled, then upload it again.',
  // Why MetaStudio cannot tell whether a kept record's file is still pending (fileStates.ts).
  'files-hidden-frozen': 'its asset {assetName} is frozen (BLOCK): MetaStudio shows none of its files, so whether this one is still pending is not known.',
  'files-hidden-unlisted': 'MetaStudio answered for its asset {assetName} without a file list.',
  'already-uploading': '{fileName} is already being uploaded.',
  'uploading-elsewhere': '{fileName} is being uploaded in another window; it can be resumed there, or here once that window is closed.',
  // A record of the upload flow could not be written; the advice says why (disk-full...).
  'record-not-saved': 'The upload record of {fileName} could not be saved on this machine:',
  'record-not-saved-because': 'The upload record of {fileName} could not be saved on this machine: it failed ({detail}).',
  'records-not-saved': 'An upload record could not be saved on this machine:',
  'records-not-saved-because': 'An upload record could not be saved on this machine: it failed ({detail}).',
  'forget-while-uploading': '{fileName} is being uploaded right now; it can be forgotten once that upload stops.',
  // No upload URL to resume with (recovery.ts): MetaStudio gives no second URL for a file id.
  'url-not-saved': 'The upload URL of {fileName} ({fileId}) was not saved on this machine, so it cannot be resumed: MetaStudio gives no second URL for a file. Upload a Local File in Its Place marks {fileId} CANCELLED and uploads {fileName} again into {assetName} as {category}.',
  'url-save-refused': 'The upload URL of {fileName} ({fileId}) could not be saved in SecretStorage ({code}), so it was not uploaded. It stays pending under This machine: Upload a Local File in Its Place uploads it again into {assetName}.',
} as const;

export type Reason = keyof typeof SENTENCES;

/** What to do, by advice code: said after the sentence. Sources: huawei-api research, the gateway's and OBS's error code pages. */
export const ADVICE = {
  'clock-skew': 'This computer\'s clock differs from the server\'s by more than 15 minutes: correct the system clock.',
  'ak-locked': 'The AK is locked for 5 minutes after repeated authentication failures: check the SK, then wait before trying again.',
  'token-invalid': 'The IAM token is invalid, expired, or from another region: get a new token for this region.',
  'credentials-rejected': 'The credentials were rejected: check the AK and SK (or token), and that the account is not restricted.',
  'api-not-found': 'The API was not found: check the endpoint (region) setting.',
  'not-permitted': 'This IAM user is not allowed to call MetaStudio: ask an administrator for MetaStudio permissions.',
  'configure-again': 'The credentials were rejected: configure them again.',
  'api-denied': 'Access to the API was denied.',
  'token-expired': 'The IAM token has expired: configure a new token or sign in with a password so it refreshes.',
  'throttled': 'MetaStudio is throttling requests: lower the rate limit or concurrency setting, or try again shortly.',
  'service-unavailable': 'The MetaStudio service is unavailable or timed out: try again later.',
  'iam-unavailable': 'The IAM service is unavailable: try again later.',
  'invalid-request': 'MetaStudio refused the request as invalid; the file may already be confirmed or deleted.',
  'internal-error': 'MetaStudio had an internal error: try again later.',
  'wrong-project': 'The project id does not belong to these credentials: check the project id setting and the region.',
  'asset-not-found': 'The asset was not found: it may have been deleted, or belong to another project or region.',
  'file-not-found': 'The file was not found: check the file id; it may have been deleted, or belong to another project or region.',
  'asset-name-taken': 'An asset with this name already exists: choose another name.',
  'main-taken': 'The asset already has a MAIN file: upload this file to another asset or with another category.',
  'cover-taken': 'The asset already has a COVER file: upload this file to another asset or with another category.',
  'not-uploaded': 'MetaStudio has no bytes for this file: upload the file again into the same asset, or mark it as Cancelled.',
  'access-denied': 'Access was denied.',
  'server-trouble': 'MetaStudio, or a proxy on the way, had trouble: try again later.',
  'proxy-credentials': 'Put the proxy user and password in http.proxy (http://user:password@host:port), or add this host to http.noProxy.',
  'proxy-check': 'Check http.proxy, or add this host to http.noProxy if it should be reached directly.',
  'obs-signature': 'The upload URL does not match the Content-Type or Content-MD5 sent, or has been altered: create the file again.',
  'obs-denied': 'The upload URL has expired (they last 24 hours) or was refused: create the file again.',
  'obs-bad-digest': 'The bytes that arrived do not match the file\'s MD5: the file may have changed during the upload.',
  'obs-quiet': 'The connection to OBS went quiet: resume the upload.',
  'obs-incomplete': 'The connection broke during the upload: resume it.',
  'obs-busy': 'OBS was busy with the same file: resume the upload in a moment.',
  'obs-internal': 'OBS had an internal error: resume the upload in a moment.',
  'obs-slow-down': 'OBS asked to slow down: resume the upload in a moment.',
  'obs-unavailable': 'OBS was unavailable: resume the upload in a moment.',
  // Why a record could not be written (the sentence before ends in a colon).
  'disk-full': 'the disk is full.',
  'disk-quota': 'the disk quota is used up.',
  'disk-read-only': 'the disk is read-only.',
  'no-permission': 'no permission to write there.',
  'disk-io': 'the disk reported an I/O error.',
} as const;

export type Advice = keyof typeof ADVICE;

/** What the flow that caught an error adds to it: said before (`part-of`) or after the sentence. */
export const NOTES = {
  'part-of': 'A part of {fileName}:',
  'not-marked': '{fileName} was not marked:',
  'stays-pending': '{fileName} stays pending under This machine: Resume uploads it again.',
  'parts-left': '{fileName} stays pending under This machine with {left} of {parts} parts to send: Resume sends only those.',
  'not-checked': 'Whether MetaStudio applied it could not be checked: refresh to see.',
  'record-kept': 'Its record stays; try again later.',
  'other-categories': 'Upload {fileName} as {categories} instead, or into another asset.',
  'other-asset': 'Upload {fileName} into another asset.',
  'record-stays': '{fileName} stays where its last saved step says; free space or fix the folder\'s permissions, then Resume the upload.',
  'free-space': 'Free space or fix the folder\'s permissions, then Resume the upload.',
} as const;

export type NoteReason = keyof typeof NOTES;

export interface Note {
  readonly reason: NoteReason;
  readonly facts: Facts;
}

/** Notes said before the sentence; the others follow it. */
export const LEADING_NOTES: ReadonlySet<NoteReason> = new Set(['part-of', 'not-marked']);

/**
 * The client's own names for what failed or was checked, said in the `operation` and `what` facts
 * (API names such as ListAssets are names, and stay as they are).
 */
export const WORDS = ['Upload to OBS', 'IAM token', 'IAM project lookup', 'IAM project details', 'Reading the file', 'Refresh', 'The upload', 'The request', 'The endpoint', 'The IAM endpoint', 'file id', 'asset id', 'project id'] as const;

/** The facts said in the client's own words (WORDS), which the UI translates. */
export const WORD_FACTS = ['operation', 'what'] as const;

/** `template` with each `{name}` replaced by `facts[name]` (left as is when that fact is missing). */
export function fill(template: string, facts: Facts): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (facts[name] === undefined ? whole : String(facts[name])));
}
