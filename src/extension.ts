import * as vscode from 'vscode';
import { createLog } from './editor/log';
import { ConnectionStore } from './editor/connections/connectionStore';
import { SessionManager } from './editor/connections/sessionManager';
import { LocalFunctions } from './editor/localFunctions';
import { EmulatorController, connectExternalEmulator } from './editor/emulatorController';
import { ActiveEnvironmentStore } from './editor/activeEnvironment';
import { EnvironmentStatusBar } from './editor/statusBar';
import { onSettingsChanged } from './editor/settings';
import { ExplorerProvider } from './tree/explorerProvider';
import { registerCommands } from './commands';
import { InvokeServices } from './invoke/invokeServices';
import type { CommandContext } from './commands/commandContext';

/** What the extension returns from `activate`: its own services, for the integration tests and the benchmark. */
export type WxCloudApi = CommandContext & { readonly activationMs: number };

export async function activate(context: vscode.ExtensionContext): Promise<WxCloudApi> {
  const started = performance.now();
  const log = createLog();
  const store = new ConnectionStore(context);
  const sessions = new SessionManager(store, log);
  const localFunctions = new LocalFunctions();
  const emulator = new EmulatorController(store, sessions, log);
  const explorer = new ExplorerProvider(log, store, sessions, localFunctions);
  const treeView = vscode.window.createTreeView('wxcloud.explorer', { treeDataProvider: explorer, showCollapseAll: true });
  const active = new ActiveEnvironmentStore(context.workspaceState);
  const statusBar = new EnvironmentStatusBar(active, () => store.list().length > 0);
  const invoke = new InvokeServices(context, log);
  context.subscriptions.push(log, store, localFunctions, emulator, explorer, treeView, active, statusBar, invoke);

  const ctx: CommandContext = { extension: context, log, store, sessions, explorer, treeView, localFunctions, emulator, invoke, active };
  context.subscriptions.push(...registerCommands(ctx), ...invoke.register(ctx));

  const connectionsChanged = () => {
    sessions.reset();
    explorer.reloadConnections();
    statusBar.render();
    void vscode.commands.executeCommand('setContext', 'wxcloud.hasConnections', store.list().length > 0);
  };
  context.subscriptions.push(store.onDidChange(connectionsChanged), onSettingsChanged(() => sessions.reset()));

  // `npm start` runs an emulator beside the editor and hands it over through the environment.
  await connectExternalEmulator(store, process.env);
  connectionsChanged();
  return { ...ctx, activationMs: performance.now() - started };
}

export function deactivate(): void {}
