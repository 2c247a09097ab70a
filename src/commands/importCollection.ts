import * as vscode from 'vscode';
import type { ImportOutcome } from '../core/database/migrate';
import { importFromFile } from '../cloudDatabase/migrate/importFromFile';
import type { CommandContext } from './commandContext';

/** Imports a local JSON Lines, JSON or CSV file into a collection (a row, or picked from the palette). */
export async function importCollection(ctx: CommandContext, arg?: unknown): Promise<ImportOutcome> {
  const target = await ctx.targets.collectionFrom(arg, vscode.l10n.t('Import into Collection'));
  return importFromFile(target, ctx.log, () => ctx.databaseRows.reloadScope(target.scope, target.env));
}
