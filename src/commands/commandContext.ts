import type * as vscode from 'vscode';
import type { ConnectionStore } from '../editor/connections/connectionStore';
import type { SessionManager } from '../editor/connections/sessionManager';
import type { LocalFunctions } from '../editor/localFunctions';
import type { ExplorerProvider } from '../tree/explorerProvider';
import type { EmulatorController } from '../editor/emulatorController';
import type { InvokeServices } from '../invoke/invokeServices';
import type { ActiveEnvironmentStore } from '../editor/activeEnvironment';

/** What command handlers are given. Built once in `extension.ts`. */
export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly store: ConnectionStore;
  readonly sessions: SessionManager;
  readonly explorer: ExplorerProvider;
  readonly treeView: vscode.TreeView<import('../tree/explorerNode').ExplorerNode>;
  readonly localFunctions: LocalFunctions;
  readonly emulator: EmulatorController;
  readonly invoke: InvokeServices;
  readonly active: ActiveEnvironmentStore;
}

/** A command handler: takes the command context, then whatever VS Code passes (a tree node from menus). */
export type CommandHandler = (ctx: CommandContext, ...args: unknown[]) => unknown;
