import * as vscode from 'vscode';
import type { CloudScope } from '../editor/connections/scope';
import type { ActiveEnvironment } from '../editor/activeEnvironment';
import type { ExplorerNode } from './explorerNode';
import { ConnectionNode } from './connectionNode';
import { EnvironmentNode } from './environmentNode';
import { FunctionNode } from './functionNode';
import { FunctionsNode } from './functionsNode';
import { ConfigNode } from './configNode';
import { TriggerNode } from './triggerNode';
import { StaticWebsiteNode } from './staticWebsiteNode';
import { MessageNode } from './messageNode';
import { AuthorizersNode } from './authorizersNode';
import { databaseNodeOf } from './database/collectionTarget';

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

/** The tree's children once loaded (what `ExplorerProvider.settledChildren` gives). */
export interface SettledTree {
  settledChildren(node?: ExplorerNode): Promise<ExplorerNode[]>;
}

/** The connection row a node belongs to. */
export function connectionNodeOf(node: unknown): ConnectionNode | undefined {
  for (let n = node as ExplorerNode | undefined; n; n = n.parent) if (n instanceof ConnectionNode) return n;
  return undefined;
}

/** The function a tree node stands for (a function row or one of its config or trigger rows). */
export function functionOfNode(node: unknown): FunctionTarget | undefined {
  const fn = node instanceof FunctionNode ? node : node instanceof ConfigNode || node instanceof TriggerNode ? node.fn : undefined;
  return fn && { scope: fn.scope, env: fn.env, functionName: fn.info.name };
}

/** The environment a tree node stands for or lies in. */
export function environmentOfNode(node: unknown): EnvironmentTarget | undefined {
  if (node instanceof EnvironmentNode) return { scope: node.scope, env: node.env.env, node };
  if (node instanceof StaticWebsiteNode) return { scope: node.environment.scope, env: node.environment.env.env, node: node.environment };
  const database = databaseNodeOf(node);
  if (database) return { scope: database.environment.scope, env: database.environment.env.env, node: database.environment };
  const fn = functionOfNode(node);
  return fn && { scope: fn.scope, env: fn.env };
}

/** What the status bar and the palette remember of an environment row. */
export function activeEnvironmentOf(env: EnvironmentNode): ActiveEnvironment {
  const connection = connectionNodeOf(env);
  const name = connection?.info.name ?? '';
  return { connectionId: connection?.info.id ?? '', connectionName: name, nodeId: env.id, env: env.env.env, label: `${name} · ${env.env.alias || env.env.env}` };
}

/** A row that leads to more rows on the way to environments (not a message, not the function list). */
export function leadsToEnvironments(node: ExplorerNode): boolean {
  return !(node instanceof MessageNode) && !(node instanceof FunctionsNode) && !(node instanceof EnvironmentNode) && node.collapsibleState !== vscode.TreeItemCollapsibleState.None;
}

/** Finds rows by walking the tree's own children, loading only what the search needs. */
export class TreeNavigator {
  constructor(private readonly tree: SettledTree) {}

  children(node?: ExplorerNode): Promise<ExplorerNode[]> {
    return this.tree.settledChildren(node);
  }

  /** The row with this id, loading only the rows on the way to it. */
  async nodeById(id: string): Promise<ExplorerNode | undefined> {
    let nodes = await this.children();
    for (;;) {
      const exact = nodes.find((n) => n.id === id);
      if (exact) return exact;
      const next = nodes.find((n) => id.startsWith(`${n.id}/`));
      if (!next) return undefined;
      nodes = await this.children(next);
    }
  }

  /**
   * Every environment row the tree reaches, in tree order. `authorizers: false` leaves out a
   * platform's authorized mini programs, each of which costs a token to list.
   */
  async environments(options: { authorizers: boolean }): Promise<EnvironmentNode[]> {
    const within = async (nodes: ExplorerNode[]): Promise<EnvironmentNode[]> => {
      const below = await Promise.all(
        nodes.map(async (node): Promise<EnvironmentNode[]> => {
          if (node instanceof EnvironmentNode) return [node];
          if (!leadsToEnvironments(node) || (!options.authorizers && node instanceof AuthorizersNode)) return [];
          return within(await this.children(node));
        }),
      );
      return below.flat();
    };
    return within(await this.children());
  }
}
