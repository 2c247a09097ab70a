// What the client needs from anything that supplies a token of one kind.

import type { IssuedToken, TokenKind } from '../types';

export interface GetTokenOptions {
  /** Mint a new token instead of returning the cached one (after WeChat rejected it). */
  forceRefresh?: boolean;
  /**
   * The token WeChat rejected. When the cache already holds a different one, another caller
   * has refreshed in the meantime and that token is returned instead of minting again.
   */
  staleToken?: string;
  signal?: AbortSignal;
}

export interface TokenSource {
  readonly kind: TokenKind;
  /** False for a pasted token: nothing can mint a new one, so a rejection is final. */
  readonly refreshable: boolean;
  getToken(options?: GetTokenOptions): Promise<IssuedToken>;
  /**
   * Whether `endpoint` refused `token` as the wrong kind although the token was current.
   * Kept with the token, so an endpoint that only may take this kind is asked once per token.
   */
  refusedKind?(token: string, endpoint: string): boolean;
  noteRefusedKind?(token: string, endpoint: string): void;
}

/** Errcodes that may mean a stale token: refresh it and retry once, never in a loop. */
export const TOKEN_REFRESH_ERRCODES: ReadonlySet<number> = new Set([40001, 42001, 40014]);
