import * as vscode from 'vscode';
import { CloudDatabase } from '../core/database/cloudDatabase';
import { ask } from '../editor/prompts';
import type { CommandContext } from './commandContext';

/** WeChat's rule for collection names: letters, digits, `_`, `-` and `.`, up to 128 characters. */
const NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;

export async function createCollection(ctx: CommandContext, node?: unknown): Promise<string> {
  const target = await ctx.targets.environmentFrom(node, vscode.l10n.t('Create Collection'));
  const name = await ask({
    title: vscode.l10n.t('Create Collection in {0}', target.env),
    prompt: vscode.l10n.t('Collection name'),
    validateInput: (v) => (NAME.test(v.trim()) ? undefined : vscode.l10n.t('Use letters, digits, “_”, “-” and “.”, up to 128 characters.')),
  });
  await new CloudDatabase(target.scope.client, target.env).createCollection(name);
  await ctx.databaseRows.reloadScope(target.scope, target.env);
  void vscode.window.showInformationMessage(vscode.l10n.t('Created collection {0} in {1}.', name, target.env));
  return name;
}
