// An authorizer_access_token: the platform acting for one authorized mini program, minted
// from the platform's component token plus that mini program's refresh token.

import { ENDPOINTS } from '../endpoints';
import { ApiError, TokenSourceError } from '../errors';
import type { HttpTransport, PostResponse } from '../http';
import type { RefreshTokenStore } from './refreshTokenStore';
import { CachedTokenSource, type TokenCacheOptions } from './tokenCache';
import { TOKEN_REFRESH_ERRCODES, type TokenSource } from './tokenSource';
import { issuedFrom } from './stableToken';

export interface AuthorizerTokenOptions {
  transport: HttpTransport;
  /** The platform's component token. */
  componentToken: TokenSource;
  componentAppid: string;
  authorizerAppid: string;
  /** Read before each mint; a new refresh token from WeChat is written back. */
  refreshTokens: RefreshTokenStore;
  cache?: TokenCacheOptions;
}

export function createAuthorizerTokenSource(options: AuthorizerTokenOptions): CachedTokenSource {
  const spec = ENDPOINTS.authorizerToken;
  const now = options.cache?.now ?? Date.now;
  return new CachedTokenSource(
    'authorizer',
    spec.path,
    async (signal) => {
      const { componentToken, componentAppid, authorizerAppid, refreshTokens } = options;
      const refreshToken = await refreshTokens.get(authorizerAppid);
      if (!refreshToken) {
        throw new TokenSourceError({ source: spec.path, messageKey: 'refreshTokenMissing', messageArgs: [authorizerAppid], category: 'credentials' });
      }
      const bodyText = JSON.stringify({ component_appid: componentAppid, authorizer_appid: authorizerAppid, authorizer_refresh_token: refreshToken });
      const post = (token: string): Promise<PostResponse> =>
        options.transport.post({ endpoint: spec, token, bodyText, secrets: [refreshToken], signal });

      const component = await componentToken.getToken({ signal });
      let answer: PostResponse;
      try {
        answer = await post(component.token);
      } catch (error) {
        // A stale component token: renew it once and try again, never in a loop.
        if (!(error instanceof ApiError) || !TOKEN_REFRESH_ERRCODES.has(error.code) || !componentToken.refreshable) throw error;
        const renewed = await componentToken.getToken({ forceRefresh: true, staleToken: component.token, signal });
        answer = await post(renewed.token);
      }

      const issued = issuedFrom(answer.body, 'authorizer_access_token', spec.path, now(), [refreshToken]);
      const newRefreshToken = answer.body.authorizer_refresh_token;
      if (typeof newRefreshToken === 'string' && newRefreshToken !== '' && newRefreshToken !== refreshToken) {
        await refreshTokens.set(authorizerAppid, newRefreshToken);
      }
      return issued;
    },
    options.cache,
  );
}
