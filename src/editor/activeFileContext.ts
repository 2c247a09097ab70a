import * as vscode from 'vscode';

/**
 * Keeps the context key `key` true while the active editor shows a file `matches` accepts,
 * for the menus and title buttons of one kind of file (event files, query files).
 */
export function activeFileContext(key: string, matches: (uri: vscode.Uri) => boolean, log: vscode.LogOutputChannel): vscode.Disposable {
  const update = (editor: vscode.TextEditor | undefined) => {
    const open = Boolean(editor && matches(editor.document.uri));
    vscode.commands.executeCommand('setContext', key, open).then(undefined, (error: unknown) => log.warn(`could not set ${key}: ${String(error)}`));
  };
  update(vscode.window.activeTextEditor);
  return vscode.window.onDidChangeActiveTextEditor(update);
}
