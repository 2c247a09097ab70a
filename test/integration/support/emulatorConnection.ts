// Shared by the invoke and documents suites: an emulator started in the test's own process,
// added to the running extension as a third-party platform connection, and the explorer's
// rows for the demo project's functions reached by their stable ids.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../../src/emulator';
import type { WxCloudApi } from '../../../src/extension';
import type { ExplorerNode } from '../../../src/tree/explorerNode';

export const EXTENSION_ID = 'wxcloud-tools.wxcloud';

export interface EmulatorFixture {
  api: WxCloudApi;
  emulator: RunningEmulator;
  connectionId: string;
  appid: string;
  env: string;
  /** The demo project's environment row, through the platform's authorizer scope. */
  environmentNode(): Promise<ExplorerNode>;
  functionNode(name: string): Promise<ExplorerNode>;
  close(): Promise<void>;
}

export async function child(api: WxCloudApi, parent: ExplorerNode | undefined, id: string): Promise<ExplorerNode> {
  const rows = await api.explorer.settledChildren(parent);
  const found = rows.find((n) => n.id === id);
  assert.ok(found, `no row ${id} under ${parent?.id ?? 'the roots'}: ${rows.map((r) => `${r.id} (${String(r.label)})`).join(', ')}`);
  return found;
}

/** `options` go to the emulator: a test that writes data passes its own `dataDir`. */
export async function connectEmulator(connectionId: string, options: EmulatorOptions = {}): Promise<EmulatorFixture> {
  const ext = vscode.extensions.getExtension<WxCloudApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  const api = await ext.activate();
  const emulator = await startEmulator({ projectDir: process.env.WXCLOUD_DEMO_PROJECT, log: () => {}, ...options });
  const { credentials } = emulator;
  const env = emulator.envs[0]!;
  await api.store.add(
    { id: connectionId, name: `Test platform ${connectionId}`, kind: 'platform', baseUrl: emulator.url, componentAppid: credentials.component_appid },
    { componentToken: credentials.component_access_token, refreshTokens: { [credentials.appid]: credentials.authorizer_refresh_token } },
    { ephemeral: true },
  );
  const connRowId = `conn:${connectionId}`;
  const environmentNode = async () => {
    const conn = await child(api, undefined, connRowId);
    const authorizers = await child(api, conn, `${connRowId}/authorizers`);
    const authorizer = await child(api, authorizers, `${authorizers.id}/authorizer:${credentials.appid}`);
    return child(api, authorizer, `${authorizer.id}/env:${env}`);
  };
  return {
    api,
    emulator,
    connectionId,
    appid: credentials.appid,
    env,
    environmentNode,
    functionNode: async (name) => {
      const envNode = await environmentNode();
      const functions = await child(api, envNode, `${envNode.id}/functions`);
      return child(api, functions, `${functions.id}/fn:${name}`);
    },
    close: async () => {
      await api.store.remove(connectionId);
      await emulator.close();
    },
  };
}

/** The text of a document once `predicate` holds (a refreshed virtual document updates a moment later). */
export async function textWhen(uri: vscode.Uri, predicate: (text: string) => boolean, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    if (predicate(text) || Date.now() > deadline) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
}
