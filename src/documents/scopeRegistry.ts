import * as vscode from 'vscode';
import type { CloudScope } from '../editor/connections/scope';
import type { ScopeLookup } from '../editor/scopeLookup';

/** Where a document's data comes from: a connection, the identity within it, and an environment. */
export interface ScopeAddress {
  connectionId: string;
  /** `CloudScope.key`: `self`, `platform` or `authorizer:<appid>`. */
  scopeKey: string;
  env: string;
}

export function addressOf(scope: CloudScope, env: string): ScopeAddress {
  return { connectionId: scope.connection.id, scopeKey: scope.key, env };
}

/**
 * The scopes documents were opened through, so a provider can load again on refresh. A
 * document restored after a reload finds its scope through `find` (the explorer's nodes).
 */
export class ScopeRegistry {
  private readonly known = new Map<string, CloudScope>();

  constructor(private readonly find: ScopeLookup) {}

  remember(scope: CloudScope): void {
    this.known.set(key(scope.connection.id, scope.key), scope);
  }

  /** Connections changed (signed out, token replaced): scopes must be looked up again. */
  clear(): void {
    this.known.clear();
  }

  async get(address: Pick<ScopeAddress, 'connectionId' | 'scopeKey'>): Promise<CloudScope | undefined> {
    const k = key(address.connectionId, address.scopeKey);
    const hit = this.known.get(k);
    if (hit) return hit;
    const found = await this.find(address.connectionId, address.scopeKey);
    if (found) this.known.set(k, found);
    return found;
  }
}

function key(connectionId: string, scopeKey: string): string {
  return `${connectionId}\n${scopeKey}`;
}

/** What a document says when the connection it was opened through is gone. */
export function unknownConnection(): string {
  return vscode.l10n.t('The connection of this document is no longer available. Open it again from the WeChat Cloud explorer.');
}
