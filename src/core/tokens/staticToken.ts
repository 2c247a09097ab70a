// A token the user pasted, of any kind, with an optional expiry. Nothing can renew it, so an
// expired or rejected one ends in a clear request to paste a new one.

import { TOKEN_KIND_LABELS, TokenSourceError } from '../errors';
import type { IssuedToken, TokenKind } from '../types';
import type { GetTokenOptions, TokenSource } from './tokenSource';

export interface StaticTokenOptions {
  kind: TokenKind;
  token: string;
  /** Epoch milliseconds. */
  expiresAt?: number;
  now?: () => number;
}

export class StaticTokenSource implements TokenSource {
  readonly kind: TokenKind;
  readonly refreshable = false;
  private readonly issued: IssuedToken;
  private readonly now: () => number;

  constructor(options: StaticTokenOptions) {
    this.kind = options.kind;
    this.issued = { token: options.token.trim(), expiresAt: options.expiresAt };
    this.now = options.now ?? Date.now;
  }

  get expired(): boolean {
    return this.issued.expiresAt !== undefined && this.now() >= this.issued.expiresAt;
  }

  async getToken(options: GetTokenOptions = {}): Promise<IssuedToken> {
    const label = TOKEN_KIND_LABELS[this.kind];
    if (options.forceRefresh) {
      throw new TokenSourceError({ source: 'pasted token', messageKey: 'pastedTokenRejected', messageArgs: [label] });
    }
    if (this.expired) {
      const when = new Date(this.issued.expiresAt ?? 0).toISOString();
      throw new TokenSourceError({ source: 'pasted token', messageKey: 'pastedTokenExpired', messageArgs: [label, when] });
    }
    return this.issued;
  }
}

export function createStaticTokenSource(options: StaticTokenOptions): StaticTokenSource {
  return new StaticTokenSource(options);
}
