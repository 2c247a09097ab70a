import * as vscode from 'vscode';
import { settings } from '../../editor/settings';
import type { CloudScope } from '../../editor/connections/scope';
import type { ScopeLookup } from '../../editor/scopeLookup';
import { QueryFiles, parseQueryUri } from './queryFiles';
import { QueryHistory } from './queryHistory';
import { QueryDiagnostics } from './queryDiagnostics';
import { QueryCodeLensProvider, QueryResultCodeLensProvider } from './queryCodeLens';
import { QUERY_RESULT_SCHEME, QueryResultProvider } from './queryResult';
import { QueryRunner } from './queryRunner';
import { ensureQueryTypes } from './queryTypes';
import { activeFileContext } from '../../editor/activeFileContext';

export interface QueryFeatureServices {
  log: vscode.LogOutputChannel;
  findScope: ScopeLookup;
  scopeForEnvironment(env: string, remembered?: { connectionId: string; scopeKey: string }): Promise<CloudScope>;
}

/**
 * Query files: the files, their diagnostics and CodeLens, the runner, the history, the result
 * documents, and the `wxcloud.queryFileOpen` context key for the editor title's Run Query.
 */
export class QueryFeature implements vscode.Disposable {
  readonly files: QueryFiles;
  readonly history: QueryHistory;
  readonly results: QueryResultProvider;
  readonly diagnostics: QueryDiagnostics;
  readonly runner: QueryRunner;
  private readonly registrations: vscode.Disposable[];
  private typesRefreshed = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    services: QueryFeatureServices,
  ) {
    const { log } = services;
    this.files = new QueryFiles(context);
    this.history = new QueryHistory(context.globalState, settings.historySize);
    this.results = new QueryResultProvider((id) => this.history.get(id));
    this.diagnostics = new QueryDiagnostics(log);
    this.runner = new QueryRunner({ ...services, workspaceState: context.workspaceState, history: this.history, results: this.results, diagnostics: this.diagnostics });
    this.registrations = [
      this.diagnostics,
      this.results,
      vscode.workspace.registerTextDocumentContentProvider(QUERY_RESULT_SCHEME, this.results),
      vscode.languages.registerCodeLensProvider(QueryCodeLensProvider.selector, new QueryCodeLensProvider()),
      vscode.languages.registerCodeLensProvider(QueryResultCodeLensProvider.selector, new QueryResultCodeLensProvider(this.results)),
      activeFileContext('wxcloud.queryFileOpen', (uri) => Boolean(parseQueryUri(uri)), log),
      // The first query file opened in a session brings generated declarations up to this version's.
      vscode.workspace.onDidOpenTextDocument((doc) => {
        if (this.typesRefreshed || doc.uri.scheme !== 'file' || !parseQueryUri(doc.uri)) return;
        this.typesRefreshed = true;
        this.ensureTypes(false).catch((error: unknown) => log.warn(`could not refresh the query declarations: ${String(error)}`));
      }),
    ];
  }

  /** The declarations and jsconfig.json that give query files completion, in the queries folder; `ask` before replacing a user's jsconfig. */
  ensureTypes(ask = true): Promise<void> {
    return ensureQueryTypes(this.files.root(), vscode.Uri.joinPath(this.context.extensionUri, 'media', 'query-language.d.ts'), { ask });
  }

  dispose(): void {
    for (const d of this.registrations) d.dispose();
  }
}
