import * as vscode from 'vscode';
import type { CloudScope } from '../editor/connections/scope';
import type { EnvInfo } from '../core/types';
import type { ExplorerNode } from './explorerNode';
import { LoadingNode } from './loadingNode';
import { contextValue } from './contextValue';
import { errorRows } from './errorRows';
import { FunctionsNode } from './functionsNode';
import { StaticWebsiteNode } from './staticWebsiteNode';
import { DatabaseNode } from './database/databaseNode';
import { tooltipTable } from './markdown';

const statusIcons: Record<string, vscode.ThemeIcon> = {
  NORMAL: new vscode.ThemeIcon('cloud', new vscode.ThemeColor('testing.iconPassed')),
  HALTED: new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('list.warningForeground')),
  UNAVAILABLE: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
};

/** An environment (`env`) of a mini program or platform: its functions and its static website. */
export class EnvironmentNode extends LoadingNode {
  constructor(
    parent: ExplorerNode,
    readonly scope: CloudScope,
    readonly env: EnvInfo,
    /** Where the environment ID came from when the API could not list it. */
    readonly origin: 'api' | 'workspace' | 'user' = 'api',
  ) {
    super(parent.ctx, parent, `env:${env.env}`, env.alias || env.env, vscode.TreeItemCollapsibleState.Collapsed);
    const parts = [statusWord(env.status), env.alias && env.alias !== env.env ? env.env : undefined, env.packageName];
    if (origin === 'workspace') parts.push(vscode.l10n.t('from cloudbaserc.json'));
    if (origin === 'user') parts.push(vscode.l10n.t('added by you'));
    this.description = parts.filter(Boolean).join(' · ');
    this.iconPath = statusIcons[env.status] ?? new vscode.ThemeIcon('cloud');
    this.tooltip = tooltip(env);
    this.contextValue = contextValue('environment', 'refreshable', origin === 'user' && 'userEnv');
  }

  protected async load(signal: AbortSignal, fresh: boolean): Promise<ExplorerNode[]> {
    const pageSize = this.ctx.sessions.pageSize();
    const [page, website] = await Promise.allSettled([
      this.scope.client.listFunctions({ env: this.env.env, limit: pageSize, offset: 0, signal, fresh }),
      this.scope.client.describeStaticWebsite({ env: this.env.env, signal, fresh }),
    ]);
    return [new FunctionsNode(this, page), new DatabaseNode(this), new StaticWebsiteNode(this, website)];
  }

  protected errorRows(error: unknown): ExplorerNode[] {
    return errorRows(this, error, { failed: (reason) => vscode.l10n.t('Could not load environment: {0}', reason) });
  }
}

/** An environment that cannot run functions says so in words, not only by its icon's colour. */
function statusWord(status: string): string | undefined {
  if (status === 'HALTED') return vscode.l10n.t('HALTED');
  if (status === 'UNAVAILABLE') return vscode.l10n.t('UNAVAILABLE');
  return undefined;
}

function tooltip(env: EnvInfo): vscode.MarkdownString {
  return tooltipTable(env.alias || env.env, [
    [vscode.l10n.t('Environment ID'), env.env],
    [vscode.l10n.t('Status'), env.status],
    [vscode.l10n.t('Package'), env.packageName ?? env.packageId],
    [vscode.l10n.t('Created'), env.createTime],
    [vscode.l10n.t('Updated'), env.updateTime],
  ]);
}
