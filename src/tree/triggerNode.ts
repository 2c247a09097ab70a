import * as vscode from 'vscode';
import type { Trigger } from '../core/types';
import { describeCron, nextFireTimes } from '../core/cron';
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
    const locale = vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
    try {
      const next = nextFireTimes(this.trigger.config, new Date(), 5).map((d) => d.toLocaleString(vscode.env.language));
      rows.push([vscode.l10n.t('Runs'), describeCron(this.trigger.config, locale)]);
      return tooltipTable(this.trigger.name, rows, `${vscode.l10n.t('Next runs:')}\n\n${next.map((n) => `- ${n}`).join('\n')}`);
    } catch (error) {
      rows.push([vscode.l10n.t('Runs'), vscode.l10n.t('Cannot read this cron string: {0}', error instanceof Error ? error.message : String(error))]);
      return tooltipTable(this.trigger.name, rows);
    }
  }
}
