import * as vscode from 'vscode';
import { exportToFile } from '../cloudDatabase/migrate/exportToFile';
import type { CommandContext } from './commandContext';

/** Exports a collection (a row, or picked from the palette) to a JSON Lines or CSV file. */
export async function exportCollection(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  const target = await ctx.targets.collectionFrom(arg, vscode.l10n.t('Export Collection'));
  return exportToFile(target, ctx.log);
}
