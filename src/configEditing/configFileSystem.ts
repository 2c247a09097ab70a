import * as vscode from 'vscode';
import { ApiError } from '../core/errors';
import { sameConfig } from '../core/functionConfigWrite';
import type { WxCloudClient } from '../core/client';
import type { FunctionConfigType } from '../core/types';
import type { ConfigDocumentKey } from '../documents/configDocument';
import { prettyJson } from '../documents/jsoncText';
import { maskEnvironmentValues } from '../documents/mask';
import type { ScopeRegistry } from '../documents/scopeRegistry';
import { unknownConnection } from '../documents/scopeRegistry';
import { UserFacingError } from '../editor/reportError';
import { fromEditUri, sessionId, toEditUri, type Snapshot } from './editUri';
import { FilesOnlyFileSystem } from '../documents/filesOnlyFileSystem';

/** One open edit: what the server said when it was opened, and the document's own bytes. */
export interface EditSession {
  key: ConfigDocumentKey;
  /** The server's config when the document was opened (or last written); undefined when it had none of this type. */
  baseline: unknown;
  /** Variable values were shown when it was opened (the read-only document had been revealed). */
  revealed: boolean;
  content: Uint8Array;
  mtime: number;
  /** Read-only copies the diffs compare, by snapshot name. */
  snapshots: Map<Snapshot, string>;
}

/** What each type starts from when the function has no config of it yet (85089). */
export function emptyConfig(type: FunctionConfigType): unknown {
  return EMPTY[type];
}

/** What each type starts from when the function has no config of it yet (85089). */
const EMPTY: Record<FunctionConfigType, unknown> = { 1: { permissions: { openapi: [] } }, 2: { triggers: [] }, 3: { timeout: 3, environment: [] } };

/** Saving is the write: `writeFile` hands the text to the feature, which checks, diffs, asks and writes. */
export type SaveHandler = (session: EditSession, text: string) => Promise<void>;

/**
 * The writable function-config documents. Each is loaded from the server once, when it is
 * first opened, with variable values masked unless they were revealed; closing it forgets it.
 */
export class ConfigFileSystem extends FilesOnlyFileSystem {
  private readonly sessions = new Map<string, Promise<EditSession>>();
  onSave: SaveHandler = () => Promise.reject(new Error('no save handler'));

  constructor(
    private readonly scopes: ScopeRegistry,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  /** Loads the document's session (reading the server) unless it is already open. */
  session(uri: vscode.Uri): Promise<EditSession> {
    const id = sessionId(uri);
    let loading = this.sessions.get(id);
    if (!loading) {
      const key = fromEditUri(uri);
      if (!key) return Promise.reject(vscode.FileSystemError.FileNotFound(uri));
      loading = this.load({ connectionId: key.connectionId, scopeKey: key.scopeKey, env: key.env, functionName: key.functionName, type: key.type }, uri);
      this.sessions.set(id, loading);
      loading.catch(() => this.sessions.delete(id));
    }
    return loading;
  }

  /** Forgets a closed document, so opening it again reads the server again. */
  forget(uri: vscode.Uri): void {
    if (!fromEditUri(uri)?.snapshot) this.sessions.delete(sessionId(uri));
  }

  /**
   * Reads the server again for an open document without unsaved edits. When the config changed,
   * the document's content becomes the server's and VS Code is told; answers the new text, or
   * undefined when nothing changed (then nothing is touched, so nothing races a quick edit).
   */
  async reread(uri: vscode.Uri): Promise<string | undefined> {
    const session = await this.session(uri);
    const scope = await this.scopes.get(session.key);
    if (!scope) throw new UserFacingError(unknownConnection());
    const baseline = await readServerConfig(scope.client, session.key);
    if (sameConfig(baseline, session.baseline)) return undefined;
    const text = ConfigFileSystem.textOf(session.key.type, baseline ?? EMPTY[session.key.type], session.revealed);
    Object.assign(session, { baseline, content: new TextEncoder().encode(text), mtime: Date.now() });
    this.changes.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    return text;
  }

  isOpen(uri: vscode.Uri): boolean {
    return this.sessions.has(sessionId(uri));
  }

  /** The revealed flag is decided by the caller before the first load. */
  private readonly revealOnLoad = new Set<string>();
  revealWhenOpened(uri: vscode.Uri): void {
    this.revealOnLoad.add(sessionId(uri));
  }

  /** Sets a snapshot a diff shows, and tells VS Code it changed (an open diff shows it again). */
  setSnapshot(session: EditSession, snapshot: Snapshot, text: string): vscode.Uri {
    session.snapshots.set(snapshot, text);
    const uri = toEditUri(session.key, snapshot);
    this.changes.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    return uri;
  }

  /** The text a document shows for a config: masked unless revealed. */
  static textOf(type: FunctionConfigType, config: unknown, revealed: boolean): string {
    const shown = type === 3 && !revealed ? maskEnvironmentValues(config).value : config;
    return `${prettyJson(shown)}\n`;
  }

  private async load(key: ConfigDocumentKey, uri: vscode.Uri): Promise<EditSession> {
    this.log.info(`opening ${key.functionName} config type ${key.type} in ${key.env} for editing`);
    const scope = await this.scopes.get(key);
    if (!scope) throw new UserFacingError(unknownConnection());
    const baseline = await readServerConfig(scope.client, key);
    const revealed = this.revealOnLoad.delete(sessionId(uri));
    const text = ConfigFileSystem.textOf(key.type, baseline ?? EMPTY[key.type], revealed);
    return { key, baseline, revealed, content: new TextEncoder().encode(text), mtime: Date.now(), snapshots: new Map() };
  }


  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const session = await this.session(uri);
    const snapshot = fromEditUri(uri)?.snapshot;
    const size = snapshot ? (session.snapshots.get(snapshot)?.length ?? 0) : session.content.byteLength;
    return { type: vscode.FileType.File, ctime: session.mtime, mtime: session.mtime, size, permissions: snapshot ? vscode.FilePermission.Readonly : undefined };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const session = await this.session(uri);
    const snapshot = fromEditUri(uri)?.snapshot;
    if (!snapshot) return session.content;
    return new TextEncoder().encode(session.snapshots.get(snapshot) ?? '');
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    if (fromEditUri(uri)?.snapshot) throw vscode.FileSystemError.NoPermissions(uri);
    const session = await this.session(uri);
    this.log.info(`saving ${session.key.functionName} config type ${session.key.type} in ${session.key.env}`);
    // A failure is shown by VS Code on the failed save, which keeps the document dirty.
    await this.onSave(session, new TextDecoder().decode(content));
    session.content = content;
    session.mtime = Date.now();
    this.changes.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

}

/** The server's config of one type, parsed; undefined when the function has none of it (85089). */
export async function readServerConfig(client: WxCloudClient, key: ConfigDocumentKey, signal?: AbortSignal): Promise<unknown> {
  try {
    const config = await client.getFunctionConfig({ env: key.env, functionName: key.functionName, type: key.type, fresh: true, signal });
    if (!config.parsed) throw new UserFacingError(vscode.l10n.t('The server’s config of {0} is not JSON, so it cannot be edited here.', key.functionName));
    return config.value;
  } catch (error) {
    if (error instanceof ApiError && error.code === 85089) return undefined;
    throw error;
  }
}
