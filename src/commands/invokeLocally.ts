import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { invocationFrom } from './invokeFunction';

/**
 * Runs the same event against the cloud and against the workspace's copy in the local
 * emulator, then shows the two results side by side in a diff editor.
 */
export async function invokeLocally(ctx: CommandContext, arg?: unknown): Promise<{ remote: vscode.Uri; local: vscode.Uri }> {
  const { target, event, prepared } = await invocationFrom(ctx, arg, vscode.l10n.t('Invoke Locally'));
  // Read and checked once: both runs send the same event.
  const checked = prepared ?? (await ctx.invoker.prepare(event));
  const local = await ctx.emulator.ensureLocalScope();
  const remote = await ctx.invoker.invokeEventFile(target, event, 'remote', false, checked);
  const localRun = await ctx.invoker.invokeEventFile({ scope: local.scope, env: local.env, functionName: target.functionName }, event, 'local', false, checked);
  // Both are opened first so they read as JSON with comments in the diff.
  for (const uri of [remote.uri, localRun.uri]) {
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'jsonc') await vscode.languages.setTextDocumentLanguage(doc, 'jsonc');
  }
  const title = vscode.l10n.t('{0}: {1} ↔ local emulator', target.functionName, target.scope.connection.name);
  await vscode.commands.executeCommand('vscode.diff', remote.uri, localRun.uri, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
  return { remote: remote.uri, local: localRun.uri };
}
