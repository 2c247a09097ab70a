import * as vscode from 'vscode';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ApiError, WxCloudError, describeError } from '../core/errors';
import { restoreMaskedValues, sameConfig, writeFunctionConfig } from '../core/functionConfigWrite';
import type { ConfigDocumentKey } from '../documents/configDocument';
import { MASK } from '../documents/mask';
import { unknownConnection, type ScopeRegistry } from '../documents/scopeRegistry';
import { configTypes } from '../editor/configTypes';
import { confirm } from '../editor/prompts';
import { UserCancelled, UserFacingError } from '../editor/reportError';
import { checkConfig } from './configCheck';
import { ConfigFileSystem, emptyConfig, readServerConfig, type EditSession } from './configFileSystem';

export interface ConfigWriterDeps {
  files: ConfigFileSystem;
  scopes: ScopeRegistry;
  log: vscode.LogOutputChannel;
  /** After a write: the tree and the read-only document show the new values. */
  written: (key: ConfigDocumentKey) => void;
}

/**
 * Saving an edit document: check the edit, read the server again, stop with a diff if the
 * server changed since the document was opened, put masked values back from the server,
 * show the diff of what will change, ask, write, and read back. Anything that stops the save
 * throws, so VS Code keeps the document dirty with the user's text.
 */
export class ConfigWriter {
  /** The last save that failed, as the user was told (tests read it; VS Code shows it on the save). */
  lastFailure: string | undefined;

  constructor(private readonly deps: ConfigWriterDeps) {}

  async save(session: EditSession, text: string): Promise<void> {
    try {
      await this.write(session, text);
      this.lastFailure = undefined;
    } catch (error) {
      const message = failureText(error);
      this.lastFailure = message;
      this.deps.log.warn(`config write ${session.key.functionName} type ${session.key.type} in ${session.key.env}: ${message}`);
      throw new vscode.FileSystemError(message);
    }
  }

  private async write(session: EditSession, text: string): Promise<void> {
    const { key } = session;
    const { files } = this.deps;
    const edited = parseStrictJson(text);
    const problems = checkConfig(key.type, edited);
    if (problems.length) throw new UserFacingError(vscode.l10n.t('Not written: {0}', problems.map((p) => p.message).join(' ')));
    const scope = await this.deps.scopes.get(key);
    if (!scope) throw new UserFacingError(unknownConnection());

    const current = await progress(vscode.l10n.t('Reading the config of {0}…', key.functionName), (signal) => readServerConfig(scope.client, key, signal));
    if (!sameConfig(current, session.baseline)) {
      const opened = files.setSnapshot(session, 'opened', ConfigFileSystem.textOf(key.type, session.baseline ?? emptyConfig(key.type), session.revealed));
      const now = files.setSnapshot(session, 'server', ConfigFileSystem.textOf(key.type, current ?? emptyConfig(key.type), session.revealed));
      await vscode.commands.executeCommand('vscode.diff', opened, now, vscode.l10n.t('{0}: when opened ↔ on the server now', fileName(key)));
      throw new UserFacingError(
        vscode.l10n.t('Not written: the config of {0} changed on the server since you opened it (the diff shows how). Your edit is kept; close the document and edit again to start from the server’s copy.', key.functionName),
      );
    }

    let config = edited;
    if (key.type === 3) {
      const restored = restoreMaskedValues(edited, current, MASK);
      if (restored.unknown.length) {
        throw new UserFacingError(vscode.l10n.t('Not written: {0} still shows the hidden value, but the server has no such variable. Type its value.', restored.unknown.join(', ')));
      }
      config = restored.value;
    }
    if (current !== undefined && sameConfig(config, current)) {
      this.deps.log.info(`config of ${key.functionName} type ${key.type} unchanged: nothing written`);
      return;
    }

    const before = files.setSnapshot(session, 'server', ConfigFileSystem.textOf(key.type, current ?? {}, session.revealed));
    // The right side is the edit as typed: values still hidden stay hidden.
    const after = files.setSnapshot(session, 'edit', ConfigFileSystem.textOf(key.type, edited, true));
    await vscode.commands.executeCommand('vscode.diff', before, after, vscode.l10n.t('{0}: on the server ↔ your edit', fileName(key)));
    await confirm(vscode.l10n.t('Write the {0} of {1} in {2}?', configTypes[key.type].label(), key.functionName, key.env), {
      detail: vscode.l10n.t('WeChat replaces the whole config of this type with your edit (the diff shows what changes). Hidden variable values keep their values on the server.'),
      action: vscode.l10n.t('Write'),
    });
    await progress(vscode.l10n.t('Writing the config of {0}…', key.functionName), (signal) => writeFunctionConfig(scope.client, { env: key.env, functionName: key.functionName, type: key.type, config, signal }));
    this.deps.log.info(`config written: ${key.functionName} type ${key.type} in ${key.env}`);
    session.baseline = await readServerConfig(scope.client, key);
    this.deps.written(key);
  }
}

/**
 * The edit as JSON. Where it is not, the message names the position and the kind of
 * problem only: `JSON.parse`'s own message quotes the text, which may hold a revealed value.
 */
function parseStrictJson(text: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return value;
  const before = text.slice(0, first.offset).split(/\r\n|\r|\n/);
  throw new UserFacingError(vscode.l10n.t('Not written: the document is not valid JSON ({0} at line {1}, column {2}).', printParseErrorCode(first.error), before.length, before[before.length - 1]!.length + 1));
}

function fileName(key: ConfigDocumentKey): string {
  return `${key.functionName}.${configTypes[key.type].flag}.json`;
}

function failureText(error: unknown): string {
  if (error instanceof UserCancelled) return vscode.l10n.t('Not written: you cancelled. Your edit is kept.');
  if (error instanceof ApiError) {
    const errmsg = error.errmsg.replace(/\s*rid:\s*\S+\s*$/, '') || describeError(error, vscode.l10n.t);
    return vscode.l10n.t('Not written. WeChat answered: {0} (errcode {1}, rid {2})', errmsg, error.code, error.rid ?? '—');
  }
  if (error instanceof WxCloudError) return vscode.l10n.t('Not written: {0}', describeError(error, vscode.l10n.t));
  return error instanceof Error ? error.message : String(error);
}

/** Slow work under a cancellable progress notification. */
function progress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_p, token) => {
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    try {
      return await work(controller.signal);
    } finally {
      cancel.dispose();
    }
  });
}
