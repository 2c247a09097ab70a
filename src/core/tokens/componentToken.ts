// A component_access_token minted from the platform's AppID, AppSecret and the
// component_verify_ticket WeChat pushes to the platform's server. An editor never receives
// that ticket from WeChat; the local emulator hands one out, so its connection mints tokens
// the way a platform's own token service does.

import { ENDPOINTS } from '../endpoints';
import type { HttpTransport } from '../http';
import { CachedTokenSource, type TokenCacheOptions } from './tokenCache';
import { issuedFrom } from './stableToken';

export interface ComponentTokenOptions {
  transport: HttpTransport;
  componentAppid: string;
  componentAppSecret: string;
  verifyTicket: string;
  cache?: TokenCacheOptions;
}

export function createComponentTokenSource(options: ComponentTokenOptions): CachedTokenSource {
  const spec = ENDPOINTS.componentToken;
  const now = options.cache?.now ?? Date.now;
  const { transport, componentAppid, componentAppSecret, verifyTicket } = options;
  return new CachedTokenSource(
    'component',
    spec.path,
    async (signal) => {
      const answer = await transport.post({
        endpoint: spec,
        bodyText: JSON.stringify({ component_appid: componentAppid, component_appsecret: componentAppSecret, component_verify_ticket: verifyTicket }),
        secrets: [componentAppSecret, verifyTicket],
        signal,
      });
      return issuedFrom(answer.body, 'component_access_token', spec.path, now());
    },
    options.cache,
  );
}
