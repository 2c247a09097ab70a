import * as vscode from 'vscode';

const section = 'wxcloud';

function read<T>(key: string, fallback: T): T {
  return vscode.workspace.getConfiguration(section).get<T>(key, fallback);
}

export const settings = {
  /** Application-scoped: a workspace cannot redirect where tokens are sent. */
  apiBaseUrl: () => globalValue('api.baseUrl', 'https://api.weixin.qq.com'),
  readTimeoutMs: () => read('api.timeoutSeconds', 10) * 1000,
  invokeTimeoutMs: () => read('invoke.timeoutSeconds', 15) * 1000,
  tokenCommandTimeoutMs: () => globalValue('platform.tokenCommandTimeoutSeconds', 10) * 1000,
  pageSize: () => read('functions.pageSize', 100),
  documentPageSize: () => Math.min(1000, Math.max(1, read('database.pageSize', 50))),
  cacheTtlMs: () => read('cache.ttlSeconds', 30) * 1000,
  eventStorage: () => read<'workspace' | 'global'>('events.storage', 'workspace'),
  historySize: () => read('history.size', 20),
  /** Application-scoped: where signed code uploads go; a workspace cannot redirect them. */
  codeHostUrl: () => globalValue('deploy.codeHostUrl', 'https://scf.tencentcloudapi.com'),
  deployIncludesNodeModules: () => read('deploy.includeNodeModules', false),
  emulatorCodeMode: () => read<'deployed' | 'live'>('emulator.codeMode', 'live'),
};

/** Reads only the user (global) or default value, ignoring workspace and folder values. */
function globalValue<T>(key: string, fallback: T): T {
  const inspected = vscode.workspace.getConfiguration(section).inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

export function onSettingsChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(section)) listener();
  });
}
