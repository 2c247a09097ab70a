import * as vscode from 'vscode';
import { InvalidInputError } from '../core/errors';
import { MAX_EVENT_BYTES } from '../core/jsonEvent';
import { settings } from '../editor/settings';
import { UserFacingError } from '../editor/reportError';
import type { CloudScope } from '../editor/connections/scope';
import type { ScopeLookup } from '../editor/scopeLookup';
import type { FunctionTarget } from '../tree/navigation';
import { openVirtualDocument } from '../documents/openDocument';
import type { EventFile, EventStore } from './eventStore';
import type { HistoryStore } from './historyStore';
import type { EventDiagnostics } from './eventDiagnostics';
import type { ResultDocumentProvider } from './resultDocument';
import { failedOutcome, okOutcome, type InvokeOutcome, type InvokeRecord } from './invokeRecord';

const eventScopesKey = 'wxcloud.eventScopes';

/** What a parsed event is: its value to send and how it was named. */
export interface PreparedEvent {
  value: unknown;
  bodyText: string;
  name?: string;
}

export interface InvokerServices {
  log: vscode.LogOutputChannel;
  workspaceState: vscode.Memento;
  events: EventStore;
  history: HistoryStore;
  results: ResultDocumentProvider;
  diagnostics: EventDiagnostics;
  findScope: ScopeLookup;
  /** The scope an environment is called through when nothing is remembered for it. */
  scopeForEnvironment(env: string, remembered?: { connectionId: string; scopeKey: string }): Promise<CloudScope>;
  /** The local emulator's own mini program, started on demand. */
  localScope(): Promise<{ scope: CloudScope; env: string }>;
}

export type InvokeAnswer = { record: InvokeRecord; uri: vscode.Uri };

/**
 * The invoke use case: check an event, send it with progress and cancellation, keep the
 * record, open the result. Every invoke that was attempted opens a result, failed or not.
 */
export class Invoker {
  constructor(private readonly services: InvokerServices) {}

  /**
   * Reads an event file (the editor's text when it is open, saved or not) and checks it. Invalid
   * JSON puts a diagnostic where it is, shows the file and throws: nothing is sent.
   */
  async prepare(event: EventFile): Promise<PreparedEvent> {
    const doc = await vscode.workspace.openTextDocument(event.uri);
    const checked = this.services.diagnostics.check(doc);
    if (!checked) throw new UserFacingError(vscode.l10n.t('{0} is not an event file.', event.uri.fsPath));
    if (!checked.ok) {
      const at = doc.positionAt(checked.error.offset);
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
    return this.services.scopeForEnvironment(event.env, this.rememberedScopes()[event.env]);
  }

  /**
   * Invokes with an event file: checks it (unless the caller already did, and passes what it
   * read), sends it, records it, opens the result beside the editor.
   */
  async invokeEventFile(target: FunctionTarget, event: EventFile, where: 'remote' | 'local' = 'remote', show = true, checked?: PreparedEvent): Promise<InvokeAnswer> {
    const prepared = checked ?? (await this.prepare(event));
    await this.services.events.setLastUsed(event);
    if (where === 'remote') await this.rememberScope(target);
    return this.invoke(target, prepared, where, show);
  }

  /**
   * Sends one event with a cancellable progress notification. Cancelling aborts the request
   * (never retried). Any other failure becomes the result the user sees, saying what is known
   * of it (it threw, timed out, may have run, was refused); only a cancel is thrown on.
   */
  async invoke(target: FunctionTarget, event: PreparedEvent, where: 'remote' | 'local' = 'remote', show = true): Promise<InvokeAnswer> {
    const { scope, env, functionName } = target;
    const time = Date.now();
    const title = where === 'local' ? vscode.l10n.t('Invoking {0} in the local emulator…', functionName) : vscode.l10n.t('Invoking {0} in {1}…', functionName, env);
    const { outcome, durationMs } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (_progress, token): Promise<{ outcome: InvokeOutcome; durationMs: number }> => {
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => controller.abort());
        const started = performance.now();
        try {
          const result = await scope.client.invoke({ env, name: functionName, event: event.value, signal: controller.signal, timeoutMs: settings.invokeTimeoutMs(), workspaceCode: where === 'local' });
          return { outcome: okOutcome(result), durationMs: result.durationMs };
        } catch (error) {
          // Every failure but a cancel opens as the result, so the previous result never stands in for this one.
          const failed = failedOutcome(error);
          if (!failed) throw error;
          this.services.log.warn(`invoke ${functionName} in ${env}: ${failed.message}`);
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
    await this.services.history.add(record);
    const uri = this.services.results.put(record);
    if (show) await openVirtualDocument(uri, { beside: true });
    return { record, uri };
  }

  /** Runs a past invocation again with the same event, through the same connection (or the local emulator). */
  async rerun(record: InvokeRecord): Promise<InvokeAnswer> {
    let target: FunctionTarget;
    if (record.target === 'local') {
      const local = await this.services.localScope();
      target = { scope: local.scope, env: local.env, functionName: record.functionName };
    } else {
      const scope = await this.services.findScope(record.connectionId, record.scopeKey);
      if (!scope) throw new UserFacingError(vscode.l10n.t('The connection “{0}” of this run no longer exists.', record.connectionName));
      target = { scope, env: record.env, functionName: record.functionName };
    }
    const value: unknown = JSON.parse(record.event);
    return this.invoke(target, { value, bodyText: record.event, name: record.eventName }, record.target);
  }

  /** Opens a result already in the history. */
  async openRecord(record: InvokeRecord): Promise<vscode.Uri> {
    const uri = this.services.results.put(record);
    await openVirtualDocument(uri, { beside: true });
    return uri;
  }

  private rememberedScopes(): Record<string, { connectionId: string; scopeKey: string }> {
    return this.services.workspaceState.get<Record<string, { connectionId: string; scopeKey: string }>>(eventScopesKey, {});
  }

  private async rememberScope(target: FunctionTarget): Promise<void> {
    const all = { ...this.rememberedScopes(), [target.env]: { connectionId: target.scope.connection.id, scopeKey: target.scope.key } };
    await this.services.workspaceState.update(eventScopesKey, all);
  }
}
