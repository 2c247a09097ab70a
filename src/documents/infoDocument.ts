import * as vscode from 'vscode';
import { describeError } from '../core/errors';
import { readTriggers } from '../core/triggers';
import type { CloudScope } from '../editor/connections/scope';
import { joinSegments, splitSegments } from './pathCodec';
import { jsoncDocument, prettyJson } from './jsoncText';
import { unknownConnection, type ScopeAddress, type ScopeRegistry } from './scopeRegistry';
import { Schemes } from './schemes';
import { timerText } from '../editor/timerText';
import { signalOf } from './signal';

/**
 * Read-only facts about an environment or a function, loaded when opened or refreshed:
 * `wxcloud-info:/<conn>/<scope>/<env>/environment.json`, `…/<env>/static-website.json`,
 * `…/<env>/<fn>/<fn>.triggers.json`.
 */
export const INFO_SCHEME = Schemes.info;

export type InfoDocumentKey =
  | (ScopeAddress & { kind: 'environment' })
  | (ScopeAddress & { kind: 'staticWebsite' })
  | (ScopeAddress & { kind: 'triggers'; functionName: string });

const files = { environment: 'environment.json', staticWebsite: 'static-website.json' } as const;

export function toUri(key: InfoDocumentKey): vscode.Uri {
  const base = [key.connectionId, key.scopeKey, key.env];
  const segments = key.kind === 'triggers' ? [...base, key.functionName, `${key.functionName}.triggers.json`] : [...base, files[key.kind]];
  return vscode.Uri.from({ scheme: INFO_SCHEME, path: joinSegments(segments) });
}

export function fromUri(uri: vscode.Uri): InfoDocumentKey | undefined {
  if (uri.scheme !== INFO_SCHEME) return undefined;
  const parts = splitSegments(uri.path);
  const [connectionId, scopeKey, env, fourth, fifth] = parts;
  if (connectionId === undefined || scopeKey === undefined || env === undefined || fourth === undefined) return undefined;
  if (parts.length === 4 && fourth === files.environment) return { kind: 'environment', connectionId, scopeKey, env };
  if (parts.length === 4 && fourth === files.staticWebsite) return { kind: 'staticWebsite', connectionId, scopeKey, env };
  if (parts.length === 5 && fifth === `${fourth}.triggers.json`) return { kind: 'triggers', connectionId, scopeKey, env, functionName: fourth };
  return undefined;
}

export class InfoDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;

  constructor(
    private readonly scopes: ScopeRegistry,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  refresh(uri: vscode.Uri): void {
    this.changes.fire(uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<string> {
    const key = fromUri(uri);
    if (!key) return jsoncDocument([vscode.l10n.t('This address is not a WeChat Cloud document: {0}', uri.toString())]);
    const header = [titleOf(key), vscode.l10n.t('Loaded at {0}. Run the command again to refresh.', new Date().toLocaleString(vscode.env.language))];
    const scope = await this.scopes.get(key);
    if (!scope) return jsoncDocument([...header, unknownConnection()]);
    const signal = signalOf(token);
    try {
      switch (key.kind) {
        case 'environment':
          return await environment(scope, key.env, signal, header);
        case 'staticWebsite':
          return await staticWebsite(scope, key.env, signal, header);
        case 'triggers':
          return await triggers(scope, key.env, key.functionName, signal, header);
      }
    } catch (error) {
      this.log.warn(`${key.kind} document of ${key.env}: ${describeError(error)}`);
      return jsoncDocument([...header, vscode.l10n.t('Could not load: {0}', describeError(error, vscode.l10n.t))]);
    }
  }

  dispose(): void {
    this.changes.dispose();
  }
}

function titleOf(key: InfoDocumentKey): string {
  switch (key.kind) {
    case 'environment':
      return vscode.l10n.t('Environment {0}', key.env);
    case 'staticWebsite':
      return vscode.l10n.t('Static website of environment {0}', key.env);
    case 'triggers':
      return vscode.l10n.t('Triggers of {0} in environment {1}', key.functionName, key.env);
  }
}

async function environment(scope: CloudScope, env: string, signal: AbortSignal, header: string[]): Promise<string> {
  // A platform lists its own environments with describeenvs; a mini program with getenvinfo.
  const envs = scope.client.tokenKindFor('getEnvInfo')
    ? await scope.client.getEnvInfo({ env, signal, fresh: true })
    : await scope.client.describeEnvs({ signal, fresh: true });
  const found = envs.find((e) => e.env === env);
  if (!found) return jsoncDocument([...header, vscode.l10n.t('WeChat did not list environment {0} for this connection.', env)]);
  return jsoncDocument(header, prettyJson(found));
}

async function staticWebsite(scope: CloudScope, env: string, signal: AbortSignal, header: string[]): Promise<string> {
  const sites = await scope.client.describeStaticWebsite({ env, signal, fresh: true });
  const site = sites.find((w) => w.env === env) ?? sites[0];
  if (!site) return jsoncDocument([...header, vscode.l10n.t('Static website hosting is not enabled in this environment.')]);
  return jsoncDocument(header, prettyJson(site));
}

async function triggers(scope: CloudScope, env: string, functionName: string, signal: AbortSignal, header: string[]): Promise<string> {
  const { triggers: list, fromTimerConfig } = await readTriggers(scope.client, scope.kinds, { env, functionName, signal, fresh: true });
  if (fromTimerConfig) header.push(vscode.l10n.t('Read from the timer-trigger configuration (config type 2).'));
  if (list.length === 0) return jsoncDocument([...header, vscode.l10n.t('This function has no triggers.')], '[]');
  const described = list.map((t) => (t.type === 'timer' ? { ...t, ...timerText(t.config) } : t));
  return jsoncDocument(header, prettyJson(described));
}
