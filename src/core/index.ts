// The core's public surface: the editor layer imports from here.

export * from './types';
export * from './endpoints';
export * from './errors';
export { MESSAGES, ERRCODES, defaultFormat, type MessageKey, type ErrorCategory, type ErrcodeInfo, type Translate } from './messages';
export { redactUrl, redactSecrets, TOKEN_QUERY_PARAMS } from './redact';
export {
  HttpTransport,
  fetcherFor,
  DEFAULT_READ_TIMEOUT_MS,
  DEFAULT_INVOKE_TIMEOUT_MS,
  type TransportOptions,
  type RetryOptions,
  type RequestLogger,
  type RequestLogEvent,
  type PostRequest,
  type PostResponse,
} from './http';
export { WxCloudClient, DEFAULT_CACHE_TTL_MS, MAX_AUTHORIZER_PAGE, type ClientOptions, type CallOptions, type InvokeOptions, type Credentials } from './client';
export { ReadCache } from './readCache';
export { TOKEN_REFRESH_ERRCODES, type TokenSource, type GetTokenOptions } from './tokens/tokenSource';
export { CachedTokenSource, type TokenCacheOptions, type MintToken } from './tokens/tokenCache';
export { createStableTokenSource, type StableTokenOptions } from './tokens/stableToken';
export { StaticTokenSource, createStaticTokenSource, type StaticTokenOptions } from './tokens/staticToken';
export { createCommandTokenSource, type CommandTokenOptions } from './tokens/commandToken';
export { createAuthorizerTokenSource, type AuthorizerTokenOptions } from './tokens/authorizerToken';
export { MemoryRefreshTokenStore, rememberRefreshTokens, type RefreshTokenStore } from './tokens/refreshTokenStore';
export * from './cron';
export { parseJsonEvent, eventByteSize, MAX_EVENT_BYTES, type JsonEventResult, type JsonEventError } from './jsonEvent';
export { checkBaseUrl, isLoopback, type BaseUrlCheck } from './baseUrl';
export { createComponentTokenSource, type ComponentTokenOptions } from './tokens/componentToken';
export { parseArgv } from './argv';
export { triggersFromTimerConfig } from './timerConfig';
