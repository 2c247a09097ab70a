import * as vscode from 'vscode';
import type { LocalFunctions } from '../editor/localFunctions';
import { parseEventUri } from './eventStore';

/** Event files get their actions on the first line: Invoke, Invoke Locally (when the workspace has the function), History. */
export class EventCodeLensProvider implements vscode.CodeLensProvider {
  static readonly selector: vscode.DocumentSelector = [{ pattern: '**/.wxcloud/events/*/*/*.json' }];

  constructor(private readonly localFunctions: LocalFunctions) {}

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const event = parseEventUri(doc.uri);
    if (!event) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(top, {
        title: vscode.l10n.t('$(play) Invoke {0} in {1}', event.functionName, event.env),
        command: 'wxcloud.invokeFunction',
        arguments: [doc.uri],
      }),
    ];
    if (this.localFunctions.has(event.functionName)) {
      lenses.push(new vscode.CodeLens(top, { title: vscode.l10n.t('$(debug-alt) Invoke Locally'), command: 'wxcloud.invokeLocally', arguments: [doc.uri] }));
    }
    lenses.push(new vscode.CodeLens(top, { title: vscode.l10n.t('$(history) History'), command: 'wxcloud.showHistory', arguments: [doc.uri] }));
    return lenses;
  }
}
