import * as vscode from 'vscode';
import type { CloudScope } from '../editor/connections/scope';
import type { ExplorerNode } from './explorerNode';
import { LoadingNode } from './loadingNode';
import { MessageNode } from './messageNode';
import { contextValue } from './contextValue';
import { errorRows } from './errorRows';
import { EnvironmentNode } from './environmentNode';

/** "Platform environments": the platform's own environments (`componenttcb/describeenvs`). */
export class PlatformEnvironmentsNode extends LoadingNode {
  constructor(
    parent: ExplorerNode,
    readonly scope: CloudScope,
  ) {
    super(parent.ctx, parent, 'platformEnvs', vscode.l10n.t('Platform environments'), vscode.TreeItemCollapsibleState.Collapsed);
    this.iconPath = new vscode.ThemeIcon('cloud');
    this.contextValue = contextValue('platformEnvironments', 'refreshable');
  }

  protected async load(signal: AbortSignal, fresh: boolean): Promise<ExplorerNode[]> {
    const envs = await this.scope.client.describeEnvs({ signal, fresh });
    this.description = String(envs.length);
    if (envs.length === 0) return [MessageNode.empty(this, vscode.l10n.t('No platform environments'))];
    return envs.map((env) => new EnvironmentNode(this, this.scope, env));
  }

  protected errorRows(error: unknown): ExplorerNode[] {
    return errorRows(this, error, { failed: (reason) => vscode.l10n.t('Could not load platform environments: {0}', reason) });
  }
}
