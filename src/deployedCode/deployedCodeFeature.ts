import * as vscode from 'vscode';
import type { CodeFiles } from '../core/code/codeZip';
import { compareCode, type CodeDiff } from '../core/code/codeZip';
import { downloadCode } from '../core/code/deployedCode';
import { DeployedCodeStates, deployedCodeStates, type DeployedCodeState } from '../editor/deployedCodeState';
import type { LocalFunctions } from '../editor/localFunctions';
import { pick } from '../editor/prompts';
import { settings } from '../editor/settings';
import type { FunctionTarget } from '../tree/navigation';
import { CODE_SCHEME, CodeFileSystem, codeUri, emptyUri, type SnapshotKey } from './codeFileSystem';
import { localFunctionFolder, readLocalCode, withoutNodeModules } from './localCode';
import { sizeText } from './sizeText';
import { withCancellableProgress } from './progress';

export function snapshotKey(target: FunctionTarget): SnapshotKey {
  return [`${target.scope.connection.id}~${target.scope.key}`, target.env, target.functionName];
}

export function stateKey(target: FunctionTarget): string {
  return DeployedCodeStates.key(target.scope.connection.id, target.scope.key, target.env, target.functionName);
}

export interface CompareResult {
  diff: CodeDiff;
  /** The diff editor opened for the file chosen, if any. */
  opened?: { left: vscode.Uri; right: vscode.Uri };
}

/**
 * Deployed code in the editor: downloaded (checked against WeChat's checksum) into a
 * read-only `wxcloud-code:` file system, compared with the workspace's function folder, and
 * the state of that comparison for the function rows.
 */
export class DeployedCodeFeature implements vscode.Disposable {
  readonly files = new CodeFileSystem();
  private readonly registrations: vscode.Disposable[];

  constructor(private readonly localFunctions: LocalFunctions) {
    this.registrations = [vscode.workspace.registerFileSystemProvider(CODE_SCHEME, this.files, { isReadonly: true, isCaseSensitive: true }), this.files];
  }

  /** Downloads and verifies the code, keeps it as a snapshot; nothing is kept when the checksum does not match. */
  async download(target: FunctionTarget): Promise<{ key: SnapshotKey; files: CodeFiles }> {
    const code = await withCancellableProgress(vscode.l10n.t('Downloading the deployed code of {0}…', target.functionName), (signal) =>
      downloadCode(target.scope.client, { env: target.env, functionName: target.functionName, signal }),
    );
    const key = snapshotKey(target);
    this.files.put(key, code.files);
    return { key, files: code.files };
  }

  /** Downloads, then offers the files in a quick pick and opens the one chosen, read-only. */
  async open(target: FunctionTarget): Promise<vscode.Uri> {
    const { key, files } = await this.download(target);
    const names = [...files.keys()].sort();
    const chosen = await pick(
      names.map((name) => ({ label: name, description: sizeText(files.get(name)!.length) })),
      { title: vscode.l10n.t('Deployed code of {0} ({1})', target.functionName, target.env), placeHolder: vscode.l10n.t('{0} files; choose one to open (read-only)', names.length), matchOnDescription: false },
    );
    const uri = codeUri(key, chosen.label);
    await vscode.window.showTextDocument(uri, { preview: true });
    return uri;
  }

  /**
   * Lists the files added, removed and changed from the deployed code to the workspace's
   * folder, sets the function's state, and opens VS Code's diff of the file chosen.
   */
  async compare(target: FunctionTarget, onState: () => Promise<void>): Promise<CompareResult> {
    const local = await localFunctionFolder(this.localFunctions, target.functionName);
    const include = settings.deployIncludesNodeModules();
    const { key, files } = await this.download(target);
    const diff = compareCode(withoutNodeModules(files, include), await readLocalCode(local.folder, include));
    const differs = diff.added.length + diff.removed.length + diff.changed.length > 0;
    this.setState(target, differs ? 'differs' : 'same');
    await onState();
    if (!differs) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The deployed code of {0} in {1} is the same as the workspace’s ({2} files).', target.functionName, target.env, diff.same));
      return { diff };
    }
    const item = (name: string, icon: string, what: string) => ({ label: `$(${icon}) ${name}`, description: what, name });
    const items = [
      ...diff.changed.map((n) => item(n, 'diff-modified', vscode.l10n.t('changed'))),
      ...diff.added.map((n) => item(n, 'diff-added', vscode.l10n.t('only in the workspace'))),
      ...diff.removed.map((n) => item(n, 'diff-removed', vscode.l10n.t('only in the deployed code'))),
    ];
    const chosen = await pick(items, {
      title: vscode.l10n.t('{0}: deployed ({1}) ↔ workspace', target.functionName, target.env),
      placeHolder: vscode.l10n.t('{0} changed, {1} added, {2} removed; choose a file to see its diff', diff.changed.length, diff.added.length, diff.removed.length),
    });
    const left = diff.added.includes(chosen.name) ? emptyUri(chosen.name) : codeUri(key, chosen.name);
    const right = diff.removed.includes(chosen.name) ? emptyUri(chosen.name) : vscode.Uri.joinPath(local.folder, ...chosen.name.split('/'));
    await vscode.commands.executeCommand('vscode.diff', left, right, vscode.l10n.t('{0} (deployed) ↔ {0} (workspace)', chosen.name), { preview: true });
    return { diff, opened: { left, right } };
  }

  setState(target: FunctionTarget, state: DeployedCodeState | undefined): void {
    deployedCodeStates.set(stateKey(target), state);
  }

  dispose(): void {
    for (const d of this.registrations) d.dispose();
  }
}
