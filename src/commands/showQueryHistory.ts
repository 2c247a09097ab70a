import * as vscode from 'vscode';
import { pick } from '../editor/prompts';
import { environmentOfNode } from '../tree/navigation';
import { parseQueryUri } from '../cloudDatabase/queries/queryFiles';
import { summary } from '../cloudDatabase/queries/queryRecord';
import type { CommandContext } from './commandContext';

/** Recent query runs (of the file's or the row's environment; else all): choosing one opens its result. */
export async function showQueryHistory(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri | undefined> {
  const env = (arg instanceof vscode.Uri ? parseQueryUri(arg)?.env : undefined) ?? environmentOfNode(arg)?.env;
  const records = env ? ctx.queries.history.forEnvironment(env) : ctx.queries.history.all();
  if (records.length === 0) {
    // Not awaited: the command is done while the message stays up.
    vscode.window.showInformationMessage(env ? vscode.l10n.t('No queries have run in {0} from this editor yet.', env) : vscode.l10n.t('No queries have run yet.'));
    return undefined;
  }
  const l10n = { t: vscode.l10n.t, language: vscode.env.language };
  const choice = await pick(
    records.map((record) => ({
      label: `${record.name} · ${new Date(record.time).toLocaleString(vscode.env.language)}`,
      description: `${summary(record, l10n)} · ${record.env} · ${record.connectionName}`,
      detail: record.query.length > 160 ? `${record.query.slice(0, 160)}…` : record.query,
      record,
    })),
    { title: env ? vscode.l10n.t('Query History of {0}', env) : vscode.l10n.t('Query History'), placeHolder: vscode.l10n.t('Open a past result; from it, Run Again or Open Query'), matchOnDescription: true, matchOnDetail: true },
  );
  return ctx.queries.runner.openRecord(choice.record);
}
