import type * as vscode from 'vscode';
import type { RequestLogger } from '../../core/http';
import { PromiseCache } from '../../core/promiseCache';
import { settings } from '../settings';
import type { ConnectionStore } from './connectionStore';
import type { ConnectionInfo } from './model';
import { ConnectionSession } from './connectionSession';
import { MintedTokens } from './mintedTokens';

/**
 * One live session per connection, created on first use and dropped when the connection changes.
 * A session that could not be made (its secrets could not be read) is not kept: the next use tries again.
 */
export class SessionManager {
  private readonly sessions = new PromiseCache<string, ConnectionSession>();
  private readonly tokens: MintedTokens;
  readonly logger: RequestLogger;

  constructor(
    private readonly store: ConnectionStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.logger = {
      onRequest: (e) => {
        const outcome = e.error ?? (e.errcode ? `errcode ${e.errcode}` : 'ok');
        const line = `${e.endpoint} ${e.status ?? '-'} ${outcome} ${Math.round(e.durationMs)} ms${e.attempt > 1 ? ` (try ${e.attempt})` : ''} ${e.url}`;
        if (e.error || e.errcode) log.warn(line);
        else log.info(line);
      },
    };
    this.tokens = new MintedTokens(store, log);
  }

  get(info: ConnectionInfo): Promise<ConnectionSession> {
    return this.sessions.get(info.id, async () => {
      const secrets = await this.store.getSecrets(info.id);
      const timeouts = { logger: this.logger, readTimeoutMs: settings.readTimeoutMs(), invokeTimeoutMs: settings.invokeTimeoutMs() };
      return new ConnectionSession(info, secrets, this.store, {
        ...timeouts,
        selfToken: info.kind === 'miniProgram' ? await this.tokens.stableSource(info, secrets, timeouts) : undefined,
        tokenCommandTimeoutMs: settings.tokenCommandTimeoutMs(),
        cacheTtlMs: settings.cacheTtlMs(),
      });
    });
  }

  async isExpired(info: ConnectionInfo): Promise<boolean> {
    return (await this.get(info)).expired;
  }

  pageSize(): number {
    return settings.pageSize();
  }

  /** Documents per page of a collection (WeChat answers at most 1000). */
  documentPageSize(): number {
    return settings.documentPageSize();
  }

  /** A refresh of the whole view: every cached read is dropped, tokens are kept. */
  clearCaches(): void {
    for (const session of this.sessions.values()) {
      // A session still being made has nothing cached yet; one that failed was never kept.
      session.then(
        (s) => s.clearCaches(),
        (error: unknown) => this.log.warn(`A session could not be made: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  }

  /** Connections or settings changed: sessions are rebuilt on next use; minted tokens are kept. */
  reset(): void {
    this.sessions.clear();
    this.tokens.prune();
  }
}
