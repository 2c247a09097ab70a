// Caches a minted token until shortly before it expires, and lets only one mint run at a
// time however many callers are waiting for a token. The token can be kept elsewhere (the
// editor keeps it in secret storage) and handed back to a new cache, so a reload does not
// mint again.

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
  /** A token kept from an earlier cache; used until its renewal time like one minted here. */
  initial?: KeptToken;
  /** Told of every change worth keeping: a new token, a refusal noted, a token dropped (undefined). */
  onChange?: (kept: KeptToken | undefined) => void;
  /**
   * A forced refresh this soon after a mint returns the token just minted. For a source that
   * hands out the current token while it is valid (`stable_token` with force_refresh:false)
   * asking again would only spend a call of its daily quota on the same answer.
   */
  reuseWithinMs?: number;
}

/** What is worth keeping of a cached token across reloads. */
export interface KeptToken {
  token: string;
  expiresAt?: number;
  /** Epoch milliseconds when it was minted. */
  mintedAt: number;
  /** Endpoints that refused this token although it was current: they do not take its kind. */
  refusedBy?: string[];
}

export type MintToken = (signal: AbortSignal) => Promise<IssuedToken>;

interface Cached {
  token: IssuedToken;
  renewAt: number;
  mintedAt: number;
}

export class CachedTokenSource implements TokenSource {
  readonly refreshable = true;
  private current: Cached | undefined;
  /** Endpoints that refused a token as the wrong kind; it outlives a drop, since a refresh may hand the same token back. */
  private refusals: { token: string; endpoints: Set<string> } | undefined;
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
    const initial = options.initial;
    if (initial) {
      const token: IssuedToken = { token: initial.token, expiresAt: initial.expiresAt };
      this.current = { token, mintedAt: initial.mintedAt, renewAt: this.renewAt(token, initial.mintedAt) };
      if (initial.refusedBy?.length) this.refusals = { token: initial.token, endpoints: new Set(initial.refusedBy) };
    }
  }

  async getToken(options: GetTokenOptions = {}): Promise<IssuedToken> {
    const cached = this.current;
    if (cached && this.now() < cached.renewAt) {
      const refreshedByOther = options.staleToken !== undefined && cached.token.token !== options.staleToken;
      if (!options.forceRefresh || refreshedByOther) return cached.token;
      if (this.now() - cached.mintedAt < (this.options.reuseWithinMs ?? 0)) return cached.token;
    }
    // A forced refresh means the token was rejected: it is dropped, also where it is kept.
    if (options.forceRefresh && cached && this.current === cached) this.drop();
    return this.flight.run('mint', (signal) => this.mintAndKeep(signal), {
      signal: options.signal,
      onAbort: () => new CancelledError({ endpoint: this.sourceName }),
    });
  }

  refusedKind(token: string, endpoint: string): boolean {
    return this.refusals?.token === token && this.refusals.endpoints.has(endpoint);
  }

  noteRefusedKind(token: string, endpoint: string): void {
    if (this.refusals?.token !== token) this.refusals = { token, endpoints: new Set() };
    if (this.refusals.endpoints.has(endpoint)) return;
    this.refusals.endpoints.add(endpoint);
    if (this.current?.token.token === token) this.options.onChange?.(this.snapshot());
  }

  /** The cached token as it can be kept, or undefined when there is none. */
  snapshot(): KeptToken | undefined {
    const cached = this.current;
    if (!cached) return undefined;
    const kept: KeptToken = { token: cached.token.token, mintedAt: cached.mintedAt };
    if (cached.token.expiresAt !== undefined) kept.expiresAt = cached.token.expiresAt;
    if (this.refusals?.token === kept.token && this.refusals.endpoints.size) kept.refusedBy = [...this.refusals.endpoints];
    return kept;
  }

  private drop(): void {
    this.current = undefined;
    this.options.onChange?.(undefined);
  }

  private async mintAndKeep(signal: AbortSignal): Promise<IssuedToken> {
    const mintedAt = this.now();
    const token = await this.mint(signal);
    this.current = { token, mintedAt, renewAt: this.renewAt(token, mintedAt) };
    this.options.onChange?.(this.snapshot());
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
