import type * as vscode from 'vscode';
import type { SessionManager } from '../editor/connections/sessionManager';
import type { ExplorerNode } from './explorerNode';
import type { LocalFunctions } from '../editor/localFunctions';

/** What every node needs from the editor: where to log, how to reach the API, how to redraw. */
export interface ExplorerContext {
  readonly log: vscode.LogOutputChannel;
  readonly sessions: SessionManager;
  /** Redraws a node or several at once (and asks for their children again when expanded); undefined redraws the roots. */
  changed(node?: ExplorerNode | ExplorerNode[]): void;
  /** Function-name filters by the id of the "Functions" node. */
  readonly functionFilters: Map<string, string>;
  /** Document filters (a `where` in the query language) by the id of the collection node. */
  readonly documentFilters: Map<string, string>;
  /** The id of the Database row of each environment (`connection\nscope\nenv`), set as rows are made. */
  readonly databaseRowIds: Map<string, string>;
  /** Cloud functions found in the workspace's cloud-function folders. */
  readonly localFunctions: LocalFunctions;
}
