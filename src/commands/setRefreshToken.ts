import * as vscode from 'vscode';
import { ask, validate } from '../editor/prompts';
import { AuthorizerNode } from '../tree/authorizerNode';
import type { CommandContext } from './commandContext';

/** Saves an authorizer's refresh token when the authorizer list did not carry one. */
export async function setRefreshToken(ctx: CommandContext, node?: unknown): Promise<void> {
  const info = await ctx.targets.connectionFrom(node, (c) => c.kind === 'platform' || c.kind === 'emulator');
  const appid =
    node instanceof AuthorizerNode
      ? node.authorizer.appid
      : await ask({ title: vscode.l10n.t('Set Authorizer Refresh Token'), prompt: vscode.l10n.t('AppID of the authorized mini program'), validateInput: validate.appid });
  const refreshToken = await ask({ title: vscode.l10n.t('Refresh token of {0}', appid), prompt: vscode.l10n.t('authorizer_refresh_token (kept in VS Code secret storage)'), password: true, validateInput: validate.required });
  const current = (await ctx.store.getSecrets(info.id)).refreshTokens ?? {};
  await ctx.store.updateSecrets(info.id, { refreshTokens: { ...current, [appid]: refreshToken } });
}
