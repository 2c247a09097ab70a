import * as vscode from 'vscode';

/** The "WeChat Cloud" log channel. Every line written here has been redacted by the core. */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('WeChat Cloud', { log: true });
}
