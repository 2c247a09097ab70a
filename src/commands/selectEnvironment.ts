import * as vscode from 'vscode';
import { UserFacingError } from '../editor/reportError';
import { pick } from '../editor/prompts';
import { EnvironmentNode } from '../tree/environmentNode';
import { connectionNodeOf } from '../tree/navigation';
import type { CommandContext } from './commandContext';

/** Sets the environment the palette and the status bar use. */
export async function selectEnvironment(ctx: CommandContext, node?: unknown): Promise<void> {
  let env: EnvironmentNode;
  if (node instanceof EnvironmentNode) {
    env = node;
  } else {
    const envs = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Listing environments…') }, () =>
      ctx.navigator.environments({ authorizers: true }),
    );
    if (envs.length === 0) throw new UserFacingError(vscode.l10n.t('No environment is reachable yet. Add a connection from the WeChat Cloud view.'));
    const choice = await pick(
      envs.map((e) => ({ label: String(e.label), description: e.env.env, detail: connectionNodeOf(e)?.info.name, node: e })),
      { title: vscode.l10n.t('Select Environment'), matchOnDescription: true, matchOnDetail: true },
    );
    env = choice.node;
  }
  await ctx.targets.makeActive(env);
}
