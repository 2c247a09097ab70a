import * as vscode from 'vscode';

/** Runs `work` under a cancellable notification; the cancel reaches the requests through the signal. */
export function withCancellableProgress<T>(title: string, work: (signal: AbortSignal, progress: vscode.Progress<{ message?: string }>) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    return work(controller.signal, progress).finally(() => subscription.dispose());
  });
}
