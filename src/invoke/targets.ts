import * as vscode from 'vscode';
import { UserFacingError } from '../editor/reportError';
import { TokenKindError } from '../core/errors';
import type { CloudScope } from '../editor/connections/scope';
import { pick } from '../editor/prompts';
import type { CommandContext } from '../commands/commandContext';
import type { ExplorerNode } from '../tree/explorerNode';
import { EnvironmentNode } from '../tree/environmentNode';
import { FunctionNode } from '../tree/functionNode';
import { FunctionsNode } from '../tree/functionsNode';
import { MessageNode } from '../tree/messageNode';
import { ConnectionNode } from '../tree/connectionNode';
import { ConfigNode } from '../tree/configNode';
import { TriggerNode } from '../tree/triggerNode';
import { StaticWebsiteNode } from '../tree/staticWebsiteNode';
import { makeActive } from '../commands/selectEnvironment';

/** A cloud function reached through one identity: what invoke and the documents need. */
export interface FunctionTarget {
  scope: CloudScope;
  env: string;
  functionName: string;
}

export interface EnvironmentTarget {
  scope: CloudScope;
  env: string;
  /** The tree row, when the target was picked from the tree. */
  node?: EnvironmentNode;
}

/** The function a tree node stands for (a function row or one of its config or trigger rows). */
export function functionOfNode(node: unknown): FunctionTarget | undefined {
  const fn = node instanceof FunctionNode ? node : node instanceof ConfigNode || node instanceof TriggerNode ? node.fn : undefined;
  return fn && { scope: fn.scope, env: fn.env, functionName: fn.info.name };
}

export function environmentOfNode(node: unknown): EnvironmentTarget | undefined {
  if (node instanceof EnvironmentNode) return { scope: node.scope, env: node.env.env };
  if (node instanceof StaticWebsiteNode) return { scope: node.environment.scope, env: node.environment.env.env };
  const fn = functionOfNode(node);
  return fn && { scope: fn.scope, env: fn.env };
}

/** A scope by its connection and key, through the connection's live session. */
export async function findScope(ctx: CommandContext, connectionId: string, scopeKey: string): Promise<CloudScope | undefined> {
  const info = ctx.store.get(connectionId);
  if (!info) return undefined;
  const session = await ctx.sessions.get(info);
  if (scopeKey === 'self') return session.self();
  if (scopeKey === 'platform') return session.platform();
  if (scopeKey.startsWith('authorizer:')) return session.authorizer(scopeKey.slice('authorizer:'.length));
  return undefined;
}

/** Environment rows of the tree that name `env`, without listing a platform's authorized accounts. */
export async function environmentsNamed(ctx: CommandContext, env: string): Promise<EnvironmentNode[]> {
  const found: EnvironmentNode[] = [];
  const walk = async (nodes: ExplorerNode[], depth: number): Promise<void> => {
    for (const node of nodes) {
      if (node instanceof EnvironmentNode) {
        if (node.env.env === env) found.push(node);
      } else if (depth < 2 && isContainer(node) && !node.id.endsWith('/authorizers')) {
        await walk(await ctx.explorer.settledChildren(node), depth + 1);
      }
    }
  };
  await walk(await ctx.explorer.settledChildren(), 0);
  return found;
}

function isContainer(node: ExplorerNode): boolean {
  return !(node instanceof MessageNode) && !(node instanceof FunctionsNode) && node.collapsibleState !== vscode.TreeItemCollapsibleState.None;
}

/** The tree node with this id, loading only the rows on the way to it. */
async function nodeById(ctx: CommandContext, id: string): Promise<ExplorerNode | undefined> {
  let nodes: ExplorerNode[] = await ctx.explorer.settledChildren();
  for (;;) {
    const exact = nodes.find((n) => n.id === id);
    if (exact) return exact;
    const next = nodes.find((n) => id.startsWith(`${n.id}/`));
    if (!next) return undefined;
    nodes = await ctx.explorer.settledChildren(next);
  }
}

/**
 * Asks for an environment by walking the explorer's own rows: connection → (platform group,
 * authorized mini program) → environment. A level with one way on is passed without asking.
 */
export async function pickEnvironment(ctx: CommandContext, title: string): Promise<EnvironmentTarget> {
  let nodes: ExplorerNode[] = await ctx.explorer.settledChildren();
  if (nodes.length === 0) throw new UserFacingError(vscode.l10n.t('No connection yet. Add one from the WeChat Cloud view.'));
  for (;;) {
    const choices = nodes.filter((n) => n instanceof EnvironmentNode || isContainer(n));
    if (choices.length === 0) {
      const message = nodes.find((n) => n instanceof MessageNode);
      throw new UserFacingError(message ? String(message.label) : vscode.l10n.t('No environment is reachable from here.'));
    }
    const chosen =
      choices.length === 1
        ? choices[0]!
        : (
            await pick(
              choices.map((n) => ({ label: labelOf(n), description: typeof n.description === 'string' ? n.description : undefined, node: n })),
              { title, placeHolder: placeholderFor(choices[0]!), matchOnDescription: true },
            )
          ).node;
    if (chosen instanceof EnvironmentNode) return { scope: chosen.scope, env: chosen.env.env, node: chosen };
    nodes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Loading…') }, () =>
      ctx.explorer.settledChildren(chosen),
    );
  }
}

function labelOf(node: ExplorerNode): string {
  const label = typeof node.label === 'string' ? node.label : node.label?.label ?? '';
  return node instanceof EnvironmentNode ? `$(cloud) ${label}` : label;
}

function placeholderFor(node: ExplorerNode): string {
  if (node instanceof ConnectionNode) return vscode.l10n.t('Choose a connection');
  if (node instanceof EnvironmentNode) return vscode.l10n.t('Choose an environment');
  return vscode.l10n.t('Choose where to look');
}

/** The environment the status bar shows, when one was selected and is still in the tree. */
async function activeEnvironment(ctx: CommandContext): Promise<EnvironmentTarget | undefined> {
  const active = ctx.active.get();
  if (!active) return undefined;
  const node = await nodeById(ctx, active.nodeId).catch(() => undefined);
  return node instanceof EnvironmentNode ? { scope: node.scope, env: node.env.env, node } : undefined;
}

/** Names of the functions of an environment: every page, or the workspace's when the token cannot list. */
export async function functionNames(ctx: CommandContext, target: EnvironmentTarget): Promise<string[]> {
  try {
    const all = await target.scope.client.listAllFunctions({ env: target.env });
    return all.functions.map((f) => f.name);
  } catch (error) {
    if (!(error instanceof TokenKindError)) throw error;
    return (await ctx.localFunctions.list()).map((f) => f.name);
  }
}

/** Asks for a function, starting in the selected environment when there is one. */
export async function pickFunction(ctx: CommandContext, title: string): Promise<FunctionTarget> {
  let env = await activeEnvironment(ctx);
  for (;;) {
    if (!env) {
      env = await pickEnvironment(ctx, title);
      // The next palette invoke starts here, and the status bar says where that is.
      if (env.node) await makeActive(ctx, env.node);
    }
    const target = env;
    const names = Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Listing functions…') }, () =>
      functionNames(ctx, target),
    ));
    const other = vscode.l10n.t('$(cloud) Choose another environment…');
    const items = names.then((list) => [
      ...list.map((name) => ({ label: name, description: target.env })),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      { label: other },
    ]);
    const choice = await pick(items, { title, placeHolder: vscode.l10n.t('Choose a function in {0}', target.env) });
    if (choice.label !== other) return { scope: target.scope, env: target.env, functionName: choice.label };
    env = undefined;
  }
}

/** A function from a node, or picked. */
export async function functionFrom(ctx: CommandContext, node: unknown, title: string): Promise<FunctionTarget> {
  return functionOfNode(node) ?? pickFunction(ctx, title);
}

export async function environmentFrom(ctx: CommandContext, node: unknown, title: string): Promise<EnvironmentTarget> {
  return environmentOfNode(node) ?? (await activeEnvironment(ctx)) ?? pickEnvironment(ctx, title);
}

/**
 * The scope for an event file's environment: the one last used for it, else the only tree row
 * with that environment, else the user's choice among them.
 */
export async function scopeForEnvironment(ctx: CommandContext, env: string, remembered?: { connectionId: string; scopeKey: string }): Promise<CloudScope> {
  if (remembered) {
    const scope = await findScope(ctx, remembered.connectionId, remembered.scopeKey);
    if (scope) return scope;
  }
  const active = await activeEnvironment(ctx);
  if (active?.env === env) return active.scope;
  const nodes = await environmentsNamed(ctx, env);
  if (nodes.length === 1) return nodes[0]!.scope;
  if (nodes.length > 1) {
    const choice = await pick(
      nodes.map((n) => ({ label: n.scope.connection.name, description: n.scope.key === 'self' ? undefined : n.scope.key, node: n })),
      { title: vscode.l10n.t('Which connection should call environment {0}?', env) },
    );
    return choice.node.scope;
  }
  throw new UserFacingError(vscode.l10n.t('No connection reaches environment {0}. Add a connection, or add the environment ID to one, in the WeChat Cloud view.', env));
}
