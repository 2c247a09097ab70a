import * as vscode from 'vscode';
import { ask, validate } from '../editor/prompts';
import type { CommandContext } from './commandContext';

/** For a token that cannot list environments: the user names them. */
export async function addEnvironmentId(ctx: CommandContext, node?: unknown): Promise<void> {
  const info = await ctx.targets.connectionFrom(node, (c) => c.kind === 'miniProgram' || c.kind === 'token');
  const env = await ask({ title: vscode.l10n.t('Add Environment ID'), prompt: vscode.l10n.t('Cloud environment ID, as shown in the WeChat DevTools cloud console'), placeHolder: 'prod-1a2b3c', validateInput: validate.required });
  const envIds = [...new Set([...(info.envIds ?? []), env])];
  await ctx.store.update(info.id, { envIds });
}
