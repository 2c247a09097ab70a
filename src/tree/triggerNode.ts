import * as vscode from 'vscode';
import type { Trigger } from '../core/types';
import { timerText } from '../editor/timerText';
import type { FunctionNode } from './functionNode';
import { ExplorerNode } from './explorerNode';
import { contextValue } from './contextValue';
import { tooltipTable } from './markdown';

/** A trigger: its name, type and cron string; the tooltip reads the cron aloud with the next fire times. */
export class TriggerNode extends ExplorerNode {
  constructor(
    readonly fn: FunctionNode,
    readonly trigger: Trigger,
  ) {
    super(fn.ctx, fn, `trigger:${trigger.name}`, trigger.name);
    this.iconPath = new vscode.ThemeIcon(trigger.type === 'timer' ? 'watch' : 'zap');
    this.description = `${trigger.type} · ${trigger.config}`;
    this.contextValue = contextValue('trigger', trigger.type);
    this.command = { command: 'wxcloud.openTriggers', title: vscode.l10n.t('Open Triggers'), arguments: [fn] };
    this.tooltip = this.describe();
  }

  private describe(): vscode.MarkdownString {
    const rows: Array<[string, string | undefined]> = [
      [vscode.l10n.t('Type'), this.trigger.type],
      [vscode.l10n.t('Config'), this.trigger.config],
    ];
    if (this.trigger.type !== 'timer') return tooltipTable(this.trigger.name, rows);
    const text = timerText(this.trigger.config);
    rows.push([vscode.l10n.t('Runs'), text.runs]);
    if (text.nextRuns.length === 0) return tooltipTable(this.trigger.name, rows);
    return tooltipTable(this.trigger.name, rows, `${vscode.l10n.t('Next runs:')}\n\n${text.nextRuns.map((n) => `- ${n}`).join('\n')}`);
  }
}
