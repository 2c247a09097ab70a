import * as vscode from 'vscode';
import type { FunctionInfo, Trigger } from '../core/types';
import type { FunctionsNode } from './functionsNode';
import type { ExplorerNode } from './explorerNode';
import { LoadingNode } from './loadingNode';
import { MessageNode } from './messageNode';
import { contextValue } from './contextValue';
import { errorRows } from './errorRows';
import { tooltipTable } from './markdown';
import { TriggerNode } from './triggerNode';
import { ConfigNode } from './configNode';
import { kindLabel } from '../editor/tokenKindLabel';
import { readTriggers } from '../core/triggers';
import { DeployedCodeStates, deployedCodeStates } from '../editor/deployedCodeState';

/** A cloud function: its triggers, then its three configs. Invoke is the inline action. */
export class FunctionNode extends LoadingNode {
  constructor(
    readonly functions: FunctionsNode,
    readonly info: FunctionInfo,
    /** `workspace` when the token could not list and the name comes from the local folder. */
    readonly origin: 'api' | 'workspace' = 'api',
  ) {
    super(functions.ctx, functions, `fn:${info.name}`, info.name, vscode.TreeItemCollapsibleState.Collapsed);
    const local = functions.ctx.localFunctions.has(info.name);
    this.renderCodeState();
    this.tooltip = tooltipTable(info.name, [
      [vscode.l10n.t('Runtime'), info.runtime],
      [vscode.l10n.t('Status'), info.status],
      [vscode.l10n.t('Status reason'), info.statusReason],
      [vscode.l10n.t('Created'), info.addTime],
      [vscode.l10n.t('Modified'), info.modTime],
      [vscode.l10n.t('Environment'), functions.environment.env.env],
    ]);
    this.contextValue = contextValue('function', 'invokable', 'refreshable', local && 'localCopy');
  }

  /** The description and icon, with what the last compare or deploy found about the deployed code. */
  renderCodeState(): void {
    const info = this.info;
    const base = this.origin === 'workspace' ? vscode.l10n.t('in workspace') : [info.runtime, info.status].filter(Boolean).join(' · ');
    const codeState = deployedCodeStates.get(DeployedCodeStates.key(this.scope.connection.id, this.scope.key, this.env, info.name));
    const differs = codeState === 'differs';
    this.description = differs ? `${base} · ${vscode.l10n.t('deployed code differs')}` : base;
    this.iconPath = differs ? new vscode.ThemeIcon('diff', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('symbol-method');
  }

  get scope() {
    return this.functions.environment.scope;
  }

  get env(): string {
    return this.functions.environment.env.env;
  }

  protected async load(signal: AbortSignal, fresh: boolean): Promise<ExplorerNode[]> {
    const configs = ([3, 1, 2] as const).map((type) => new ConfigNode(this, type));
    let triggerRows: ExplorerNode[];
    try {
      const triggers = await this.triggers(signal, fresh);
      triggerRows = triggers.length
        ? triggers.map((t) => new TriggerNode(this, t))
        : [MessageNode.empty(this, vscode.l10n.t('No triggers'))];
    } catch (error) {
      triggerRows = errorRows(this, error, {
        failed: (reason) => vscode.l10n.t('Could not load triggers: {0}', reason),
        needs: (kind) => vscode.l10n.t('Triggers need {0} — Add…', kindLabel(kind)),
      });
    }
    return [...triggerRows, ...configs];
  }

  private async triggers(signal: AbortSignal, fresh: boolean): Promise<Trigger[]> {
    const { client, kinds } = this.scope;
    return (await readTriggers(client, kinds, { env: this.env, functionName: this.info.name, signal, fresh })).triggers;
  }

  protected errorRows(error: unknown): ExplorerNode[] {
    return errorRows(this, error, { failed: (reason) => vscode.l10n.t('Could not load function: {0}', reason) });
  }
}
