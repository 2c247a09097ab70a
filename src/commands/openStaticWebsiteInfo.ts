import * as vscode from 'vscode';
import { addressOf } from '../documents/scopeRegistry';

import { openInfoDocument } from './openInfoDocument';
import type { CommandContext } from './commandContext';

/** Opens an environment's static website (`describestaticstore`) as a read-only document. */
export async function openStaticWebsiteInfo(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  const target = await ctx.targets.environmentFrom(arg, vscode.l10n.t('Open Static Website Info'));
  return openInfoDocument(ctx, target.scope, { kind: 'staticWebsite', ...addressOf(target.scope, target.env) });
}
