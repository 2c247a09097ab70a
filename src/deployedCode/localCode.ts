import * as vscode from 'vscode';
import { MAX_FILES, MAX_UNZIPPED_BYTES, type CodeFiles } from '../core/code/codeZip';
import { UserFacingError } from '../editor/reportError';
import type { LocalFunction, LocalFunctions } from '../editor/localFunctions';

/** The workspace folder of a function, or a clear error naming where it was looked for. */
export async function localFunctionFolder(localFunctions: LocalFunctions, name: string): Promise<LocalFunction> {
  const found = (await localFunctions.list()).find((f) => f.name === name);
  if (!found) throw new UserFacingError(vscode.l10n.t('No folder named {0} was found in the workspace’s cloud-function folders.', name));
  return found;
}

/**
 * The files of a function's folder as a deploy sends them: every regular file (symbolic links
 * are not followed), `node_modules` left out unless asked for, bounded like a download.
 */
export async function readLocalCode(folder: vscode.Uri, includeNodeModules: boolean): Promise<CodeFiles> {
  const files: CodeFiles = new Map();
  let total = 0;
  const walk = async (dir: vscode.Uri, rel: string): Promise<void> => {
    const entries = await vscode.workspace.fs.readDirectory(dir);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [name, type] of entries) {
      const path = rel ? `${rel}/${name}` : name;
      if (type & vscode.FileType.SymbolicLink) continue;
      if (type === vscode.FileType.Directory) {
        if (name === 'node_modules' && !includeNodeModules) continue;
        if (name === '.git') continue;
        await walk(vscode.Uri.joinPath(dir, name), path);
      } else if (type === vscode.FileType.File) {
        const data = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, name));
        total += data.length;
        if (total > MAX_UNZIPPED_BYTES || files.size >= MAX_FILES) {
          throw new UserFacingError(vscode.l10n.t('The folder {0} holds more than {1} bytes or {2} files, more than a function’s code may.', folder.fsPath, MAX_UNZIPPED_BYTES, MAX_FILES));
        }
        files.set(path, data);
      }
    }
  };
  await walk(folder, '');
  return files;
}

/** Leaves out `node_modules` from downloaded code too, so a compare compares like with like. */
export function withoutNodeModules(files: CodeFiles, includeNodeModules: boolean): CodeFiles {
  if (includeNodeModules) return files;
  return new Map([...files].filter(([name]) => name !== 'node_modules' && !name.startsWith('node_modules/')));
}
