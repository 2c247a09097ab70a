import * as vscode from 'vscode';
import type { LocalFunctions } from '../editor/localFunctions';
import { settings } from '../editor/settings';
import { EventStore, parseEventUri } from './eventStore';
import { HistoryStore } from './historyStore';
import { EventDiagnostics } from './eventDiagnostics';
import { EventCodeLensProvider } from './eventCodeLens';
import { ResultDocumentProvider, RESULT_SCHEME } from './resultDocument';
import { activeFileContext } from '../editor/activeFileContext';

/**
 * What invoking needs from the editor: event files with their diagnostics and CodeLens, the
 * history, the result documents, and the `wxcloud.eventFileOpen` context key.
 */
export class InvokeFeature implements vscode.Disposable {
  readonly events: EventStore;
  readonly history: HistoryStore;
  readonly results: ResultDocumentProvider;
  readonly diagnostics = new EventDiagnostics();
  private readonly registrations: vscode.Disposable[];

  constructor(context: vscode.ExtensionContext, localFunctions: LocalFunctions, log: vscode.LogOutputChannel) {
    this.events = new EventStore(context);
    this.history = new HistoryStore(context.globalState, settings.historySize);
    this.results = new ResultDocumentProvider((id) => this.history.get(id));
    this.registrations = [
      this.diagnostics,
      vscode.workspace.registerTextDocumentContentProvider(RESULT_SCHEME, this.results),
      vscode.languages.registerCodeLensProvider(EventCodeLensProvider.selector, new EventCodeLensProvider(localFunctions)),
      activeFileContext('wxcloud.eventFileOpen', (uri) => Boolean(parseEventUri(uri)), log),
    ];
  }

  dispose(): void {
    for (const d of this.registrations) d.dispose();
  }
}
