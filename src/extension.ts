import * as vscode from 'vscode';
import { createLog } from './editor/log';
import { ActionRunner } from './editor/actions';
import { userInput } from './editor/prompts';
import { ConnectionStore } from './editor/connections/connectionStore';
import { SessionManager } from './editor/connections/sessionManager';
import { scopeLookup } from './editor/scopeLookup';
import { LocalFunctions } from './editor/localFunctions';
import { EmulatorController, connectExternalEmulator } from './editor/emulatorController';
import { ActiveEnvironmentStore } from './editor/activeEnvironment';
import { EnvironmentStatusBar } from './editor/statusBar';
import { onSettingsChanged } from './editor/settings';
import { ExplorerProvider } from './tree/explorerProvider';
import { TreeNavigator } from './tree/navigation';
import { TargetPicker } from './tree/targetPicker';
import { CloudDocuments } from './documents/cloudDocuments';
import { DatabaseRows } from './cloudDatabase/databaseRows';
import { InvokeFeature } from './invoke/invokeFeature';
import { Invoker } from './invoke/invoker';
import { QueryFeature } from './cloudDatabase/queries/queryFeature';
import { ConfigEditingFeature, type WrittenConfig } from './configEditing/configEditingFeature';
import { DeployedCodeFeature } from './deployedCode/deployedCodeFeature';
import { registerCommands } from './commands';
import type { CommandContext } from './commands/commandContext';

/** What the extension returns from `activate`: its own services, for the integration tests and the benchmark. */
export type WxCloudApi = CommandContext & { readonly activationMs: number };

export async function activate(context: vscode.ExtensionContext): Promise<WxCloudApi | undefined> {
  const started = performance.now();
  const log = createLog();
  const actions = new ActionRunner(log);
  context.subscriptions.push(log);
  // A failure here would otherwise vanish into the extension host's log: show it with Show Log.
  return actions.run('activate', async () => {
    // Editor services.
    const store = new ConnectionStore(context);
    const sessions = new SessionManager(store, log);
    const findScope = scopeLookup(store, sessions);
    const localFunctions = new LocalFunctions();
    const emulator = new EmulatorController(store, sessions, log);
    const active = new ActiveEnvironmentStore(context.workspaceState);
    const statusBar = new EnvironmentStatusBar(active, () => store.list().length > 0);
    // The tree.
    const explorer = new ExplorerProvider(log, store, sessions, localFunctions);
    const treeView = vscode.window.createTreeView('wxcloud.explorer', { treeDataProvider: explorer, showCollapseAll: true });
    const navigator = new TreeNavigator(explorer);
    const targets = new TargetPicker({ navigator, active, localFunctions, store, findScope });
    // Documents and invoke.
    const documents = new CloudDocuments(findScope, store.onDidChange, log);
    const invoke = new InvokeFeature(context, localFunctions, log);
    const invoker = new Invoker({
      log,
      workspaceState: context.workspaceState,
      events: invoke.events,
      history: invoke.history,
      results: invoke.results,
      diagnostics: invoke.diagnostics,
      findScope,
      scopeForEnvironment: (env, remembered) => targets.scopeForEnvironment(env, remembered),
      localScope: () => emulator.ensureLocalScope(),
    });
    const databaseRows = new DatabaseRows(explorer, navigator, documents.database.onDidWrite);
    // A query goes through the selected environment's connection when it is the file's environment, else the one last used for it.
    const queryScope = async (env: string, remembered?: { connectionId: string; scopeKey: string }) => {
      const selected = await targets.activeEnvironment();
      return selected?.env === env ? selected.scope : targets.scopeForEnvironment(env, remembered);
    };
    const queries = new QueryFeature(context, { log, findScope, scopeForEnvironment: queryScope });
    const configEditing = new ConfigEditingFeature(documents, log);
    // After a write the function's row reloads (its triggers); from the palette, a timer write reloads the view.
    const showWritten = async ({ key, functionRowId }: WrittenConfig) => {
      const row = functionRowId ? await navigator.nodeById(functionRowId) : undefined;
      if (row) explorer.refresh(row);
      else if (key.type === 2) explorer.refresh();
    };
    const deployedCode = new DeployedCodeFeature(localFunctions);
    context.subscriptions.push(store, localFunctions, emulator, explorer, treeView, active, statusBar, documents, invoke, databaseRows, queries, configEditing, deployedCode);
    context.subscriptions.push(configEditing.onDidWrite((written) => actions.run('config written', () => showWritten(written))));

    const ctx: CommandContext = {
      extension: context,
      log,
      actions,
      input: userInput,
      store,
      sessions,
      localFunctions,
      emulator,
      active,
      explorer,
      treeView,
      navigator,
      targets,
      documents,
      invoke,
      invoker,
      databaseRows,
      queries,
      configEditing,
      deployedCode,
    };
    context.subscriptions.push(...registerCommands(ctx));

    const connectionsChanged = () => {
      sessions.reset();
      explorer.reloadConnections();
      statusBar.render();
      return vscode.commands.executeCommand('setContext', 'wxcloud.hasConnections', store.list().length > 0);
    };
    context.subscriptions.push(
      store.onDidChange(() => actions.run('connections changed', connectionsChanged)),
      onSettingsChanged(() => sessions.reset()),
    );

    // `npm start` runs an emulator beside the editor and hands it over through the environment.
    await connectExternalEmulator(store, process.env, log);
    await connectionsChanged();
    return { ...ctx, activationMs: performance.now() - started };
  });
}

export function deactivate(): void {}
