import * as vscode from 'vscode';
import { TokenKindError } from '../core/errors';
import type { EnvInfo } from '../core/types';
import type { CloudScope } from '../editor/connections/scope';
import type { ExplorerNode } from './explorerNode';
import { EnvironmentNode } from './environmentNode';
import { MessageNode } from './messageNode';
import { errorRows } from './errorRows';
import { kindLabel } from '../editor/tokenKindLabel';
import { nameProblemRow } from './nameProblemRow';

/**
 * The environments a mini-program scope can reach: listed by `tcb/getenvinfo` when its token
 * may, otherwise taken from `cloudbaserc.json` and from IDs the user added, under a row that
 * says what listing needs. User-added IDs are always shown.
 */
export async function environmentRows(parent: ExplorerNode, scope: CloudScope, signal: AbortSignal, fresh: boolean): Promise<ExplorerNode[]> {
  const userIds = scope.key === 'self' ? (scope.connection.envIds ?? []) : [];
  let listed: EnvInfo[];
  try {
    listed = await scope.client.getEnvInfo({ signal, fresh });
  } catch (error) {
    if (!(error instanceof TokenKindError)) throw error;
    const rows: ExplorerNode[] = errorRows(parent, error, {
      failed: (reason) => reason,
      needs: (kind) => vscode.l10n.t('Listing environments needs {0} — Add…', kindLabel(kind)),
    });
    const projects = (await parent.ctx.localFunctions.projects()).filter((p) => !scope.appid || !p.appid || p.appid === scope.appid);
    const fromWorkspace = projects.filter((p) => p.envId).map((p) => p.envId!);
    for (const problem of projects.flatMap((p) => p.problems.filter((q) => q.source === 'envId'))) rows.push(nameProblemRow(parent, problem));
    const seen = new Set<string>();
    const add = (id: string, origin: 'workspace' | 'user') => {
      if (seen.has(id)) return;
      seen.add(id);
      rows.push(new EnvironmentNode(parent, scope, bare(id), origin));
    };
    fromWorkspace.forEach((id) => add(id, 'workspace'));
    userIds.forEach((id) => add(id, 'user'));
    if (seen.size === 0) rows.push(addEnvironmentRow(parent));
    return rows;
  }
  const rows: ExplorerNode[] = listed.map((env) => new EnvironmentNode(parent, scope, env));
  const known = new Set(listed.map((e) => e.env));
  for (const id of userIds) if (!known.has(id)) rows.push(new EnvironmentNode(parent, scope, bare(id), 'user'));
  if (rows.length === 0) rows.push(MessageNode.empty(parent, vscode.l10n.t('No cloud environments')), addEnvironmentRow(parent));
  return rows;
}

function bare(env: string): EnvInfo {
  return { env, alias: '', status: '' };
}

function addEnvironmentRow(parent: ExplorerNode): ExplorerNode {
  return MessageNode.action(parent, vscode.l10n.t('Add Environment ID…'), {
    command: 'wxcloud.addEnvironmentId',
    title: vscode.l10n.t('Add Environment ID…'),
    arguments: [parent],
  });
}
