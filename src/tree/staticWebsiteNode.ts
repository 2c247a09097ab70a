import * as vscode from 'vscode';
import type { StaticWebsite } from '../core/types';
import type { EnvironmentNode } from './environmentNode';
import { ExplorerNode } from './explorerNode';
import { contextValue } from './contextValue';
import { errorRows } from './errorRows';
import { tooltipTable } from './markdown';
import { kindLabel } from '../editor/tokenKindLabel';

/** The environment's static website: status and domain on the row, bucket and region in the tooltip. */
export class StaticWebsiteNode extends ExplorerNode {
  readonly website?: StaticWebsite;
  private readonly failure?: unknown;
  private failureRows?: ExplorerNode[];

  constructor(
    readonly environment: EnvironmentNode,
    result: PromiseSettledResult<StaticWebsite[]>,
  ) {
    super(environment.ctx, environment, 'website', vscode.l10n.t('Static website'));
    this.iconPath = new vscode.ThemeIcon('globe');
    if (result.status === 'rejected') {
      this.failure = result.reason;
      this.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
      this.contextValue = contextValue('staticWebsite', 'failed');
      return;
    }
    this.website = result.value.find((w) => w.env === environment.env.env) ?? result.value[0];
    if (!this.website) {
      this.description = vscode.l10n.t('not enabled');
      this.contextValue = contextValue('staticWebsite', 'none');
      return;
    }
    const { status, domain, bucket, region } = this.website;
    this.description = `${status} · ${domain}`;
    this.tooltip = tooltipTable(vscode.l10n.t('Static website'), [
      [vscode.l10n.t('Status'), status],
      [vscode.l10n.t('Domain'), domain],
      [vscode.l10n.t('Bucket'), bucket],
      [vscode.l10n.t('Region'), region],
    ]);
    this.contextValue = contextValue('staticWebsite', status === 'online' && 'online');
    this.command = { command: 'wxcloud.openStaticWebsiteInfo', title: vscode.l10n.t('Open Static Website Info'), arguments: [this] };
  }

  override getChildren(): ExplorerNode[] {
    if (this.failure === undefined) return [];
    return (this.failureRows ??= errorRows(this, this.failure, {
      failed: (reason) => vscode.l10n.t('Could not load the static website: {0}', reason),
      needs: (kind) => vscode.l10n.t('Static website needs {0} — Add…', kindLabel(kind)),
    }));
  }
}
