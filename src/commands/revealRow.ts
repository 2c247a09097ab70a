import type { ExplorerNode } from '../tree/explorerNode';
import type { CommandContext } from './commandContext';

/**
 * Shows a row in the explorer. The view may be hidden, so a row that cannot be revealed is
 * logged, not an error: what the command did (a filter, a choice) still applies when it is shown.
 */
export async function revealRow(ctx: CommandContext, row: ExplorerNode, options: { select?: boolean; focus?: boolean; expand?: boolean | number }, what: string): Promise<void> {
  try {
    await ctx.treeView.reveal(row, options);
  } catch (error) {
    ctx.log.info(`${what} could not be revealed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
