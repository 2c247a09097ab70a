import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';

/**
 * Downloads a function's deployed code, checks it against WeChat's checksum, and opens the
 * file chosen from a quick pick, read-only. A quick pick rather than a workspace folder:
 * adding a folder to a single-folder window turns it into an untitled workspace and restarts
 * every extension, which is too much for a look at what runs.
 */
export async function openDeployedCode(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  const target = await ctx.targets.functionFrom(arg, vscode.l10n.t('Open Deployed Code'));
  return ctx.deployedCode.open(target);
}
