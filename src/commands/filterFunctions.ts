import * as vscode from 'vscode';
import { UserFacingError } from '../editor/reportError';
import { ask } from '../editor/prompts';
import { FunctionsNode } from '../tree/functionsNode';
import type { CommandContext } from './commandContext';

/** Searches every function of an environment by name (all pages), shown under its "Functions" row. */
export async function filterFunctions(ctx: CommandContext, node?: unknown, text?: unknown): Promise<void> {
  if (!(node instanceof FunctionsNode)) throw new UserFacingError(vscode.l10n.t('Choose “Filter Functions…” on the Functions row of an environment.'));
  const filter = typeof text === 'string' ? text : await ask({ title: vscode.l10n.t('Filter Functions'), prompt: vscode.l10n.t('Part of a function name'), value: node.filter ?? '' });
  if (filter === '') ctx.explorer.functionFilters.delete(node.id);
  else ctx.explorer.functionFilters.set(node.id, filter);
  await vscode.commands.executeCommand('setContext', 'wxcloud.filtered', ctx.explorer.functionFilters.size > 0);
  ctx.explorer.refresh(node);
  await ctx.treeView.reveal(node, { expand: true }).then(undefined, () => undefined);
}

export async function clearFunctionFilter(ctx: CommandContext, node?: unknown): Promise<void> {
  await filterFunctions(ctx, node, '');
}
