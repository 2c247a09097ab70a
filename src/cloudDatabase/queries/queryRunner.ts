import * as vscode from 'vscode';
import { CloudDatabase } from '../../core/database/cloudDatabase';
import type { QueryAnalysis } from '../../core/database/queryLanguage';
import { ApiError, describeError, isCancelled } from '../../core/errors';
import type { CloudScope } from '../../editor/connections/scope';
import type { ScopeLookup } from '../../editor/scopeLookup';
import { confirm } from '../../editor/prompts';
import { UserFacingError } from '../../editor/reportError';
import { loadQueryLanguage } from '../../editor/queryLanguageLoader';
import { openVirtualDocument } from '../../documents/openDocument';
import { parseQueryUri } from './queryFiles';
import type { QueryDiagnostics } from './queryDiagnostics';
import { problemMessage } from './queryDiagnostics';
import type { QueryHistory } from './queryHistory';
import type { QueryOutcome, QueryRecord } from './queryRecord';
import type { QueryResultProvider } from './queryResult';

const queryScopesKey = 'wxcloud.queryScopes';
type Remembered = Record<string, { connectionId: string; scopeKey: string }>;

export interface QueryRunnerServices {
  log: vscode.LogOutputChannel;
  workspaceState: vscode.Memento;
  history: QueryHistory;
  results: QueryResultProvider;
  diagnostics: QueryDiagnostics;
  findScope: ScopeLookup;
  scopeForEnvironment(env: string, remembered?: { connectionId: string; scopeKey: string }): Promise<CloudScope>;
}

/** Where a query is sent and what it is called. */
interface QueryTarget {
  scope: CloudScope;
  env: string;
  name: string;
  file?: string;
}

export type QueryAnswer = { record: QueryRecord; uri: vscode.Uri };

/**
 * The Run Query use case: check the file (nothing is sent while it has a problem), find the
 * environment's connection, count and ask before a write, send with progress and cancellation,
 * keep the run, open the result. A failed run opens as a result too; only a cancel is thrown.
 */
export class QueryRunner {
  constructor(private readonly services: QueryRunnerServices) {}

  async runFile(uri: vscode.Uri): Promise<QueryAnswer> {
    const file = parseQueryUri(uri);
    if (!file) throw new UserFacingError(vscode.l10n.t('{0} is not a query file: queries live in .wxcloud/queries/<environment>/<name>.js.', uri.fsPath));
    const doc = await vscode.workspace.openTextDocument(uri);
    const checked = await this.services.diagnostics.check(doc);
    if (!checked) throw new UserFacingError(vscode.l10n.t('{0} is not a query file: queries live in .wxcloud/queries/<environment>/<name>.js.', uri.fsPath));
    if (!checked.ok) {
      const at = doc.positionAt(checked.offset);
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at), preview: false });
      throw new UserFacingError(problemMessage(checked));
    }
    const remembered = this.services.workspaceState.get<Remembered>(queryScopesKey, {});
    const scope = await this.services.scopeForEnvironment(file.env, remembered[file.env]);
    await this.services.workspaceState.update(queryScopesKey, { ...remembered, [file.env]: { connectionId: scope.connection.id, scopeKey: scope.key } });
    return this.run({ scope, env: file.env, name: file.name, file: uri.toString() }, checked);
  }

  /** The connection a new query was made from runs the environment's queries, until another is used. */
  async rememberScope(env: string, scope: CloudScope): Promise<void> {
    const remembered = this.services.workspaceState.get<Remembered>(queryScopesKey, {});
    await this.services.workspaceState.update(queryScopesKey, { ...remembered, [env]: { connectionId: scope.connection.id, scopeKey: scope.key } });
  }

  /** Runs a past query again, through the same connection. */
  async rerun(record: QueryRecord): Promise<QueryAnswer> {
    const { analyseQuery } = await loadQueryLanguage();
    const checked = analyseQuery(record.query);
    if (!checked.ok) throw new UserFacingError(problemMessage(checked));
    const scope = await this.scopeOf(record);
    return this.run({ scope, env: record.env, name: record.name, ...(record.file ? { file: record.file } : {}) }, checked);
  }

  /** The next page of a read, added to its result. */
  async loadMore(record: QueryRecord): Promise<QueryAnswer> {
    const o = record.outcome;
    if (o.kind !== 'ok' || !o.documents || !o.pager) throw new UserFacingError(vscode.l10n.t('This result has no more pages.'));
    const { withSkip } = await loadQueryLanguage();
    const skip = (o.firstSkip ?? 0) + o.documents.length;
    const scope = await this.scopeOf(record);
    const database = new CloudDatabase(scope.client, record.env);
    const page = await this.withProgress(vscode.l10n.t('Loading more of {0}…', record.name), (signal) => database.query(withSkip(record.query, skip), { signal }));
    const next: QueryRecord = {
      ...record,
      outcome: { ...o, documents: [...o.documents, ...page.documents.map((d) => d.value)], pager: { offset: page.offset, limit: page.limit, total: page.total }, durationMs: page.durationMs, ...(page.rid ? { rid: page.rid } : {}) },
    };
    await this.services.history.put(next);
    return { record: next, uri: this.services.results.put(next) };
  }

  async openRecord(record: QueryRecord): Promise<vscode.Uri> {
    const uri = this.services.results.put(record);
    await openVirtualDocument(uri, { beside: true });
    return uri;
  }

  private async scopeOf(record: QueryRecord): Promise<CloudScope> {
    const scope = await this.services.findScope(record.connectionId, record.scopeKey);
    if (!scope) throw new UserFacingError(vscode.l10n.t('The connection “{0}” of this run no longer exists.', record.connectionName));
    return scope;
  }

  private async run(target: QueryTarget, analysis: QueryAnalysis): Promise<QueryAnswer> {
    const database = new CloudDatabase(target.scope.client, target.env);
    if (analysis.action === 'add' || analysis.action === 'update' || analysis.action === 'set' || analysis.action === 'remove') await this.askFirst(target, analysis, database);
    const time = Date.now();
    const outcome = await this.withProgress(vscode.l10n.t('Running {0} in {1}…', target.name, target.env), async (signal): Promise<QueryOutcome> => {
      try {
        return await send(database, analysis, signal);
      } catch (error) {
        if (isCancelled(error)) throw error;
        this.services.log.warn(`query ${target.name} in ${target.env}: ${String(error)}`);
        const failed: QueryOutcome = { kind: 'failed', message: describeError(error, vscode.l10n.t) };
        if (error instanceof ApiError) failed.errcode = error.code;
        const rid = (error as { rid?: string }).rid;
        if (rid) failed.rid = rid;
        return failed;
      }
    });
    const record: QueryRecord = {
      id: `${time.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      time,
      connectionId: target.scope.connection.id,
      connectionName: target.scope.connection.name,
      scopeKey: target.scope.key,
      env: target.env,
      collection: analysis.collection,
      name: target.name,
      query: analysis.query,
      action: analysis.action,
      outcome,
    };
    if (target.file) record.file = target.file;
    await this.services.history.put(record);
    const uri = this.services.results.put(record);
    await openVirtualDocument(uri, { beside: true });
    return { record, uri };
  }

  /** Counts what a write touches (the same chain's `count()`; for add, the documents given) and asks. */
  private async askFirst(target: QueryTarget, analysis: QueryAnalysis, database: CloudDatabase): Promise<void> {
    const n =
      analysis.action === 'add'
        ? (analysis.addCount ?? 0)
        : (await this.withProgress(vscode.l10n.t('Counting what {0} would change…', target.name), (signal) => database.count(analysis.countQuery!, { signal }))).count;
    const { collection } = analysis;
    const message = {
      add: () => vscode.l10n.t('Add {0} documents to collection “{1}” in environment {2}?', n, collection, target.env),
      update: () => vscode.l10n.t('Update {0} matching documents in collection “{1}” in environment {2}?', n, collection, target.env),
      set: () => vscode.l10n.t('Replace {0} matching documents in collection “{1}” in environment {2}? When none matches, the document is created.', n, collection, target.env),
      remove: () => vscode.l10n.t('Delete {0} matching documents from collection “{1}” in environment {2}?', n, collection, target.env),
    }[analysis.action as 'add' | 'update' | 'set' | 'remove']();
    const action = { add: vscode.l10n.t('Add'), update: vscode.l10n.t('Update'), set: vscode.l10n.t('Replace'), remove: vscode.l10n.t('Delete') }[analysis.action as 'add' | 'update' | 'set' | 'remove'];
    const query = analysis.query.length > 600 ? `${analysis.query.slice(0, 600)}…` : analysis.query;
    await confirm(message, { detail: `${vscode.l10n.t('Through {0}.', target.scope.connection.name)}\n\n${query}`, action });
  }

  private withProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => controller.abort());
        try {
          return await task(controller.signal);
        } finally {
          cancel.dispose();
        }
      }),
    );
  }
}

/** Sends a checked query through the endpoint its last call names. */
async function send(database: CloudDatabase, analysis: QueryAnalysis, signal: AbortSignal): Promise<QueryOutcome> {
  const options = { signal };
  const common = (a: { durationMs: number; rid?: string }) => (a.rid ? { kind: 'ok' as const, durationMs: a.durationMs, rid: a.rid } : { kind: 'ok' as const, durationMs: a.durationMs });
  switch (analysis.endpoint) {
    case 'query': {
      const page = await database.query(analysis.query, options);
      const documents = page.documents.map((d) => d.value);
      // One document by id has no pages.
      if (analysis.docId !== undefined) return { ...common(page), documents };
      return { ...common(page), documents, pager: { offset: page.offset, limit: page.limit, total: page.total }, firstSkip: analysis.skip ?? 0 };
    }
    case 'count': {
      const answer = await database.count(analysis.query, options);
      return { ...common(answer), count: answer.count };
    }
    case 'aggregate': {
      const answer = await database.aggregate(analysis.query, options);
      return { ...common(answer), documents: answer.documents.map((d) => d.value) };
    }
    case 'add': {
      const answer = await database.add(analysis.query, options);
      return { ...common(answer), ids: answer.ids };
    }
    case 'update': {
      const answer = await database.update(analysis.query, options);
      return { ...common(answer), matched: answer.matched, modified: answer.modified, ...(answer.id ? { id: answer.id } : {}) };
    }
    case 'remove': {
      const answer = await database.remove(analysis.query, options);
      return { ...common(answer), deleted: answer.deleted };
    }
  }
}
