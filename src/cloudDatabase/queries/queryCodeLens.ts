import * as vscode from 'vscode';
import { parseQueryUri } from './queryFiles';
import { hasMore } from './queryRecord';
import { QUERY_RESULT_SCHEME, type QueryResultProvider } from './queryResult';

/** A query file's first line: Run Query in its environment, and its history. */
export class QueryCodeLensProvider implements vscode.CodeLensProvider {
  static readonly selector: vscode.DocumentSelector = [{ pattern: '**/.wxcloud/queries/*/*.js' }];

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const file = parseQueryUri(doc.uri);
    if (!file) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: vscode.l10n.t('$(play) Run Query in {0}', file.env), command: 'wxcloud.runQuery', arguments: [doc.uri] }),
      new vscode.CodeLens(top, { title: vscode.l10n.t('$(history) Query History'), command: 'wxcloud.showQueryHistory', arguments: [doc.uri] }),
    ];
  }
}

/** A result's first line: Load more while more documents match, and the way back to the query. */
export class QueryResultCodeLensProvider implements vscode.CodeLensProvider {
  static readonly selector: vscode.DocumentSelector = [{ scheme: QUERY_RESULT_SCHEME }];
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly results: QueryResultProvider) {
    this.onDidChangeCodeLenses = (listener, thisArg, disposables) => results.onDidChange(() => listener.call(thisArg, undefined), undefined, disposables);
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const record = this.results.record(doc.uri);
    if (!record) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses: vscode.CodeLens[] = [];
    if (hasMore(record)) lenses.push(new vscode.CodeLens(top, { title: vscode.l10n.t('$(fold-down) Load More'), command: 'wxcloud.loadMoreQueryResults', arguments: [doc.uri] }));
    lenses.push(new vscode.CodeLens(top, { title: vscode.l10n.t('$(debug-rerun) Run Again'), command: 'wxcloud.runQuery', arguments: [doc.uri] }));
    if (record.file) lenses.push(new vscode.CodeLens(top, { title: vscode.l10n.t('$(go-to-file) Open Query'), command: 'wxcloud.openQuery', arguments: [vscode.Uri.parse(record.file)] }));
    return lenses;
  }
}
