import * as vscode from 'vscode';
import { parseJsonEvent, MAX_EVENT_BYTES, type JsonEventResult } from '../core/jsonEvent';
import { parseEventUri } from './eventStore';

const fileSchemes = new Set(['file', 'vscode-remote', 'vscode-userdata']);

/** Invalid JSON in an event file, shown where it is while the user types and when an invoke is refused. */
export class EventDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('wxcloud-events');
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.check(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.check(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.collection.delete(doc.uri)),
    );
    for (const doc of vscode.workspace.textDocuments) this.check(doc);
  }

  /** Parses an event file's text and updates its diagnostic; undefined for files that are not events. */
  check(doc: vscode.TextDocument): JsonEventResult | undefined {
    // Not the same path seen through git or a diff: only the file itself.
    if (!fileSchemes.has(doc.uri.scheme) || !parseEventUri(doc.uri)) return undefined;
    const result = parseJsonEvent(doc.getText());
    if (result.ok) {
      if (result.bytes > MAX_EVENT_BYTES) {
        const range = new vscode.Range(0, 0, 0, 0);
        const tooLarge = vscode.l10n.t('The event is {0} bytes; the limit is {1} bytes.', result.bytes, MAX_EVENT_BYTES);
        this.collection.set(doc.uri, [diagnostic(range, tooLarge)]);
      } else {
        this.collection.delete(doc.uri);
      }
      return result;
    }
    const { error } = result;
    const start = doc.positionAt(error.offset);
    const end = doc.positionAt(error.offset + Math.max(error.length, 1));
    const message = vscode.l10n.t('Invalid JSON: {0} (line {1}, column {2}). The event is not sent until this is fixed.', error.message, error.line, error.column);
    this.collection.set(doc.uri, [diagnostic(new vscode.Range(start, end), message)]);
    return result;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function diagnostic(range: vscode.Range, message: string): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
  d.source = 'WeChat Cloud';
  return d;
}
