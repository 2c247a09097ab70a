import * as vscode from 'vscode';

/** `912 bytes`, `14.2 KB`, `3.4 MB`: sizes as a person reads them. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return vscode.l10n.t('{0} bytes', bytes);
  if (bytes < 1024 * 1024) return vscode.l10n.t('{0} KB', (bytes / 1024).toFixed(1));
  return vscode.l10n.t('{0} MB', (bytes / 1024 / 1024).toFixed(1));
}
