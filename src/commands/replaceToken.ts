import * as vscode from 'vscode';
import { ask, askExpiry, validate } from '../editor/prompts';
import type { CommandContext } from './commandContext';

/** Replaces the pasted token of a connection (an expired or rejected one). */
export async function replaceToken(ctx: CommandContext, node?: unknown): Promise<void> {
  const info = await ctx.targets.connectionFrom(node, (c) => c.kind === 'token' || (c.kind === 'platform' && !c.tokenCommand) || c.kind === 'miniProgram');
  if (info.kind === 'miniProgram') {
    const appSecret = await ask({ title: vscode.l10n.t('Replace AppSecret of {0}', info.name), prompt: vscode.l10n.t('AppSecret (kept in VS Code secret storage)'), password: true, validateInput: validate.required });
    await ctx.store.updateSecrets(info.id, { appSecret });
    return;
  }
  const token = await ask({ title: vscode.l10n.t('Replace token of {0}', info.name), prompt: vscode.l10n.t('The new token (kept in VS Code secret storage)'), password: true, validateInput: validate.required });
  const expiresAt = await askExpiry();
  await ctx.store.updateSecrets(
    info.id,
    info.kind === 'platform' ? { componentToken: token, componentTokenExpiresAt: expiresAt } : { token, tokenExpiresAt: expiresAt },
  );
}
