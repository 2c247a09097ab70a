// Caches a minted token until shortly before it expires, and lets only one mint run at a
// time however many callers are waiting for a token.

import { CancelledError } from '../errors';
import { SingleFlight } from '../singleFlight';
import type { IssuedToken, TokenKind } from '../types';
import type { GetTokenOptions, TokenSource } from './tokenSource';

export interface TokenCacheOptions {
  now?: () => number;
  /** Renew this long before expiry at most (default 5 min, as WeChat renews stable tokens). */
  marginMs?: number;
  /** …or this share of the token's lifetime when that is shorter (default 10%). */
  marginRatio?: number;
  /** How long to trust a token whose expiry is unknown (default: until WeChat rejects it). */
  unknownExpiryMaxAgeMs?: number;
}

export type MintToken = (signal: AbortSignal) => Promise<IssuedToken>;

interface Cached {
  token: IssuedToken;
  renewAt: number;
}

export class CachedTokenSource implements TokenSource {
  readonly refreshable = true;
  private current: Cached | undefined;
  private readonly flight = new SingleFlight<IssuedToken>();
  private readonly now: () => number;

  constructor(
    readonly kind: TokenKind,
    /** Names the source in cancellation errors (`cgi-bin/stable_token`, `token command`). */
    private readonly sourceName: string,
    private readonly mint: MintToken,
    private readonly options: TokenCacheOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async getToken(options: GetTokenOptions = {}): Promise<IssuedToken> {
    const cached = this.current;
    if (cached && this.now() < cached.renewAt) {
      const refreshedByOther = options.staleToken !== undefined && cached.token.token !== options.staleToken;
      if (!options.forceRefresh || refreshedByOther) return cached.token;
    }
    return this.flight.run('mint', (signal) => this.mintAndKeep(signal), {
      signal: options.signal,
      onAbort: () => new CancelledError({ endpoint: this.sourceName }),
    });
  }

  private async mintAndKeep(signal: AbortSignal): Promise<IssuedToken> {
    const mintedAt = this.now();
    const token = await this.mint(signal);
    this.current = { token, renewAt: this.renewAt(token, mintedAt) };
    return token;
  }

  private renewAt(token: IssuedToken, mintedAt: number): number {
    if (token.expiresAt === undefined) {
      const maxAge = this.options.unknownExpiryMaxAgeMs;
      return maxAge === undefined ? Number.POSITIVE_INFINITY : mintedAt + maxAge;
    }
    const lifetime = Math.max(0, token.expiresAt - mintedAt);
    const margin = Math.min(this.options.marginMs ?? 5 * 60_000, lifetime * (this.options.marginRatio ?? 0.1));
    return token.expiresAt - margin;
  }
}
