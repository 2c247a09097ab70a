// A mini program's access_token from AppID + AppSecret through `cgi-bin/stable_token`.
// Never `cgi-bin/token`: each call to it invalidates the token the developer's own servers
// use. `force_refresh` stays false: true is limited to 20 a day and belongs to an explicit
// user action, and with false WeChat already hands out the current valid token.

import { ENDPOINTS } from '../endpoints';
import { TokenSourceError } from '../errors';
import type { HttpTransport } from '../http';
import { CachedTokenSource, type TokenCacheOptions } from './tokenCache';
import type { IssuedToken } from '../types';

export interface StableTokenOptions {
  transport: HttpTransport;
  appid: string;
  secret: string;
  cache?: TokenCacheOptions;
}

export function createStableTokenSource(options: StableTokenOptions): CachedTokenSource {
  const { transport, appid, secret } = options;
  const now = options.cache?.now ?? Date.now;
  const spec = ENDPOINTS.stableToken;
  return new CachedTokenSource(
    'mp',
    spec.path,
    async (signal) => {
      const answer = await transport.post({
        endpoint: spec,
        bodyText: JSON.stringify({ grant_type: 'client_credential', appid, secret, force_refresh: false }),
        secrets: [secret],
        signal,
      });
      return issuedFrom(answer.body, 'access_token', spec.path, now());
    },
    options.cache,
  );
}

/** The token in `field` of a token endpoint's answer, with its expiry; a clear error when it is missing. */
export function issuedFrom(body: Record<string, unknown>, field: string, path: string, now: number, secrets?: readonly (string | undefined)[]): IssuedToken {
  const token = body[field];
  if (typeof token !== 'string' || token === '') {
    throw new TokenSourceError({ source: path, messageKey: 'tokenResponseMissingField', messageArgs: [path, field], secrets });
  }
  return { token, expiresAt: expiresAtFrom(body.expires_in, now) };
}

/** `expires_in` is in seconds; undefined when WeChat left it out. */
export function expiresAtFrom(expiresIn: unknown, now: number): number | undefined {
  const seconds = Number(expiresIn);
  return Number.isFinite(seconds) && seconds > 0 ? now + seconds * 1000 : undefined;
}
