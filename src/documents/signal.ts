import type * as vscode from 'vscode';

/** An AbortSignal that fires when VS Code cancels the request (the document was closed meanwhile). */
export function signalOf(token: vscode.CancellationToken | undefined): AbortSignal {
  const controller = new AbortController();
  if (token?.isCancellationRequested) controller.abort();
  token?.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
