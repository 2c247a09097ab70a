import { WxCloudClient, type Credentials } from '../../core/client';
import type { RequestLogger } from '../../core/http';
import { ReadCache } from '../../core/readCache';
import { createStableTokenSource } from '../../core/tokens/stableToken';
import { StaticTokenSource } from '../../core/tokens/staticToken';
import { createCommandTokenSource } from '../../core/tokens/commandToken';
import { createComponentTokenSource } from '../../core/tokens/componentToken';
import { createAuthorizerTokenSource } from '../../core/tokens/authorizerToken';
import type { RefreshTokenStore } from '../../core/tokens/refreshTokenStore';
import type { TokenSource } from '../../core/tokens/tokenSource';
import { HttpTransport } from '../../core/http';
import type { AuthorizerInfo, TokenKind } from '../../core/types';
import type { ConnectionStore } from './connectionStore';
import type { ConnectionInfo, ConnectionSecrets } from './model';
import type { CloudScope } from './scope';
import { getAuthorizerInfo } from '../../core/platform';
import { AuthorizerNames } from './authorizerNames';

export interface SessionOptions {
  logger: RequestLogger;
  /** A mini program's stable-token source, shared by its sessions so a new session does not mint again. */
  selfToken?: TokenSource;
  readTimeoutMs: number;
  invokeTimeoutMs: number;
  tokenCommandTimeoutMs: number;
  cacheTtlMs: number;
}

/**
 * The live side of one connection: its token sources and one client per acting identity,
 * sharing a read cache. Rebuilt when the connection or its secrets change.
 */
export class ConnectionSession {
  private readonly cache = new ReadCache();
  private readonly scopes = new Map<string, CloudScope>();
  private readonly transport: HttpTransport;
  private component?: TokenSource;
  private own?: TokenSource;
  /** Refresh tokens from the latest authorizer list; the user's own are in the secrets. */
  private readonly listedRefreshTokens = new Map<string, string>();
  /** The authorized mini programs' names, read lazily and kept until a refresh (it is their cache: every read asks the server). */
  readonly names = new AuthorizerNames((appid) =>
    getAuthorizerInfo(this.platform().client, { componentAppid: this.info.componentAppid ?? '', authorizerAppid: appid, fresh: true }),
  );

  constructor(
    readonly info: ConnectionInfo,
    private secrets: ConnectionSecrets,
    private readonly store: ConnectionStore,
    private readonly options: SessionOptions,
  ) {
    // For the token endpoints; each client makes its own for the calls it sends (one ofetch per base URL either way).
    this.transport = new HttpTransport({ baseUrl: info.baseUrl, logger: options.logger, readTimeoutMs: options.readTimeoutMs, invokeTimeoutMs: options.invokeTimeoutMs });
  }

  /** The connection's own identity: a mini program's mp token, or a pasted mp/authorizer token. */
  self(): CloudScope {
    return this.scope('self', this.info.appid, () => ({ [this.selfKind()]: this.selfSource() }));
  }

  /** The platform itself, with its component token. */
  platform(): CloudScope {
    return this.scope('platform', undefined, () => ({ component: this.componentSource() }));
  }

  /** One authorized mini program, through an authorizer token minted on demand. */
  authorizer(appid: string): CloudScope {
    return this.scope(`authorizer:${appid}`, appid, () => ({
      authorizer: createAuthorizerTokenSource({
        transport: this.transport,
        componentToken: this.componentSource(),
        componentAppid: this.info.componentAppid ?? '',
        authorizerAppid: appid,
        refreshTokens: this.refreshTokens,
      }),
      component: this.componentSource(),
    }));
  }

  /** Authorized mini programs, every page; the refresh tokens the user set fill the gaps. */
  async listAuthorizers(options: { signal?: AbortSignal; fresh?: boolean } = {}): Promise<AuthorizerInfo[]> {
    const page = await this.platform().client.listAllAuthorizers({ componentAppid: this.info.componentAppid ?? '', ...options });
    for (const a of page.list) if (a.refreshToken) this.listedRefreshTokens.set(a.appid, a.refreshToken);
    const userTokens = this.secrets.refreshTokens ?? {};
    return page.list.map((a) => ({ ...a, refreshToken: a.refreshToken ?? userTokens[a.appid] }));
  }

  /** Gets the connection's own token once, so a wrong secret shows when connecting. */
  async checkSelfToken(signal?: AbortSignal): Promise<void> {
    await this.selfSource().getToken({ signal });
  }

  clearCaches(): void {
    this.cache.invalidate();
    this.names.clear();
  }

  private readonly refreshTokens: RefreshTokenStore = {
    get: (appid) => this.secrets.refreshTokens?.[appid] ?? this.listedRefreshTokens.get(appid),
    set: async (appid, token) => {
      if (this.listedRefreshTokens.has(appid)) {
        this.listedRefreshTokens.set(appid, token);
        return;
      }
      this.secrets = { ...this.secrets, refreshTokens: { ...this.secrets.refreshTokens, [appid]: token } };
      await this.store.updateSecrets(this.info.id, { refreshTokens: this.secrets.refreshTokens });
    },
  };

  private scope(key: string, appid: string | undefined, credentials: () => Credentials): CloudScope {
    let scope = this.scopes.get(key);
    if (!scope) {
      const client = new WxCloudClient({
        baseUrl: this.info.baseUrl,
        identity: `${this.info.id}:${key}`,
        credentials: credentials(),
        cache: this.cache,
        cacheTtlMs: this.options.cacheTtlMs,
        logger: this.options.logger,
        readTimeoutMs: this.options.readTimeoutMs,
        invokeTimeoutMs: this.options.invokeTimeoutMs,
      });
      scope = { key, connection: this.info, client, appid, kinds: client.kinds };
      this.scopes.set(key, scope);
    }
    return scope;
  }

  private selfKind(): TokenKind {
    return this.info.kind === 'token' ? (this.info.tokenKind ?? 'mp') : 'mp';
  }

  private selfSource(): TokenSource {
    this.own ??=
      this.options.selfToken ??
      (this.info.kind === 'miniProgram'
        ? createStableTokenSource({ transport: this.transport, appid: this.info.appid ?? '', secret: this.secrets.appSecret ?? '' })
        : new StaticTokenSource({ kind: this.selfKind(), token: this.secrets.token ?? '', expiresAt: this.secrets.tokenExpiresAt }));
    return this.own;
  }

  private componentSource(): TokenSource {
    if (!this.component) {
      const { info, secrets } = this;
      if (info.kind === 'emulator') {
        this.component = createComponentTokenSource({
          transport: this.transport,
          componentAppid: info.componentAppid ?? '',
          componentAppSecret: secrets.componentAppSecret ?? '',
          verifyTicket: secrets.componentVerifyTicket ?? '',
        });
      } else if (info.tokenCommand?.length) {
        this.component = createCommandTokenSource({ argv: info.tokenCommand, timeoutMs: this.options.tokenCommandTimeoutMs });
      } else {
        this.component = new StaticTokenSource({ kind: 'component', token: secrets.componentToken ?? '', expiresAt: secrets.componentTokenExpiresAt });
      }
    }
    return this.component;
  }

  /** A pasted token past its expiry: the tree says so and offers to replace it. */
  get expired(): boolean {
    const now = Date.now();
    if (this.info.kind === 'token') return this.secrets.tokenExpiresAt !== undefined && now >= this.secrets.tokenExpiresAt;
    if (this.info.kind === 'platform' && !this.info.tokenCommand) {
      return this.secrets.componentTokenExpiresAt !== undefined && now >= this.secrets.componentTokenExpiresAt;
    }
    return false;
  }
}
