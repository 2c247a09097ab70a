import * as vscode from 'vscode';
import { ask, askExpiry, newConnectionId, pick, validate } from '../editor/prompts';
import { settings } from '../editor/settings';
import { checkedBaseUrl } from '../editor/baseUrlSetting';
import { kindLabel, kindName } from '../editor/tokenKindLabel';
import type { CommandContext } from './commandContext';
import { connectPlatform } from './connectPlatform';

/** A pasted token of a given kind. A component token makes a platform connection, which needs its AppID. */
export async function pasteToken(ctx: CommandContext, kindArg?: unknown): Promise<void> {
  const baseUrl = checkedBaseUrl(settings.apiBaseUrl());
  const kind =
    kindArg === 'mp' || kindArg === 'authorizer' || kindArg === 'component'
      ? kindArg
      : (
          await pick(
            [
              { label: kindName('mp'), detail: vscode.l10n.t('A mini program’s own token: invokes functions.'), value: 'mp' as const },
              { label: kindName('authorizer'), detail: vscode.l10n.t('A platform acting for one mini program: lists environments, functions and configs, and invokes.'), value: 'authorizer' as const },
              { label: kindName('component'), detail: vscode.l10n.t('A third-party platform: triggers, static websites, platform environments and authorized mini programs.'), value: 'component' as const },
            ],
            { title: vscode.l10n.t('Which kind of token?') },
          )
        ).value;
  if (kind === 'component') return connectPlatform(ctx);
  const token = await ask({ title: vscode.l10n.t('Paste {0}', kindLabel(kind)), prompt: vscode.l10n.t('The token (kept in VS Code secret storage)'), password: true, validateInput: validate.required });
  const appid = await ask({ title: vscode.l10n.t('AppID'), prompt: vscode.l10n.t('AppID of the mini program this token belongs to (optional)'), validateInput: (v) => (v ? validate.appid(v) : undefined) });
  const tokenExpiresAt = await askExpiry();
  await ctx.store.add(
    { id: newConnectionId(), name: appid || kindName(kind), kind: 'token', tokenKind: kind, appid: appid || undefined, baseUrl },
    { token, tokenExpiresAt },
  );
}
