// Every user-facing sentence the core produces, in one table of plain English templates.
// The editor layer localises them with `vscode.l10n.t(template, ...args)`, which uses the
// English text itself as the key, so these literals are copied verbatim into the l10n
// bundle: keep them literal strings (no concatenation) and keep {0}-style placeholders.

export const MESSAGES = {
  // errcodes documented in the seeds
  systemBusy: 'WeChat is busy; try again in a moment.',
  systemError: 'WeChat had a system error; try again later.',
  tokenInvalid: 'WeChat rejected the access token: it is invalid, expired, or not a kind this API accepts.',
  invalidArgs: 'WeChat rejected the request arguments.',
  missingParameter: 'A required parameter is missing from the request.',
  tokenMissing: 'The request carried no access token.',
  tokenExpired: 'The access token has expired.',
  requiresPost: 'WeChat requires a POST request for this API.',
  emptyBody: 'The request body was empty.',
  badBodyFormat: 'WeChat could not parse the request body as JSON.',
  cloudNotEnabled: 'Cloud development is not enabled for this mini program.',
  configNotFound: 'No configuration of this type was found for the function.',
  // errcodes from the wider WeChat documentation
  credentialInvalid: 'The credential is invalid or the token is no longer the latest one; sign in again.',
  appidInvalid: 'The AppID is invalid.',
  appsecretInvalid: 'The AppSecret is invalid.',
  grantTypeInvalid: 'The grant type is invalid.',
  ipNotWhitelisted:
    'This machine\'s IP address {0} is not on the mini program\'s IP whitelist. Add it in the WeChat admin console under Development Management > Development Settings > IP whitelist.',
  ipNotWhitelistedUnknownIp:
    'This machine\'s IP address is not on the mini program\'s IP whitelist. Add it in the WeChat admin console under Development Management > Development Settings > IP whitelist.',
  appsecretFrozen: 'The AppSecret is frozen; unfreeze or reset it in the WeChat admin console.',
  dailyQuotaReached: 'The daily quota for this API has been reached; try again tomorrow.',
  minuteLimitReached: 'Too many calls in the last minute; wait a minute and try again.',
  apiUnauthorized: 'This API is not authorized for the token used: the token kind is wrong or the permission set was not granted.',
  platformIpNotRegistered: 'This machine\'s IP address is not on the third-party platform\'s IP whitelist.',
  verifyTicketExpired: 'The component verify ticket has expired; the platform must refresh its component token.',
  verifyTicketInvalid: 'The component verify ticket is invalid; the platform must refresh its component token.',
  refreshTokenInvalid: 'The authorizer refresh token is invalid; authorize the mini program again or enter a new refresh token.',
  envInvalid: 'The cloud environment is missing or invalid: {0}',
  resourceNotFound: 'The cloud resource was not found: {0}',
  functionCallFailed: 'The cloud function call failed: {0}',
  functionThrew: 'The cloud function threw an error: {0}',
  functionTimedOut: 'The cloud function timed out: {0}. Through the HTTP API a function is cut off after 5 s.',
  databaseQueryRefused: 'The database refused the query: {0}',
  collectionExists: 'The collection already exists: {0}',
  databaseRequestFailed: 'The database request failed: {0}',
  databasePermissionDenied: 'The database denied permission: {0}',
  collectionMissing: 'The collection does not exist: {0}',
  unknownErrcode: 'WeChat returned an error: {0}',
  // failures that are not errcodes
  httpStatus: 'WeChat answered HTTP {0} {1}.',
  httpHtmlPage: 'WeChat answered HTTP {0} with an HTML page instead of JSON.',
  responseNotJson: 'The answer from {0} was not valid JSON.',
  responseEmpty: 'The answer from {0} was empty.',
  responseHtml: 'The answer from {0} was an HTML page instead of JSON.',
  responseNotObject: 'The answer from {0} was JSON but not an object.',
  responseBadErrcode: 'The answer from {0} carried an errcode that is not a number.',
  responseTooLarge: 'The answer from {0} is larger than {1} bytes; it was not read.',
  invokeResponseTooLarge:
    'The answer of cloud function {0} is larger than {1} bytes and was not read. It may have run; it was not retried.',
  redirectRefused: '{0} answered HTTP {1}, a redirect to {2}. Redirects are not followed, so nothing was sent there.',
  redirectRefusedNoTarget: '{0} answered HTTP {1}, a redirect. Redirects are not followed.',
  connectionRefused: 'Could not connect to {0}: the connection was refused.',
  hostNotFound: 'Could not connect to {0}: the host name was not found.',
  connectionReset: 'The connection to {0} broke before the answer arrived.',
  networkFailed: 'Could not reach {0}: {1}',
  timedOut: 'WeChat did not answer {0} within {1} s.',
  cancelled: 'The request was cancelled.',
  invokeCancelled: 'Stopped waiting for cloud function {0}; it may still run.',
  invokeTimedOutMayHaveRun:
    'Cloud function {0} did not answer within {1} s. It may have run; it was not retried.',
  invokeBrokeMayHaveRun:
    'The connection broke while calling cloud function {0}. It may have run; it was not retried.',
  invokeGatewayMayHaveRun:
    'A gateway answered HTTP {1} while calling cloud function {0}. It may have run; it was not retried.',
  invokeBusyMayHaveRun:
    'WeChat answered errcode {1} (system busy or error) while calling cloud function {0}. It may have run; it was not retried.',
  tokenKindMissing: 'This connection cannot call {0}. It needs: {1}. It has: {2}.',
  tokenKindMissingNoToken: 'This connection cannot call {0}. It needs: {1}. It has no token.',
  tokenKindRejected: '{0} refused the {1}. This API is documented for: {2}. Add a connection that provides it.',
  tokenKindRejectedRenewed:
    '{0} refused the {1} again after it was renewed (errcode 40014). This API takes: {2}. Check that the token really is of that kind.',
  // token sources
  pastedTokenExpired: 'The pasted token, {0}, expired at {1}; paste a new one.',
  pastedTokenRejected: 'WeChat rejected the pasted token, {0} (errcode {1}); a pasted token cannot be renewed here, so paste a new one.',
  tokenCommandNotFound: 'The token command {0} was not found.',
  tokenCommandFailed: 'The token command {0} failed with exit code {1}: {2}',
  tokenCommandTimedOut: 'The token command {0} did not finish within {1} s.',
  tokenCommandNoToken: 'The token command {0} printed no token.',
  tokenCommandBadJson: 'The token command {0} printed JSON without a {1} field.',
  refreshTokenMissing:
    'No authorizer refresh token is known for {0}; enter it, or list the platform\'s authorized accounts again.',
  tokenResponseMissingField: 'The answer from {0} has no {1}.',
  // the client's own checks
  eventTooLarge: 'The event is {0} bytes; the limit is {1} bytes.',
  eventNotJson: 'The event is not JSON that can be sent.',
  unexpected: 'Unexpected error: {0}',
  // storage files and migrate jobs
  storageFileFailed: 'The storage refused the file {0}: {1}',
  storageUploadFailed: 'The storage host refused the upload: HTTP {0} {1}.',
  storageDownloadFailed: 'Downloading the file from {0} failed: HTTP {1}.',
  storageUrlRefused: 'The storage answered an address that is not allowed ({0}); nothing was sent there.',
  fileTooLarge: 'The file is {0} bytes; at most {1} bytes are taken.',
  migrateJobFailed: 'The job failed: {0}',
  migrateJobFailedNoReason: 'The job failed without saying why.',
  answerMissingField: 'The answer from {0} has no {1}.',
  // the one-line form the editor shows
  withErrcode: '{0} (errcode {1})',
  withErrcodeAndRid: '{0} (errcode {1}, rid {2})',
  withRid: '{0} (rid {1})',
  // deployed code
  codeZipTooLarge: 'The code zip of {0} is {1} bytes; the limit is {2} bytes.',
  codeUnpacksTooLarge: 'The code of {0} unpacks to more than {1} bytes or {2} files.',
  codeUnsafeEntry: 'The code zip of {0} holds an entry whose path leaves its folder: {1}',
  codeNotZip: 'The code of {0} is not a readable zip: {1}',
  codeChecksumMismatch: 'The downloaded code of {0} does not match the checksum WeChat gave (expected {1}, got {2}); nothing is shown.',
  codeUrlRefused: 'The code address for {0} is not https:// or this machine, so it was not used.',
  codeHttpStatus: 'The code host answered HTTP {0} for {1}.',
  codeHostRefused: 'The code host refused the upload of {0}: {1} ({2})',
  codeAnswerMissing: 'The answer of {0} has no {1}.',
  deployStepFailed: 'Deploying {0}, step {1} failed: {2}',
} as const;

export type MessageKey = keyof typeof MESSAGES;

/** Broad groups the editor can map to an action ("Sign in again", "Retry", "Show log"). */
export type ErrorCategory =
  | 'auth'
  | 'permission'
  | 'credentials'
  | 'input'
  | 'notFound'
  | 'quota'
  | 'server'
  | 'function'
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'setup';

export interface ErrcodeInfo {
  key: MessageKey;
  category: ErrorCategory;
  /** Reads are retried automatically on these; nothing else is. */
  retryable: boolean;
  /** Where the template has {0}, what goes into it. */
  arg?: 'detail' | 'ip';
}

const info = (key: MessageKey, category: ErrorCategory, extra: Partial<ErrcodeInfo> = {}): ErrcodeInfo => ({
  key,
  category,
  retryable: false,
  ...extra,
});

/** Every errcode in the seed documents and the reference, plus the ones the emulator answers. */
export const ERRCODES: ReadonlyMap<number, ErrcodeInfo> = new Map<number, ErrcodeInfo>([
  [-1, info('systemBusy', 'server', { retryable: true })],
  [-1000, info('systemError', 'server', { retryable: true })],
  [40014, info('tokenInvalid', 'auth')],
  [40097, info('invalidArgs', 'input')],
  [40101, info('missingParameter', 'input')],
  [41001, info('tokenMissing', 'auth')],
  [42001, info('tokenExpired', 'auth')],
  [43002, info('requiresPost', 'input')],
  [44002, info('emptyBody', 'input')],
  [47001, info('badBodyFormat', 'input')],
  [85088, info('cloudNotEnabled', 'setup')],
  [85089, info('configNotFound', 'notFound')],
  [40001, info('credentialInvalid', 'auth')],
  [40002, info('grantTypeInvalid', 'input')],
  [40013, info('appidInvalid', 'credentials')],
  [40125, info('appsecretInvalid', 'credentials')],
  [40164, info('ipNotWhitelisted', 'setup', { arg: 'ip' })],
  [40243, info('appsecretFrozen', 'credentials')],
  [45009, info('dailyQuotaReached', 'quota')],
  [45011, info('minuteLimitReached', 'quota')],
  [48001, info('apiUnauthorized', 'permission')],
  [61004, info('platformIpNotRegistered', 'setup')],
  [61005, info('verifyTicketExpired', 'credentials')],
  [61006, info('verifyTicketInvalid', 'credentials')],
  [61023, info('refreshTokenInvalid', 'credentials')],
  [-501000, info('envInvalid', 'input', { arg: 'detail' })],
  [-501009, info('resourceNotFound', 'notFound', { arg: 'detail' })],
  [-501001, info('collectionExists', 'input', { arg: 'detail' })],
  [-501007, info('databaseQueryRefused', 'input', { arg: 'detail' })],
  [-502001, info('databaseRequestFailed', 'input', { arg: 'detail' })],
  [-502003, info('databasePermissionDenied', 'permission', { arg: 'detail' })],
  [-502005, info('collectionMissing', 'notFound', { arg: 'detail' })],
  [-504001, info('functionCallFailed', 'function', { arg: 'detail' })],
  [-504002, info('functionThrew', 'function', { arg: 'detail' })],
  [-504003, info('functionTimedOut', 'function', { arg: 'detail' })],
]);

export type Translate = (template: string, ...args: Array<string | number | boolean>) => string;

/** The untranslated formatter: replaces {0}, {1}… like `vscode.l10n.t` does. */
export const defaultFormat: Translate = (template, ...args) =>
  template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
