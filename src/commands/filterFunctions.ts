import * as vscode from 'vscode';
import { UserFacingError } from '../editor/reportError';
import { ask } from '../editor/prompts';
import { FunctionsNode } from '../tree/functionsNode';
import type { CommandContext } from './commandContext';
import { revealRow } from './revealRow';

/** Searches every function of an environment by name (all pages), shown under its "Functions" row. */
export async function filterFunctions(ctx: CommandContext, node?: unknown): Promise<void> {
  const functions = functionsNodeOf(node);
  const filter = await ask({ title: vscode.l10n.t('Filter Functions'), prompt: vscode.l10n.t('Part of a function name'), value: functions.filter ?? '' });
  await applyFilter(ctx, functions, filter);
}

export async function clearFunctionFilter(ctx: CommandContext, node?: unknown): Promise<void> {
  await applyFilter(ctx, functionsNodeOf(node), '');
}

function functionsNodeOf(node: unknown): FunctionsNode {
  if (node instanceof FunctionsNode) return node;
  throw new UserFacingError(vscode.l10n.t('Choose “Filter Functions…” on the Functions row of an environment.'));
}

async function applyFilter(ctx: CommandContext, node: FunctionsNode, filter: string): Promise<void> {
  if (filter === '') ctx.explorer.functionFilters.delete(node.id);
  else ctx.explorer.functionFilters.set(node.id, filter);
  await vscode.commands.executeCommand('setContext', 'wxcloud.filtered', ctx.explorer.functionFilters.size > 0);
  ctx.explorer.refresh(node);
  await revealRow(ctx, node, { expand: true }, 'filter: the Functions row');
}
