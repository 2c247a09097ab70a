import * as vscode from 'vscode';
import { TokenKindError } from '../core/errors';
import { UserFacingError } from '../editor/reportError';
import { pick } from '../editor/prompts';
import type { CloudScope } from '../editor/connections/scope';
import type { ConnectionInfo } from '../editor/connections/model';
import type { ConnectionStore } from '../editor/connections/connectionStore';
import type { ActiveEnvironmentStore } from '../editor/activeEnvironment';
import type { LocalFunctions } from '../editor/localFunctions';
import type { ScopeLookup } from '../editor/scopeLookup';
import type { ExplorerNode } from './explorerNode';
import { EnvironmentNode } from './environmentNode';
import { MessageNode } from './messageNode';
import { ConnectionNode } from './connectionNode';
import { CloudDatabase } from '../core/database/cloudDatabase';
import { collectionOfNode, type CollectionTarget } from './database/collectionTarget';
import {
  activeEnvironmentOf,
  connectionNodeOf,
  environmentOfNode,
  functionOfNode,
  leadsToEnvironments,
  type EnvironmentTarget,
  type FunctionTarget,
  type TreeNavigator,
} from './navigation';

export interface TargetPickerServices {
  navigator: TreeNavigator;
  active: ActiveEnvironmentStore;
  localFunctions: LocalFunctions;
  store: ConnectionStore;
  findScope: ScopeLookup;
}

/**
 * What a command acts on: the node a menu passed, else the selected environment, else the
 * user's choice, asked by walking the explorer's own rows (a level with one way on is passed
 * without asking).
 */
export class TargetPicker {
  constructor(private readonly services: TargetPickerServices) {}

  /** A function from a node, or picked. */
  async functionFrom(node: unknown, title: string): Promise<FunctionTarget> {
    return functionOfNode(node) ?? this.pickFunction(title);
  }

  async environmentFrom(node: unknown, title: string): Promise<EnvironmentTarget> {
    return environmentOfNode(node) ?? (await this.activeEnvironment()) ?? this.pickEnvironment(title);
  }

  /** A collection from a node, or picked: the selected (or a picked) environment, then one of its collections. */
  async collectionFrom(node: unknown, title: string): Promise<CollectionTarget> {
    const fromNode = collectionOfNode(node);
    if (fromNode) return fromNode;
    const target = await this.environmentFrom(node, title);
    const database = new CloudDatabase(target.scope.client, target.env);
    const collections = Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Listing collections…') }, () => database.listAllCollections()),
    );
    const items = collections.then((list) => {
      if (list.length === 0) throw new UserFacingError(vscode.l10n.t('Environment {0} has no collections yet.', target.env));
      return list.map((c) => ({ label: c.name, description: vscode.l10n.t('{0} documents', c.count) }));
    });
    const choice = await pick(items, { title, placeHolder: vscode.l10n.t('Choose a collection in {0}', target.env) });
    return { scope: target.scope, env: target.env, collection: choice.label, database };
  }

  /** The connection of the node a menu passed, or one the user picks from the palette. */
  async connectionFrom(node: unknown, filter: (c: ConnectionInfo) => boolean = () => true): Promise<ConnectionInfo> {
    const fromNode = connectionNodeOf(node)?.info;
    if (fromNode) return fromNode;
    const candidates = this.services.store.list().filter(filter);
    if (candidates.length === 1) return candidates[0]!;
    if (candidates.length === 0) throw new UserFacingError(vscode.l10n.t('No connection can do this yet. Add one from the WeChat Cloud view.'));
    const choice = await pick(
      candidates.map((c) => ({ label: c.name, description: c.kind === 'platform' ? c.componentAppid : c.appid, connection: c })),
      { title: vscode.l10n.t('Choose a connection') },
    );
    return choice.connection;
  }

  /** Makes an environment the one the status bar shows and the palette starts in. */
  async makeActive(env: EnvironmentNode): Promise<void> {
    await this.services.active.set(activeEnvironmentOf(env));
  }

  /** The environment the status bar shows, when one was selected and is still in the tree. */
  async activeEnvironment(): Promise<EnvironmentTarget | undefined> {
    const active = this.services.active.get();
    if (!active) return undefined;
    const node = await this.services.navigator.nodeById(active.nodeId);
    return node instanceof EnvironmentNode ? { scope: node.scope, env: node.env.env, node } : undefined;
  }

  async pickEnvironment(title: string): Promise<EnvironmentTarget> {
    const { navigator } = this.services;
    let nodes = await navigator.children();
    if (nodes.length === 0) throw new UserFacingError(vscode.l10n.t('No connection yet. Add one from the WeChat Cloud view.'));
    for (;;) {
      const choices = nodes.filter((n) => n instanceof EnvironmentNode || leadsToEnvironments(n));
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
      nodes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Loading…') }, () => navigator.children(chosen));
    }
  }

  /** Names of the functions of an environment: every page, or the workspace's when the token cannot list. */
  async functionNames(target: EnvironmentTarget): Promise<string[]> {
    try {
      const all = await target.scope.client.listAllFunctions({ env: target.env });
      return all.functions.map((f) => f.name);
    } catch (error) {
      if (!(error instanceof TokenKindError)) throw error;
      return (await this.services.localFunctions.list()).map((f) => f.name);
    }
  }

  /** Asks for a function, starting in the selected environment when there is one. */
  async pickFunction(title: string): Promise<FunctionTarget> {
    let env = await this.activeEnvironment();
    for (;;) {
      if (!env) {
        env = await this.pickEnvironment(title);
        // The next palette invoke starts here, and the status bar says where that is.
        if (env.node) await this.makeActive(env.node);
      }
      const target = env;
      const names = Promise.resolve(
        vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Listing functions…') }, () => this.functionNames(target)),
      );
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

  /**
   * The scope for an event file's environment: the one last used for it, else the selected
   * environment, else the only tree row with that environment, else the user's choice among them.
   */
  async scopeForEnvironment(env: string, remembered?: { connectionId: string; scopeKey: string }): Promise<CloudScope> {
    if (remembered) {
      const scope = await this.services.findScope(remembered.connectionId, remembered.scopeKey);
      if (scope) return scope;
    }
    const active = await this.activeEnvironment();
    if (active?.env === env) return active.scope;
    const nodes = (await this.services.navigator.environments({ authorizers: false })).filter((n) => n.env.env === env);
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
}

function labelOf(node: ExplorerNode): string {
  const label = typeof node.label === 'string' ? node.label : (node.label?.label ?? '');
  return node instanceof EnvironmentNode ? `$(cloud) ${label}` : label;
}

function placeholderFor(node: ExplorerNode): string {
  if (node instanceof ConnectionNode) return vscode.l10n.t('Choose a connection');
  if (node instanceof EnvironmentNode) return vscode.l10n.t('Choose an environment');
  return vscode.l10n.t('Choose where to look');
}
