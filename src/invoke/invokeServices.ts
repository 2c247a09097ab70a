import * as vscode from 'vscode';
import { UserFacingError } from '../editor/reportError';
import { InvalidInputError } from '../core/errors';
import { MAX_EVENT_BYTES } from '../core/jsonEvent';
import { settings } from '../editor/settings';
import type { CloudScope } from '../editor/connections/scope';
import type { CommandContext } from '../commands/commandContext';
import { ScopeRegistry } from '../documents/scopeRegistry';
import { ResultDocumentProvider, RESULT_SCHEME } from '../documents/resultDocument';
import { ConfigDocumentProvider, CONFIG_SCHEME } from '../documents/configDocument';
import { InfoDocumentProvider, INFO_SCHEME } from '../documents/infoDocument';
import { EventStore, parseEventUri, type EventFile } from './eventStore';
import { HistoryStore } from './historyStore';
import { EventDiagnostics } from './eventDiagnostics';
import { EventCodeLensProvider } from './eventCodeLens';
import { failedOutcome, okOutcome, type InvokeOutcome, type InvokeRecord } from './invokeRecord';
import { findScope, scopeForEnvironment, type FunctionTarget } from './targets';

const eventScopesKey = 'wxcloud.eventScopes';

/** What a parsed event is: its value to send and how it was named. */
export interface PreparedEvent {
  value: unknown;
  bodyText: string;
  name?: string;
}

/**
 * Invoke and documents: event files, the history, the result/config/info documents and their
 * providers, the event diagnostics and CodeLens. Built in `extension.ts` with
 * `new InvokeServices(context, log)`; `register(ctx)` returns the registrations.
 */
export class InvokeServices implements vscode.Disposable {
  readonly events: EventStore;
  readonly history: HistoryStore;
  readonly results: ResultDocumentProvider;
  readonly configs: ConfigDocumentProvider;
  readonly info: InfoDocumentProvider;
  readonly scopes: ScopeRegistry;
  private diagnostics?: EventDiagnostics;
  private ctx?: CommandContext;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.events = new EventStore(context);
    this.history = new HistoryStore(context.globalState, settings.historySize);
    this.results = new ResultDocumentProvider((id) => this.history.get(id));
    this.scopes = new ScopeRegistry((connectionId, scopeKey) => (this.ctx ? findScope(this.ctx, connectionId, scopeKey) : Promise.resolve(undefined)));
    this.configs = new ConfigDocumentProvider(this.scopes);
    this.info = new InfoDocumentProvider(this.scopes);
  }

  /** The content providers, CodeLens, diagnostics and the `wxcloud.eventFileOpen` context key. */
  register(ctx: CommandContext): vscode.Disposable[] {
    this.ctx = ctx;
    this.diagnostics = new EventDiagnostics();
    const setEventContext = (editor: vscode.TextEditor | undefined) =>
      void vscode.commands.executeCommand('setContext', 'wxcloud.eventFileOpen', Boolean(editor && parseEventUri(editor.document.uri)));
    setEventContext(vscode.window.activeTextEditor);
    return [
      this.diagnostics,
      vscode.workspace.registerTextDocumentContentProvider(RESULT_SCHEME, this.results),
      vscode.workspace.registerTextDocumentContentProvider(CONFIG_SCHEME, this.configs),
      vscode.workspace.registerTextDocumentContentProvider(INFO_SCHEME, this.info),
      vscode.languages.registerCodeLensProvider(EventCodeLensProvider.selector, new EventCodeLensProvider(ctx.localFunctions)),
      vscode.window.onDidChangeActiveTextEditor(setEventContext),
      ctx.store.onDidChange(() => this.scopes.clear()),
    ];
  }

  private get command(): CommandContext {
    if (!this.ctx) throw new Error('InvokeServices.register(ctx) was not called');
    return this.ctx;
  }

  /**
   * Reads an event file (the editor's text when it is open, saved or not) and checks it. Invalid
   * JSON puts a diagnostic where it is, shows the file and throws: nothing is sent.
   */
  async prepare(event: EventFile): Promise<PreparedEvent> {
    const doc = await vscode.workspace.openTextDocument(event.uri);
    const checked = this.diagnostics?.check(doc);
    if (!checked) throw new Error(`not an event file: ${event.uri.toString()}`);
    if (!checked.ok) {
      const { error } = checked;
      const at = doc.positionAt(error.offset);
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at), preview: false });
      throw new InvalidInputError({ endpoint: 'tcb/invokecloudfunction', messageKey: 'eventNotJson' });
    }
    if (checked.bytes > MAX_EVENT_BYTES) {
      throw new InvalidInputError({ endpoint: 'tcb/invokecloudfunction', messageKey: 'eventTooLarge', messageArgs: [checked.bytes, MAX_EVENT_BYTES] });
    }
    return { value: checked.value, bodyText: checked.bodyText, name: event.name };
  }

  /** The scope an event file of this environment is sent through: the one last used for it, or found in the tree. */
  async scopeForEvent(event: EventFile): Promise<CloudScope> {
    const remembered = this.context.workspaceState.get<Record<string, { connectionId: string; scopeKey: string }>>(eventScopesKey, {})[event.env];
    return scopeForEnvironment(this.command, event.env, remembered);
  }

  private async rememberScope(target: FunctionTarget): Promise<void> {
    const all = { ...this.context.workspaceState.get<Record<string, { connectionId: string; scopeKey: string }>>(eventScopesKey, {}) };
    all[target.env] = { connectionId: target.scope.connection.id, scopeKey: target.scope.key };
    await this.context.workspaceState.update(eventScopesKey, all);
  }

  /** Invokes with an event file: checks it, sends it, records it, opens the result beside the editor. */
  async invokeEventFile(target: FunctionTarget, event: EventFile, where: 'remote' | 'local' = 'remote', show = true): Promise<{ record: InvokeRecord; uri: vscode.Uri }> {
    const prepared = await this.prepare(event);
    await this.events.setLastUsed(event);
    if (where === 'remote') await this.rememberScope(target);
    return this.invoke(target, prepared, where, show);
  }

  /**
   * Sends one event with a cancellable progress notification. Cancelling aborts the request
   * (never retried). The function's own failures (threw, timed out, missing, may have run)
   * become a result like any other; everything else is thrown to the command wrapper.
   */
  async invoke(target: FunctionTarget, event: PreparedEvent, where: 'remote' | 'local' = 'remote', show = true): Promise<{ record: InvokeRecord; uri: vscode.Uri }> {
    const { scope, env, functionName } = target;
    const time = Date.now();
    const title =
      where === 'local'
        ? vscode.l10n.t('Invoking {0} in the local emulator…', functionName)
        : vscode.l10n.t('Invoking {0} in {1}…', functionName, env);
    const { outcome, durationMs } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (_progress, token): Promise<{ outcome: InvokeOutcome; durationMs: number }> => {
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => controller.abort());
        const started = performance.now();
        try {
          const result = await scope.client.invoke({ env, name: functionName, event: event.value, signal: controller.signal, timeoutMs: settings.invokeTimeoutMs() });
          return { outcome: okOutcome(result), durationMs: result.durationMs };
        } catch (error) {
          const failed = failedOutcome(error);
          if (!failed) throw error;
          this.log.warn(`invoke ${functionName} in ${env}: ${failed.message}`);
          return { outcome: failed, durationMs: performance.now() - started };
        } finally {
          cancel.dispose();
        }
      },
    );
    const record: InvokeRecord = {
      id: `${time.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      time,
      connectionId: scope.connection.id,
      connectionName: scope.connection.name,
      scopeKey: scope.key,
      env,
      functionName,
      target: where,
      event: event.bodyText,
      durationMs,
      outcome,
    };
    if (event.name !== undefined) record.eventName = event.name;
    await this.history.add(record);
    const uri = this.results.put(record);
    if (show) await this.showResult(uri);
    return { record, uri };
  }

  /** Runs a past invocation again with the same event, through the same connection (or the local emulator). */
  async rerun(record: InvokeRecord): Promise<{ record: InvokeRecord; uri: vscode.Uri }> {
    let target: FunctionTarget;
    if (record.target === 'local') {
      const local = await this.command.emulator.ensureLocalScope();
      target = { scope: local.scope, env: local.env, functionName: record.functionName };
    } else {
      const scope = await findScope(this.command, record.connectionId, record.scopeKey);
      if (!scope) throw new UserFacingError(vscode.l10n.t('The connection “{0}” of this run no longer exists.', record.connectionName));
      target = { scope, env: record.env, functionName: record.functionName };
    }
    const value: unknown = JSON.parse(record.event);
    return this.invoke(target, { value, bodyText: record.event, name: record.eventName }, record.target);
  }

  /** Opens a result already in the history. */
  async openRecord(record: InvokeRecord): Promise<vscode.Uri> {
    const uri = this.results.put(record);
    await this.showResult(uri);
    return uri;
  }

  async showResult(uri: vscode.Uri): Promise<vscode.TextDocument> {
    return openVirtualDocument(uri, { beside: true });
  }

  dispose(): void {
    this.configs.dispose();
    this.info.dispose();
  }
}

/**
 * Opens a read-only virtual document as JSON with comments (its header lines are comments).
 * `beside` keeps the focus in the editor the user was in.
 */
export async function openVirtualDocument(uri: vscode.Uri, options: { beside?: boolean } = {}): Promise<vscode.TextDocument> {
  let doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'jsonc') doc = await vscode.languages.setTextDocumentLanguage(doc, 'jsonc');
  await vscode.window.showTextDocument(doc, {
    viewColumn: options.beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
    preserveFocus: Boolean(options.beside),
    preview: false,
  });
  return doc;
}

/** Opens a document, or asks its provider to load it again when it is already open. */
export async function openOrRefresh(uri: vscode.Uri, provider: { refresh(uri: vscode.Uri): void }): Promise<vscode.TextDocument> {
  const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  if (open) provider.refresh(uri);
  return openVirtualDocument(uri);
}
