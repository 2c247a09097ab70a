import * as vscode from 'vscode';
import { addressOf } from '../documents/scopeRegistry';

import { openInfoDocument } from './openInfoDocument';
import type { CommandContext } from './commandContext';

/** Opens an environment's facts (`getenvinfo`, or `describeenvs` for a platform) as a read-only document. */
export async function openEnvironmentInfo(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  const target = await ctx.targets.environmentFrom(arg, vscode.l10n.t('Open Environment Info'));
  return openInfoDocument(ctx, target.scope, { kind: 'environment', ...addressOf(target.scope, target.env) });
}
