import type { KeptToken } from '../../core/tokens/tokenCache';
import type { TokenKind } from '../../core/types';

/** How a connection gets its tokens. */
export type ConnectionKind =
  /** A mini program's AppID + AppSecret, minting `mp` tokens through `stable_token`. */
  | 'miniProgram'
  /** A third-party platform: a component token (pasted or from a command) minting authorizer tokens. */
  | 'platform'
  /** A pasted `mp` or `authorizer` token. */
  | 'token'
  /** The local emulator started from this window: a platform whose component token comes from its verify ticket. */
  | 'emulator';

/** The non-secret facts of a connection, kept in global state. */
export interface ConnectionInfo {
  id: string;
  name: string;
  kind: ConnectionKind;
  baseUrl: string;
  /** miniProgram: its AppID; token: the AppID the token belongs to, when known. */
  appid?: string;
  /** platform and emulator: the component AppID. */
  componentAppid?: string;
  /** token: the kind of the pasted token. */
  tokenKind?: Exclude<TokenKind, 'component'>;
  /** platform: argv of the command whose stdout is the component token. Never run through a shell. */
  tokenCommand?: string[];
  /** Environment IDs the user added by hand. */
  envIds?: string[];
  /** emulator: which code its project environment runs (deployed copies, or the workspace live). */
  emulatorCodeMode?: 'deployed' | 'live';
}

/** Everything secret about one connection: one SecretStorage entry per connection. */
export interface ConnectionSecrets {
  appSecret?: string;
  token?: string;
  tokenExpiresAt?: number;
  componentToken?: string;
  componentTokenExpiresAt?: number;
  componentAppSecret?: string;
  componentVerifyTicket?: string;
  /** Authorizer refresh tokens by authorizer AppID, given by the user or returned by the API. */
  refreshTokens?: Record<string, string>;
}

/**
 * A mini program's token minted from its AppSecret, kept in SecretStorage (never in settings or
 * global state) so a reload reuses it. It is used only by the AppID and API it was minted for.
 */
export interface KeptSelfToken extends KeptToken {
  appid: string;
  baseUrl: string;
}
