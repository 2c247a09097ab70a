// Where authorizer refresh tokens live. The editor backs this with SecretStorage; they come
// from `api_get_authorizer_list` or from the user, and WeChat may hand out a new one when an
// authorizer token is minted, which is saved back through `set`.

import type { AuthorizerInfo } from '../types';

export interface RefreshTokenStore {
  get(authorizerAppid: string): Promise<string | undefined> | string | undefined;
  set(authorizerAppid: string, refreshToken: string): Promise<void> | void;
}

export class MemoryRefreshTokenStore implements RefreshTokenStore {
  private readonly tokens = new Map<string, string>();

  constructor(initial: Record<string, string> = {}) {
    for (const [appid, token] of Object.entries(initial)) this.tokens.set(appid, token);
  }

  get(authorizerAppid: string): string | undefined {
    return this.tokens.get(authorizerAppid);
  }

  set(authorizerAppid: string, refreshToken: string): void {
    this.tokens.set(authorizerAppid, refreshToken);
  }
}

/** Saves the refresh tokens an authorizer list carries (some entries lack one). Returns how many. */
export async function rememberRefreshTokens(store: RefreshTokenStore, authorizers: readonly AuthorizerInfo[]): Promise<number> {
  let saved = 0;
  for (const { appid, refreshToken } of authorizers) {
    if (!refreshToken) continue;
    await store.set(appid, refreshToken);
    saved++;
  }
  return saved;
}
