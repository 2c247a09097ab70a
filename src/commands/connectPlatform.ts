import * as vscode from 'vscode';
import { ask, askExpiry, newConnectionId, pick, validate } from '../editor/prompts';
import { settings } from '../editor/settings';
import { checkedBaseUrl } from '../editor/baseUrlSetting';
import { parseArgv } from '../core/argv';
import type { CommandContext } from './commandContext';

/**
 * A third-party platform: its component AppID plus a component token, either printed by a
 * command the user trusts (run without a shell) or pasted with its expiry.
 */
export async function connectPlatform(ctx: CommandContext): Promise<void> {
  const baseUrl = checkedBaseUrl(settings.apiBaseUrl());
  const componentAppid = await ask({ title: vscode.l10n.t('Connect Third-Party Platform'), prompt: vscode.l10n.t('Component AppID of the platform'), validateInput: validate.appid });
  const how = await pick(
    [
      { label: vscode.l10n.t('Run a command that prints the component token'), detail: vscode.l10n.t('For example a script that asks your platform’s token service. Run without a shell; its output is never logged.'), value: 'command' as const },
      { label: vscode.l10n.t('Paste a component_access_token'), detail: vscode.l10n.t('Valid for 2 hours; you will be asked for a new one when it expires.'), value: 'paste' as const },
    ],
    { title: vscode.l10n.t('How does this platform get its component token?') },
  );
  const id = newConnectionId();
  const name = vscode.l10n.t('Platform {0}', componentAppid);
  if (how.value === 'command') {
    const line = await ask({
      title: vscode.l10n.t('Token command'),
      prompt: vscode.l10n.t('Program and arguments; stdout is the token, or JSON with component_access_token and expires_in'),
      placeHolder: 'node /path/to/get-component-token.js',
      validateInput: (v) => (parseArgv(v).length ? undefined : vscode.l10n.t('A value is required.')),
    });
    await ctx.store.add({ id, name, kind: 'platform', baseUrl, componentAppid, tokenCommand: parseArgv(line) }, {});
    return;
  }
  const componentToken = await ask({ title: vscode.l10n.t('Paste a component_access_token'), prompt: vscode.l10n.t('component_access_token (kept in VS Code secret storage)'), password: true, validateInput: validate.required });
  const componentTokenExpiresAt = await askExpiry();
  await ctx.store.add({ id, name, kind: 'platform', baseUrl, componentAppid }, { componentToken, componentTokenExpiresAt });
}
