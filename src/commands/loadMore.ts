import * as vscode from 'vscode';
import { FunctionsNode } from '../tree/functionsNode';
import { CollectionNode } from '../tree/database/collectionNode';
import type { CommandContext } from './commandContext';

export async function loadMore(_ctx: CommandContext, node?: unknown): Promise<void> {
  if (!(node instanceof FunctionsNode) && !(node instanceof CollectionNode)) return;
  await vscode.window.withProgress({ location: { viewId: 'wxcloud.explorer' } }, () => node.loadMore());
}
