import type { WxCloudClient } from '../../core/client';
import type { TokenKind } from '../../core/types';
import type { ConnectionInfo } from './model';

/**
 * One identity the extension acts as: a mini program (its own token or an authorizer token
 * minted by a platform) or a platform itself. Environment and function nodes carry the scope
 * they were listed through, so every call below them uses the same credentials.
 */
export interface CloudScope {
  /** Stable within the connection: `self`, `platform` or `authorizer:<appid>`. */
  readonly key: string;
  readonly connection: ConnectionInfo;
  readonly client: WxCloudClient;
  /** The mini program this scope acts for, when it acts for one. */
  readonly appid?: string;
  /** Token kinds this scope can supply, used to explain what it cannot reach. */
  readonly kinds: readonly TokenKind[];
}
