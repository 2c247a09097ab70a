import * as vscode from 'vscode';
import { CloudDatabase } from '../core/database/cloudDatabase';
import { getQuery, setQuery, whereFromJson } from '../core/database/queryText';
import { parseJsonEvent } from '../core/jsonEvent';
import { describeError } from '../core/errors';
import { confirm } from '../editor/prompts';
import { isUserCancellation } from '../editor/reportError';
import type { CloudScope } from '../editor/connections/scope';
import { joinSegments, splitSegments } from './pathCodec';
import { prettyJson } from './jsoncText';
import { addressOf, type ScopeAddress, type ScopeRegistry } from './scopeRegistry';
import { Schemes } from './schemes';
import type { Snapshots } from './snapshots';
import { FilesOnlyFileSystem } from './filesOnlyFileSystem';

/** One document of a collection: `wxcloud-document[-edit]:/<conn>/<scope>/<env>/<collection>/<_id>.json`. */
export interface DatabaseDocumentKey extends ScopeAddress {
  collection: string;
  id: string;
}

export type DocumentMode = 'view' | 'edit';

export function toUri(key: DatabaseDocumentKey, mode: DocumentMode): vscode.Uri {
  const scheme = mode === 'edit' ? Schemes.documentEdit : Schemes.document;
  return vscode.Uri.from({ scheme, path: joinSegments([key.connectionId, key.scopeKey, key.env, key.collection, `${key.id}.json`]) });
}

export function fromUri(uri: vscode.Uri): DatabaseDocumentKey | undefined {
  if (uri.scheme !== Schemes.document && uri.scheme !== Schemes.documentEdit) return undefined;
  const parts = splitSegments(uri.path);
  if (parts.length !== 5 || !parts[4]!.endsWith('.json')) return undefined;
  const [connectionId, scopeKey, env, collection, file] = parts as [string, string, string, string, string];
  return { connectionId, scopeKey, env, collection, id: file.slice(0, -'.json'.length) };
}

export function documentKey(scope: CloudScope, env: string, collection: string, id: string): DatabaseDocumentKey {
  return { ...addressOf(scope, env), collection, id };
}

/** Same data, same text: key order does not make two copies differ. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Database documents as files. The read-only scheme shows a document; the edit scheme also
 * saves it: the server's copy is read again, a copy that changed since the file was opened
 * stops the save with a diff (nothing written), otherwise the diff of the change is shown and
 * the user asked before `doc(id).set()` writes it. Every failure is thrown, so VS Code keeps
 * the editor dirty with the user's text.
 */
export class DatabaseDocumentFileSystem extends FilesOnlyFileSystem {
  private readonly written = new vscode.EventEmitter<DatabaseDocumentKey>();
  /** A document was written to the cloud through an edit file. */
  readonly onDidWrite = this.written.event;
  /** The server's copy (canonical) each file was read from. */
  private readonly bases = new Map<string, string>();
  /**
   * Each file's modification time, fixed at its first stat or read and moved only when its
   * content changes: VS Code refuses a save ("modified on disk") when a stat at save time is
   * newer than the one it opened the file with.
   */
  private readonly mtimes = new Map<string, number>();

  constructor(
    private readonly scopes: ScopeRegistry,
    private readonly snapshots: Snapshots,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }


  stat(uri: vscode.Uri): vscode.FileStat {
    if (!fromUri(uri)) throw vscode.FileSystemError.FileNotFound(uri);
    const mtime = this.mtimeOf(uri);
    const stat: vscode.FileStat = { type: vscode.FileType.File, ctime: 0, mtime, size: 0 };
    if (uri.scheme === Schemes.document) stat.permissions = vscode.FilePermission.Readonly;
    return stat;
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const key = this.keyOf(uri);
    const doc = await this.serverCopy(await this.databaseOf(key), key);
    if (doc === undefined) throw vscode.FileSystemError.FileNotFound(vscode.l10n.t('Document {0} is not in collection {1} (environment {2}).', key.id, key.collection, key.env));
    const previous = this.bases.get(uri.toString());
    const text = canonical(doc);
    this.bases.set(uri.toString(), text);
    if (previous === undefined) this.mtimeOf(uri);
    else if (previous !== text) this.touch(uri);
    return encoder.encode(prettyJson(doc) + '\n');
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    if (uri.scheme !== Schemes.documentEdit) throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('This view is read-only. Use Edit Document to change the document.'));
    const key = this.keyOf(uri);
    const edited = parseEdit(decoder.decode(content), key.id);
    const database = await this.databaseOf(key);
    const current = await this.serverCopy(database, key);
    const now = current === undefined ? undefined : canonical(current);
    const base = this.bases.get(uri.toString());
    const name = `${key.id}.json`;
    if (current === undefined || (base !== undefined && now !== base)) {
      const left = this.snapshots.add(name, current === undefined ? '' : prettyJson(current) + '\n');
      await showDiff(left, uri, vscode.l10n.t('{0}: the server’s copy now ↔ your edit', name));
      throw vscode.FileSystemError.Unavailable(
        current === undefined
          ? vscode.l10n.t('Document {0} was deleted from {1} since you opened it. Nothing was written; your edit is still open.', key.id, key.collection)
          : vscode.l10n.t('Document {0} changed on the server since you opened it; the diff shows its copy now. Nothing was written: reopen it with Edit Document to start from the new copy.', key.id),
      );
    }
    if (now === canonical(edited)) return;
    const left = this.snapshots.add(name, prettyJson(current) + '\n');
    await showDiff(left, uri, vscode.l10n.t('{0}: the server’s copy ↔ your edit', name));
    try {
      await confirm(vscode.l10n.t('Write document {0} to collection {1} in environment {2}?', key.id, key.collection, key.env), {
        detail: vscode.l10n.t('The diff shows what changes. The whole document is replaced (doc(id).set).'),
        action: vscode.l10n.t('Write'),
      });
    } catch (error) {
      if (isUserCancellation(error)) throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not written: you cancelled. Your edit is still open.'));
      throw error;
    }
    try {
      await database.update(setQuery(key.collection, key.id, edited));
    } catch (error) {
      this.log.error(error instanceof Error ? error : String(error));
      throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not written: {0}', describeError(error, vscode.l10n.t)));
    }
    this.bases.set(uri.toString(), canonical({ ...edited, _id: key.id }));
    this.touch(uri);
    this.log.info(`database: wrote ${key.collection}/${key.id} in ${key.env}`);
    this.written.fire(key);
  }





  override dispose(): void {
    super.dispose();
    this.written.dispose();
  }

  private mtimeOf(uri: vscode.Uri): number {
    const key = uri.toString();
    const known = this.mtimes.get(key);
    if (known !== undefined) return known;
    const now = Date.now();
    this.mtimes.set(key, now);
    return now;
  }

  /** A new time, later than the last one even within the same millisecond. */
  private touch(uri: vscode.Uri): void {
    const key = uri.toString();
    this.mtimes.set(key, Math.max(Date.now(), (this.mtimes.get(key) ?? 0) + 1));
  }

  private keyOf(uri: vscode.Uri): DatabaseDocumentKey {
    const key = fromUri(uri);
    if (!key) throw vscode.FileSystemError.FileNotFound(uri);
    return key;
  }

  private async databaseOf(key: DatabaseDocumentKey): Promise<CloudDatabase> {
    const scope = await this.scopes.get(key);
    if (!scope) throw vscode.FileSystemError.Unavailable(vscode.l10n.t('The connection this document was opened through is gone. Reopen it from the WeChat Cloud view.'));
    return new CloudDatabase(scope.client, key.env);
  }

  /** The document as the server has it now; undefined when it is not there. */
  private async serverCopy(database: CloudDatabase, key: DatabaseDocumentKey): Promise<Record<string, unknown> | undefined> {
    try {
      const page = await database.query(getQuery({ collection: key.collection, where: whereFromJson({ _id: key.id }), limit: 1 }));
      const doc = page.documents[0]?.value;
      return doc && typeof doc === 'object' ? doc : undefined;
    } catch (error) {
      this.log.error(error instanceof Error ? error : String(error));
      throw vscode.FileSystemError.Unavailable(describeError(error, vscode.l10n.t));
    }
  }
}

/** The edit as an object, with `_id` the one it was opened with; a parse error says where. */
function parseEdit(text: string, id: string): Record<string, unknown> {
  // A blank file would otherwise read as `{}` and replace the document with nothing.
  if (text.trim() === '') throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not written: the document is empty.'));
  const parsed = parseJsonEvent(text);
  if (!parsed.ok) {
    const e = parsed.error;
    throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not written: the document is not valid JSON at line {0}, column {1}: {2}', e.line, e.column, e.message));
  }
  const value = parsed.value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not written: a document is a JSON object.'));
  const doc = value as Record<string, unknown>;
  if (doc._id !== undefined && String(doc._id) !== id) {
    throw vscode.FileSystemError.Unavailable(vscode.l10n.t('Not written: _id cannot change (it is {0}). Insert a new document instead.', id));
  }
  return { ...doc, _id: id };
}

async function showDiff(left: vscode.Uri, right: vscode.Uri, title: string): Promise<void> {
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true, preserveFocus: true });
}
