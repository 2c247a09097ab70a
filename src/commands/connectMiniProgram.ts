import * as vscode from 'vscode';
import { ask, newConnectionId, validate } from '../editor/prompts';
import { settings } from '../editor/settings';
import { checkedBaseUrl } from '../editor/baseUrlSetting';
import type { CommandContext } from './commandContext';

/** A mini program from AppID + AppSecret: tokens come from `stable_token`, the secret stays in SecretStorage. */
export async function connectMiniProgram(ctx: CommandContext): Promise<void> {
  const baseUrl = checkedBaseUrl(settings.apiBaseUrl());
  const appid = await ask({ title: vscode.l10n.t('Connect Mini Program (1/2)'), prompt: vscode.l10n.t('AppID of the mini program'), placeHolder: 'wx1234567890abcdef', validateInput: validate.appid });
  const appSecret = await ask({ title: vscode.l10n.t('Connect Mini Program (2/2)'), prompt: vscode.l10n.t('AppSecret (kept in VS Code secret storage)'), password: true, validateInput: validate.required });
  const id = newConnectionId();
  const info = { id, name: appid, kind: 'miniProgram' as const, appid, baseUrl };
  await ctx.store.add(info, { appSecret });
  // Mint a token now so a wrong secret or an IP whitelist problem shows at once, not later in the tree.
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing in to {0}…', appid), cancellable: true },
      async (_progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        const session = await ctx.sessions.get(info);
        await session.checkSelfToken(controller.signal);
      },
    );
  } catch (error) {
    await ctx.store.remove(id);
    throw error;
  }
}
