import * as vscode from 'vscode';
import { UserFacingError } from '../editor/reportError';
import { EnvironmentNode } from '../tree/environmentNode';
import { FunctionsNode } from '../tree/functionsNode';
import { ConnectionNode } from '../tree/connectionNode';
import type { ExplorerNode } from '../tree/explorerNode';
import { connectionNodeOf } from './nodeArgs';
import { pick } from '../editor/prompts';
import type { CommandContext } from './commandContext';

/** Every environment the tree can reach, found by walking it (connections → … → environments). */
export async function allEnvironments(ctx: CommandContext): Promise<EnvironmentNode[]> {
  const found: EnvironmentNode[] = [];
  const walk = async (nodes: ExplorerNode[], depth: number): Promise<void> => {
    await Promise.all(
      nodes.map(async (node) => {
        if (node instanceof EnvironmentNode) found.push(node);
        else if (depth < 4 && !(node instanceof FunctionsNode) && node.collapsibleState !== vscode.TreeItemCollapsibleState.None) {
          await walk(await ctx.explorer.settledChildren(node), depth + 1);
        }
      }),
    );
  };
  await walk(await ctx.explorer.settledChildren(), 0);
  return found.sort((a, b) => a.id.localeCompare(b.id));
}

/** Sets the environment the palette and the status bar use. */
export async function selectEnvironment(ctx: CommandContext, node?: unknown): Promise<void> {
  let env: EnvironmentNode;
  if (node instanceof EnvironmentNode) {
    env = node;
  } else {
    const envs = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Listing environments…') },
      () => allEnvironments(ctx),
    );
    if (envs.length === 0) throw new UserFacingError(vscode.l10n.t('No environment is reachable yet. Add a connection from the WeChat Cloud view.'));
    const choice = await pick(
      envs.map((e) => ({ label: String(e.label), description: e.env.env, detail: connectionNodeOf(e)?.info.name, node: e })),
      { title: vscode.l10n.t('Select Environment'), matchOnDescription: true, matchOnDetail: true },
    );
    env = choice.node;
  }
  await makeActive(ctx, env);
}

/** Makes an environment the one the status bar shows and the palette starts in. */
export async function makeActive(ctx: CommandContext, env: EnvironmentNode): Promise<void> {
  const connection = connectionNodeOf(env) as ConnectionNode;
  await ctx.active.set({
    connectionId: connection.info.id,
    connectionName: connection.info.name,
    nodeId: env.id,
    env: env.env.env,
    label: `${connection.info.name} · ${env.env.alias || env.env.env}`,
  });
}
