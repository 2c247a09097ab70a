import * as vscode from 'vscode';
import { addressOf } from '../documents/scopeRegistry';
import { toUri } from '../documents/infoDocument';
import { environmentFrom } from '../invoke/targets';
import { openOrRefresh } from '../invoke/invokeServices';
import type { CommandContext } from './commandContext';

/** Opens an environment's static website (`describestaticstore`) as a read-only document. */
export async function openStaticWebsiteInfo(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  const target = await environmentFrom(ctx, arg, vscode.l10n.t('Open Static Website Info'));
  ctx.invoke.scopes.remember(target.scope);
  const uri = toUri({ kind: 'staticWebsite', ...addressOf(target.scope, target.env) });
  await openOrRefresh(uri, ctx.invoke.info);
  return uri;
}
