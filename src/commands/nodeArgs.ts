import * as vscode from 'vscode';
import { UserFacingError } from '../editor/reportError';
import type { ExplorerNode } from '../tree/explorerNode';
import { ConnectionNode } from '../tree/connectionNode';
import type { ConnectionInfo } from '../editor/connections/model';
import { pick } from '../editor/prompts';
import type { CommandContext } from './commandContext';

/** The connection a node belongs to. */
export function connectionNodeOf(node: unknown): ConnectionNode | undefined {
  for (let n = node as ExplorerNode | undefined; n; n = n.parent) if (n instanceof ConnectionNode) return n;
  return undefined;
}

/** The connection of the node a menu passed, or one the user picks from the palette. */
export async function connectionFrom(ctx: CommandContext, node: unknown, filter: (c: ConnectionInfo) => boolean = () => true): Promise<ConnectionInfo> {
  const fromNode = connectionNodeOf(node)?.info;
  if (fromNode) return fromNode;
  const candidates = ctx.store.list().filter(filter);
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) throw new UserFacingError(vscode.l10n.t('No connection can do this yet. Add one from the WeChat Cloud view.'));
  const choice = await pick(
    candidates.map((c) => ({ label: c.name, description: c.kind === 'platform' ? c.componentAppid : c.appid, connection: c })),
    { title: vscode.l10n.t('Choose a connection') },
  );
  return choice.connection;
}
