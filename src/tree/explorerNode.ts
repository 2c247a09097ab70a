import * as vscode from 'vscode';
import type { ExplorerContext } from './explorerContext';

/** A row of the WeChat Cloud explorer. Its id is derived from its parent's, so it is stable across refreshes. */
export abstract class ExplorerNode extends vscode.TreeItem {
  override readonly id: string;

  constructor(
    readonly ctx: ExplorerContext,
    readonly parent: ExplorerNode | undefined,
    idPart: string,
    label: string | vscode.TreeItemLabel,
    collapsible = vscode.TreeItemCollapsibleState.None,
  ) {
    super(label, collapsible);
    this.id = parent ? `${parent.id}/${idPart}` : idPart;
  }

  getChildren(): ExplorerNode[] | Promise<ExplorerNode[]> {
    return [];
  }

  /** Drops what this node knows so the next expansion asks the server again. */
  invalidate(): void {}

  /** True while an ancestor is reloading on a refresh: the rows it creates must not be served from a cache either. */
  inFreshLoad(): boolean {
    return this.parent?.inFreshLoad() ?? false;
  }
}
