import * as vscode from 'vscode';
import type { QueryAnalysis, QueryProblem } from '../../core/database/queryLanguage';
import { loadQueryLanguage } from '../../editor/queryLanguageLoader';
import { parseQueryUri } from './queryFiles';

const fileSchemes = new Set(['file', 'vscode-remote', 'vscode-userdata']);

/** A problem's message in the user's language. */
export function problemMessage(problem: QueryProblem): string {
  const detail = vscode.l10n.t(problem.template, ...problem.args);
  return vscode.l10n.t('Not a query: {0} (line {1}, column {2}). Nothing is sent until this is fixed.', detail, problem.line, problem.column);
}

/** What is wrong in a query file, shown where it is while the user types and when a run is refused. */
export class QueryDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('wxcloud-queries');
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly log: vscode.LogOutputChannel) {
    const quietly = (doc: vscode.TextDocument) => void this.check(doc).catch((error: unknown) => this.log.warn(`checking ${doc.uri.path}: ${String(error)}`));
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument(quietly),
      vscode.workspace.onDidChangeTextDocument((e) => quietly(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.collection.delete(doc.uri)),
    );
    for (const doc of vscode.workspace.textDocuments) quietly(doc);
  }

  /** Reads a query file's text and updates its diagnostic; undefined for files that are not queries. */
  async check(doc: vscode.TextDocument): Promise<QueryAnalysis | QueryProblem | undefined> {
    if (!fileSchemes.has(doc.uri.scheme) || !parseQueryUri(doc.uri)) return undefined;
    const version = doc.version;
    const text = doc.getText();
    const { analyseQuery } = await loadQueryLanguage();
    const result = analyseQuery(text);
    // A newer edit has its own check on the way.
    if (doc.version !== version) return result;
    if (result.ok) {
      this.collection.delete(doc.uri);
      return result;
    }
    const range = new vscode.Range(doc.positionAt(result.offset), doc.positionAt(result.offset + Math.max(result.length, 1)));
    const d = new vscode.Diagnostic(range, problemMessage(result), vscode.DiagnosticSeverity.Error);
    d.source = 'WeChat Cloud';
    this.collection.set(doc.uri, [d]);
    return result;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
