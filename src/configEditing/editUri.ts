import * as vscode from 'vscode';
import { configTypes } from '../editor/configTypes';
import type { ConfigDocumentKey } from '../documents/configDocument';
import { joinSegments, splitSegments } from '../documents/pathCodec';
import { Schemes } from '../documents/schemes';

/**
 * A function config opened for editing: `wxcloud-config-edit:/<conn>/<scope>/<env>/<fn>/<fn>.<kind>.json`.
 * The same path with `?snapshot=…` is a read-only copy a diff shows: the server's config
 * when the document was opened (`opened`), as it is now (`server`), or the edit about to be
 * written (`edit`).
 */
export const EDIT_SCHEME = Schemes.configEdit;

export type Snapshot = 'opened' | 'server' | 'edit';
const SNAPSHOTS: readonly Snapshot[] = ['opened', 'server', 'edit'];

export function toEditUri(key: ConfigDocumentKey, snapshot?: Snapshot): vscode.Uri {
  const file = `${key.functionName}.${configTypes[key.type].flag}.json`;
  return vscode.Uri.from({ scheme: EDIT_SCHEME, path: joinSegments([key.connectionId, key.scopeKey, key.env, key.functionName, file]), query: snapshot ? `snapshot=${snapshot}` : '' });
}

export function fromEditUri(uri: vscode.Uri): (ConfigDocumentKey & { snapshot?: Snapshot }) | undefined {
  if (uri.scheme !== EDIT_SCHEME) return undefined;
  const parts = splitSegments(uri.path);
  if (parts.length !== 5) return undefined;
  const [connectionId, scopeKey, env, functionName, file] = parts as [string, string, string, string, string];
  const snapshot = SNAPSHOTS.find((s) => uri.query === `snapshot=${s}`);
  if (uri.query && !snapshot) return undefined;
  for (const type of [1, 2, 3] as const) {
    if (file === `${functionName}.${configTypes[type].flag}.json`) return { connectionId, scopeKey, env, functionName, type, snapshot };
  }
  return undefined;
}

/** The document's own address, whatever snapshot a URI names. */
export function sessionId(uri: vscode.Uri): string {
  return uri.with({ query: '' }).toString();
}
