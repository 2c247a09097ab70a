import { ExplorerNode } from '../tree/explorerNode';
import { MessageNode } from '../tree/messageNode';
import type { CommandContext } from './commandContext';

/** Refresh a node (a message row refreshes what it describes), or the whole view. Always asks the server. */
export function refresh(ctx: CommandContext, node?: unknown): void {
  const target = node instanceof MessageNode ? node.parent : node instanceof ExplorerNode ? node : undefined;
  ctx.explorer.refresh(target);
}
