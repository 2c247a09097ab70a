import * as vscode from 'vscode';
import { ApiError, describeError } from '../core/errors';
import type { FunctionConfigType } from '../core/types';
import { joinSegments, splitSegments } from './pathCodec';
import { jsoncDocument, prettyJson } from './jsoncText';
import { maskEnvironmentValues } from './mask';
import { unknownConnection, type ScopeAddress, type ScopeRegistry } from './scopeRegistry';
import { Schemes } from './schemes';
import { configTypes } from '../editor/configTypes';
import { signalOf } from './signal';

/** A function's `getfuncconfig` answer of one type, read-only: `wxcloud-config:/<conn>/<scope>/<env>/<fn>/<fn>.<kind>.json`. */
export const CONFIG_SCHEME = Schemes.config;

export interface ConfigDocumentKey extends ScopeAddress {
  functionName: string;
  type: FunctionConfigType;
}

export function toUri(key: ConfigDocumentKey): vscode.Uri {
  const file = `${key.functionName}.${configTypes[key.type].flag}.json`;
  return vscode.Uri.from({ scheme: CONFIG_SCHEME, path: joinSegments([key.connectionId, key.scopeKey, key.env, key.functionName, file]) });
}

export function fromUri(uri: vscode.Uri): ConfigDocumentKey | undefined {
  if (uri.scheme !== CONFIG_SCHEME) return undefined;
  const parts = splitSegments(uri.path);
  if (parts.length !== 5) return undefined;
  const [connectionId, scopeKey, env, functionName, file] = parts as [string, string, string, string, string];
  for (const type of [1, 2, 3] as const) {
    if (file === `${functionName}.${configTypes[type].flag}.json`) return { connectionId, scopeKey, env, functionName, type };
  }
  return undefined;
}

/**
 * Loads a config each time VS Code asks (on open, and when the user runs the command again),
 * and turns failures into readable text. Environment variable values stay masked until
 * revealed for that one document; closing the document hides them again.
 */
export class ConfigDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;
  private readonly revealed = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [this.changes];

  constructor(
    private readonly scopes: ScopeRegistry,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(vscode.workspace.onDidCloseTextDocument((doc) => this.revealed.delete(doc.uri.toString())));
  }

  refresh(uri: vscode.Uri): void {
    this.changes.fire(uri);
  }

  reveal(uri: vscode.Uri): void {
    this.revealed.add(uri.toString());
    this.changes.fire(uri);
  }

  isRevealed(uri: vscode.Uri): boolean {
    return this.revealed.has(uri.toString());
  }

  async provideTextDocumentContent(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<string> {
    const key = fromUri(uri);
    if (!key) return jsoncDocument([vscode.l10n.t('This address is not a function configuration: {0}', uri.toString())]);
    const header = [
      vscode.l10n.t('{0} · {1} (config type {2})', key.functionName, configTypes[key.type].label(), key.type),
      vscode.l10n.t('Environment: {0}', key.env),
      vscode.l10n.t('Loaded at {0}. Run the command again to refresh.', new Date().toLocaleString(vscode.env.language)),
    ];
    const scope = await this.scopes.get(key);
    if (!scope) return jsoncDocument([...header, unknownConnection()]);
    try {
      const config = await scope.client.getFunctionConfig({ env: key.env, functionName: key.functionName, type: key.type, signal: signalOf(token), fresh: true });
      if (!config.parsed) return jsoncDocument([...header, vscode.l10n.t('The configuration is not JSON; shown as returned:')], config.raw);
      if (key.type !== 3) return jsoncDocument(header, prettyJson(config.value));
      if (this.isRevealed(uri)) {
        return jsoncDocument([...header, vscode.l10n.t('Environment variable values are shown. Close this document to hide them again.')], prettyJson(config.value));
      }
      const masked = maskEnvironmentValues(config.value);
      if (masked.count > 0) header.push(vscode.l10n.t('Environment variable values are hidden. Run “{0}” (the link above) to show them in this document.', revealTitle()));
      return jsoncDocument(header, prettyJson(masked.value));
    } catch (error) {
      this.log.warn(`config ${key.functionName} type ${key.type} in ${key.env}: ${describeError(error)}`);
      if (error instanceof ApiError && error.code === 85089) {
        return jsoncDocument([...header, vscode.l10n.t('This function has no configuration of this type.'), describeError(error, vscode.l10n.t)]);
      }
      return jsoncDocument([...header, vscode.l10n.t('Could not load the configuration: {0}', describeError(error, vscode.l10n.t))]);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}


/** The command that shows the masked values, by the title the user sees in the palette. */
export function revealTitle(): string {
  return vscode.l10n.t('Reveal Environment Variable Values');
}

/** A "Reveal Environment Variable Values" link at the top of a masked environment config. */
export class RevealValuesCodeLens implements vscode.CodeLensProvider {
  static readonly selector: vscode.DocumentSelector = { scheme: CONFIG_SCHEME };

  constructor(private readonly configs: ConfigDocumentProvider) {}

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const key = fromUri(document.uri);
    if (!key || key.type !== 3 || this.configs.isRevealed(document.uri)) return [];
    return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { command: 'wxcloud.revealSecretValues', title: `$(eye) ${revealTitle()}`, arguments: [document.uri] })];
  }
}
