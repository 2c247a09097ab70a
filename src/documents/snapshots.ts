import * as vscode from 'vscode';
import { Schemes } from './schemes';

/**
 * Read-only texts held in memory for the left side of a diff (the server's copy of a document
 * at the moment of a save). Each address is used once; the newest hundred are kept.
 */
export class Snapshots implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private counter = 0;

  /** A new address for `text`; `name` ends the path, so the tab title and language follow it. */
  add(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: Schemes.snapshot, path: `/${++this.counter}/${name}` });
    this.texts.set(uri.toString(), text);
    if (this.texts.size > 100) this.texts.delete(this.texts.keys().next().value as string);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? vscode.l10n.t('// This snapshot is no longer kept.');
  }
}
