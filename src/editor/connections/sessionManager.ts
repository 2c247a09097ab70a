import type * as vscode from 'vscode';
import type { RequestLogger } from '../../core/http';
import { settings } from '../settings';
import type { ConnectionStore } from './connectionStore';
import type { ConnectionInfo } from './model';
import { ConnectionSession } from './connectionSession';

/** One live session per connection, created on first use and dropped when the connection changes. */
export class SessionManager {
  private readonly sessions = new Map<string, Promise<ConnectionSession>>();
  readonly logger: RequestLogger;

  constructor(
    private readonly store: ConnectionStore,
    log: vscode.LogOutputChannel,
  ) {
    this.logger = {
      onRequest: (e) => {
        const outcome = e.error ?? (e.errcode ? `errcode ${e.errcode}` : 'ok');
        const line = `${e.endpoint} ${e.status ?? '-'} ${outcome} ${Math.round(e.durationMs)} ms${e.attempt > 1 ? ` (try ${e.attempt})` : ''} ${e.url}`;
        if (e.error || e.errcode) log.warn(line);
        else log.info(line);
      },
    };
  }

  get(info: ConnectionInfo): Promise<ConnectionSession> {
    let session = this.sessions.get(info.id);
    if (!session) {
      session = this.store.getSecrets(info.id).then(
        (secrets) =>
          new ConnectionSession(info, secrets, this.store, {
            logger: this.logger,
            readTimeoutMs: settings.readTimeoutMs(),
            invokeTimeoutMs: settings.invokeTimeoutMs(),
            tokenCommandTimeoutMs: settings.tokenCommandTimeoutMs(),
            cacheTtlMs: settings.cacheTtlMs(),
          }),
      );
      this.sessions.set(info.id, session);
    }
    return session;
  }

  async isExpired(info: ConnectionInfo): Promise<boolean> {
    return (await this.get(info)).expired;
  }

  pageSize(): number {
    return settings.pageSize();
  }

  /** A refresh of the whole view: every cached read is dropped, tokens are kept. */
  clearCaches(): void {
    for (const session of this.sessions.values()) void session.then((s) => s.clearCaches());
  }

  /** Connections or settings changed: sessions are rebuilt on next use. */
  reset(): void {
    this.sessions.clear();
  }
}
