import { createHash } from 'node:crypto';
import type * as vscode from 'vscode';
import { HttpTransport, type RequestLogger } from '../../core/http';
import { createStableTokenSource } from '../../core/tokens/stableToken';
import type { CachedTokenSource, KeptToken } from '../../core/tokens/tokenCache';
import type { ConnectionStore } from './connectionStore';
import type { ConnectionInfo, ConnectionSecrets, KeptSelfToken } from './model';

/**
 * A stable_token answer is the same this soon after the last one, and each call counts
 * against a daily quota: a forced refresh this soon reuses the token just minted.
 */
const REUSE_WITHIN_MS = 60_000;

interface Entry {
  /** Whose token it is: the API and the AppID. A token is never carried to another. */
  owner: string;
  /** How it is minted: a change of the secret or the timeout makes a new source for the same token. */
  key: string;
  source: CachedTokenSource;
}

/**
 * A mini program's token, minted from its AppSecret once and reused until shortly before it
 * expires or WeChat rejects it: one token source per connection outlives the sessions (which
 * are rebuilt on every change of connections or settings), and the token is kept in
 * SecretStorage so a window reload reuses it too.
 */
export class MintedTokens {
  private readonly entries = new Map<string, Entry>();
  /** Writes of one connection's kept token, in the order the token changed. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly store: ConnectionStore,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The stable-token source of a mini-program connection, shared by every session of it. */
  async stableSource(info: ConnectionInfo, secrets: ConnectionSecrets, transport: { logger: RequestLogger; readTimeoutMs: number; invokeTimeoutMs: number }): Promise<CachedTokenSource> {
    const appid = info.appid ?? '';
    const secret = secrets.appSecret ?? '';
    const owner = `${info.baseUrl}\n${appid}`;
    const key = `${createHash('sha256').update(secret).digest('hex')}\n${transport.readTimeoutMs}`;
    const existing = this.entries.get(info.id);
    if (existing?.owner === owner && existing.key === key) return existing.source;
    const initial = existing?.owner === owner ? existing.source.snapshot() : await this.kept(info);
    const source = createStableTokenSource({
      transport: new HttpTransport({ baseUrl: info.baseUrl, ...transport }),
      appid,
      secret,
      cache: { initial, reuseWithinMs: REUSE_WITHIN_MS, onChange: (token) => this.keep(info, token) },
    });
    this.entries.set(info.id, { owner, key, source });
    return source;
  }

  /** Forgets the sources of connections that are gone (signed out). */
  prune(): void {
    for (const id of this.entries.keys()) if (!this.store.get(id)) this.entries.delete(id);
  }

  private async kept(info: ConnectionInfo): Promise<KeptToken | undefined> {
    let kept: KeptSelfToken | undefined;
    try {
      kept = await this.store.keptToken(info.id);
    } catch (error) {
      this.log.warn(`The kept token of ${info.name} could not be read; a new one will be asked for: ${message(error)}`);
      return undefined;
    }
    // A token minted for another AppID or API (the connection was edited) is not used.
    if (!kept || kept.appid !== info.appid || kept.baseUrl !== info.baseUrl) return undefined;
    const { appid: _appid, baseUrl: _baseUrl, ...token } = kept;
    return token;
  }

  private keep(info: ConnectionInfo, token: KeptToken | undefined): void {
    // A mint that ends after sign-out must not leave the token behind.
    if (!this.store.get(info.id)) return;
    const value: KeptSelfToken | undefined = token && { ...token, appid: info.appid ?? '', baseUrl: info.baseUrl };
    const previous = this.writes.get(info.id) ?? Promise.resolve();
    const next = previous
      .then(() => this.store.keepToken(info.id, value))
      .catch((error: unknown) => this.log.warn(`The token of ${info.name} could not be kept for the next reload: ${message(error)}`));
    this.writes.set(info.id, next);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
