// Shared by the integration suites: the extension's own services (its `activate` result), the
// emulator started in this host, and ways to read the tree as the user sees it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WxCloudApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/tree/explorerNode';

export const EXTENSION_ID = 'wxcloud-tools.wxcloud';

export async function extensionApi(): Promise<WxCloudApi> {
  const ext = vscode.extensions.getExtension<WxCloudApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  return ext.activate();
}

/** Removes every connection (and its secrets) so each test starts from the welcome view. */
export async function removeAllConnections(api: WxCloudApi): Promise<void> {
  await api.emulator.stop();
  for (const c of api.store.list()) await api.store.remove(c.id);
}

export function labelOf(node: ExplorerNode): string {
  const label = node.label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

/** What a row shows: its label, and its description after " — " when it has one. */
export function rowText(node: ExplorerNode): string {
  return node.description ? `${labelOf(node)} — ${String(node.description)}` : labelOf(node);
}

/** The children of a node once loaded, as the tree would show them after its loading row. */
export async function children(api: WxCloudApi, node?: ExplorerNode): Promise<ExplorerNode[]> {
  return api.explorer.settledChildren(node);
}

/** A row by its label; an authorized mini program's row also by its AppID, whether or not its name has arrived. */
export async function child(api: WxCloudApi, node: ExplorerNode | undefined, label: string | RegExp): Promise<ExplorerNode> {
  const rows = await children(api, node);
  const found = rows.find((n) => (typeof label === 'string' ? labelOf(n) === label || n.id.endsWith(`/authorizer:${label}`) : label.test(labelOf(n))));
  assert.ok(found, `no row “${String(label)}” under ${node ? labelOf(node) : 'the root'}; rows: ${rows.map(rowText).join(' | ')}`);
  return found;
}

/** Follows a path of labels from the root. */
export async function walk(api: WxCloudApi, ...path: Array<string | RegExp>): Promise<ExplorerNode> {
  let node: ExplorerNode | undefined;
  for (const label of path) node = await child(api, node, label);
  assert.ok(node);
  return node;
}

export async function setGlobal(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('wxcloud').update(key, value, vscode.ConfigurationTarget.Global);
}
