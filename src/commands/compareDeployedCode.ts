import * as vscode from 'vscode';
import { functionRow } from '../deployedCode/functionRow';
import type { CompareResult } from '../deployedCode/deployedCodeFeature';
import type { CommandContext } from './commandContext';

/** Lists what differs between a function's deployed code and its workspace folder; each file opens in a diff. */
export async function compareDeployedCode(ctx: CommandContext, arg?: unknown): Promise<CompareResult> {
  const target = await ctx.targets.functionFrom(arg, vscode.l10n.t('Compare Deployed Code with Workspace'));
  return ctx.deployedCode.compare(target, async () => {
    const row = await functionRow(ctx, arg, target);
    if (!row) return;
    row.renderCodeState();
    ctx.explorer.changed(row);
  });
}
