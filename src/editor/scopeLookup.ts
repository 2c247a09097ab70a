import type { ConnectionStore } from './connections/connectionStore';
import type { SessionManager } from './connections/sessionManager';
import type { CloudScope } from './connections/scope';

/** Finds an identity by its connection and key: what documents and the history keep to reach it again. */
export type ScopeLookup = (connectionId: string, scopeKey: string) => Promise<CloudScope | undefined>;

/** A scope by its connection and key (`self`, `platform`, `authorizer:<appid>`), through the connection's live session. */
export function scopeLookup(store: ConnectionStore, sessions: SessionManager): ScopeLookup {
  return async (connectionId, scopeKey) => {
    const info = store.get(connectionId);
    if (!info) return undefined;
    const session = await sessions.get(info);
    if (scopeKey === 'self') return session.self();
    if (scopeKey === 'platform') return session.platform();
    if (scopeKey.startsWith('authorizer:')) return session.authorizer(scopeKey.slice('authorizer:'.length));
    return undefined;
  };
}
