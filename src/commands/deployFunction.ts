import * as vscode from 'vscode';
import { deployMany, deployOne } from '../deployedCode/deployFlow';
import { functionRow } from '../deployedCode/functionRow';
import { pick } from '../editor/prompts';
import { functionOfNode, type FunctionTarget } from '../tree/navigation';
import type { CommandContext } from './commandContext';

/** The function row's target, or (from the palette) an environment and one of the workspace's function folders. */
async function deployTarget(ctx: CommandContext, arg: unknown, title: string): Promise<FunctionTarget> {
  const fromRow = functionOfNode(arg);
  if (fromRow) return fromRow;
  const env = await ctx.targets.environmentFrom(arg, title);
  const local = await ctx.localFunctions.list();
  const choice = await pick(
    local.map((f) => ({ label: f.name, description: vscode.workspace.asRelativePath(f.folder) })),
    { title, placeHolder: vscode.l10n.t('Choose a function folder of the workspace to deploy to {0}', env.env) },
  );
  return { scope: env.scope, env: env.env, functionName: choice.label };
}

/**
 * Deploys the workspace's folder of a function. With an authorizer token (or a mini program's
 * own, tried) to the function's environment; with only a platform token to the environments
 * the user picks, in one batch, with an outcome per environment.
 */
export async function deployFunction(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri | undefined> {
  const target = await deployTarget(ctx, arg, vscode.l10n.t('Deploy Function'));
  const client = target.scope.client;
  const batch = !client.tokenKindFor('createFunction') && !!client.tokenKindFor('componentBatchUploadCode');
  let uri: vscode.Uri | undefined;
  if (batch) {
    uri = (await deployMany(ctx.localFunctions, ctx.deployedCode.files, target)).uri;
  } else {
    await deployOne(ctx.localFunctions, target);
    ctx.deployedCode.setState(target, 'same');
    void vscode.window.showInformationMessage(vscode.l10n.t('Deployed {0} to {1}.', target.functionName, target.env));
  }
  // The function's environment lists it again (a function just created appears), its row without "differs".
  const row = await functionRow(ctx, arg, target);
  if (row) ctx.explorer.refresh(row.functions);
  else {
    const env = await ctx.targets.activeEnvironment();
    if (env?.node && env.env === target.env) ctx.explorer.refresh(env.node);
  }
  return uri;
}
