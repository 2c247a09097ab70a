import type * as vscode from 'vscode';
import type { ConnectionStore } from '../editor/connections/connectionStore';
import type { SessionManager } from '../editor/connections/sessionManager';
import type { LocalFunctions } from '../editor/localFunctions';
import type { EmulatorController } from '../editor/emulatorController';
import type { ActiveEnvironmentStore } from '../editor/activeEnvironment';
import type { ActionRunner } from '../editor/actions';
import type { UserInputHost } from '../editor/prompts';
import type { ExplorerProvider } from '../tree/explorerProvider';
import type { ExplorerNode } from '../tree/explorerNode';
import type { TreeNavigator } from '../tree/navigation';
import type { TargetPicker } from '../tree/targetPicker';
import type { CloudDocuments } from '../documents/cloudDocuments';
import type { InvokeFeature } from '../invoke/invokeFeature';
import type { Invoker } from '../invoke/invoker';
import type { DeployedCodeFeature } from '../deployedCode/deployedCodeFeature';
import type { DatabaseRows } from '../cloudDatabase/databaseRows';
import type { QueryFeature } from '../cloudDatabase/queries/queryFeature';
import type { ConfigEditingFeature } from '../configEditing/configEditingFeature';

/** What command handlers are given: the services of every layer below, built once in `extension.ts`. */
export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly actions: ActionRunner;
  /** Where every prompt goes; tests answer through it. */
  readonly input: UserInputHost;
  readonly store: ConnectionStore;
  readonly sessions: SessionManager;
  readonly localFunctions: LocalFunctions;
  readonly emulator: EmulatorController;
  readonly active: ActiveEnvironmentStore;
  readonly explorer: ExplorerProvider;
  readonly treeView: vscode.TreeView<ExplorerNode>;
  readonly navigator: TreeNavigator;
  readonly targets: TargetPicker;
  readonly documents: CloudDocuments;
  readonly invoke: InvokeFeature;
  readonly invoker: Invoker;
  readonly deployedCode: DeployedCodeFeature;
  /** The Database rows to load again after a write. */
  readonly databaseRows: DatabaseRows;
  /** Query files, their runs and results. */
  readonly queries: QueryFeature;
  readonly configEditing: ConfigEditingFeature;
}

/** A command handler: takes the command context, then whatever VS Code passes (a tree node from menus). */
export type CommandHandler = (ctx: CommandContext, ...args: unknown[]) => unknown;
