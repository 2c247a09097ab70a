// Tokens as WeChat issues them: each knows its kind, its appid and when it expires.
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from './clock';
import type { TokenKind } from './types';

export interface TokenRecord {
  token: string;
  kind: TokenKind;
  appid: string;
  expiresAt: number;
}

const PREFIX: Record<TokenKind, string> = { mp: '86', authorizer: '87', component: '88' };

export class TokenStore {
  private readonly byToken = new Map<string, TokenRecord>();
  /** The current stable token per mini program (stable_token hands it out again). */
  private readonly stable = new Map<string, TokenRecord>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly clock: Clock = systemClock,
  ) {}

  issue(kind: TokenKind, appid: string): TokenRecord {
    const token = `${PREFIX[kind]}_${randomBytes(60).toString('base64url')}`;
    const rec: TokenRecord = { token, kind, appid, expiresAt: this.clock.now() + this.ttlSeconds * 1000 };
    this.byToken.set(token, rec);
    return rec;
  }

  /** `cgi-bin/stable_token`: the same token while it is valid, a new one when forced (the old one stops working). */
  stableToken(appid: string, forceRefresh: boolean): TokenRecord {
    const current = this.stable.get(appid);
    if (current && !forceRefresh && !this.expired(current)) return current;
    if (current && forceRefresh) this.byToken.delete(current.token);
    const rec = this.issue('mp', appid);
    this.stable.set(appid, rec);
    return rec;
  }

  lookup(token: string): TokenRecord | undefined {
    return this.byToken.get(token);
  }

  expired(rec: TokenRecord): boolean {
    return rec.expiresAt <= this.clock.now();
  }

  expiresIn(rec: TokenRecord): number {
    return Math.max(0, Math.round((rec.expiresAt - this.clock.now()) / 1000));
  }
}
