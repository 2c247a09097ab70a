import * as vscode from 'vscode';
import { UserCancelled } from '../editor/reportError';
import { eventOfArg } from '../invoke/eventChoice';
import { functionOfNode } from '../tree/navigation';
import type { InvokeRecord } from '../invoke/invokeRecord';
import type { CommandContext } from './commandContext';

type HistoryItem = vscode.QuickPickItem & { record: InvokeRecord };

function describe(record: InvokeRecord): string {
  const o = record.outcome;
  const ms = record.durationMs === undefined ? '' : ` · ${Math.round(record.durationMs)} ms`;
  const status = o.kind === 'ok' ? vscode.l10n.t('ok') : o.errcode !== undefined ? vscode.l10n.t('failed ({0})', o.errcode) : vscode.l10n.t('no answer');
  const where = record.target === 'local' ? vscode.l10n.t('local') : record.connectionName;
  return `${status}${ms} · ${where}`;
}

/**
 * Recent invocations (of one function from its row, event file or CodeLens; else all): accept
 * opens the result, the button runs it again with the same event.
 */
export async function showHistory(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri | undefined> {
  const fn = functionOfNode(arg) ?? eventOfArg(arg);
  const records = fn ? ctx.invoke.history.forFunction(fn.env, fn.functionName) : ctx.invoke.history.all();
  if (records.length === 0) {
    // Not awaited: the command is done while the message stays up.
    vscode.window.showInformationMessage(
      fn ? vscode.l10n.t('{0} has not been invoked from this editor yet.', fn.functionName) : vscode.l10n.t('No invocations yet.'),
    );
    return undefined;
  }
  const rerun: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('debug-rerun'), tooltip: vscode.l10n.t('Run Again') };
  const quickPick = vscode.window.createQuickPick<HistoryItem>();
  quickPick.title = fn ? vscode.l10n.t('History of {0}', fn.functionName) : vscode.l10n.t('Invocation History');
  quickPick.placeholder = vscode.l10n.t('Open a past result, or run it again with the button');
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.items = records.map((record) => ({
    label: `${record.functionName} · ${new Date(record.time).toLocaleString(vscode.env.language)}`,
    description: describe(record),
    detail: `${record.eventName ?? ''} ${record.event.length > 120 ? record.event.slice(0, 120) + '…' : record.event}`.trim(),
    buttons: [rerun],
    record,
  }));
  const chosen = await new Promise<{ record: InvokeRecord; again: boolean } | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0] && { record: quickPick.selectedItems[0].record, again: false }));
    quickPick.onDidTriggerItemButton((e) => resolve({ record: e.item.record, again: true }));
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  if (!chosen) throw new UserCancelled();
  if (chosen.again) return (await ctx.invoker.rerun(chosen.record)).uri;
  return ctx.invoker.openRecord(chosen.record);
}
