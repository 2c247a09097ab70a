import * as vscode from 'vscode';
import { addressOf } from '../documents/scopeRegistry';

import { openInfoDocument } from './openInfoDocument';
import type { CommandContext } from './commandContext';

/** Opens a function's triggers, each timer read aloud with its next runs, as a read-only document. */
export async function openTriggers(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  const target = await ctx.targets.functionFrom(arg, vscode.l10n.t('Open Triggers'));
  return openInfoDocument(ctx, target.scope, { kind: 'triggers', ...addressOf(target.scope, target.env), functionName: target.functionName });
}
