import * as vscode from 'vscode';
import { UserFacingError } from '../../editor/reportError';
import { settings } from '../../editor/settings';
import { describeSegmentProblem, shownName } from '../../editor/workspaceProject';
import { UnsafePathError, isSafeSegment, joinInside } from '../../core/safeName';
import { invalidFileName } from '../../editor/fileName';
import { confirm } from '../../editor/prompts';

/** A saved query: `.wxcloud/queries/<env>/<name>.js`. */
export interface QueryFile {
  uri: vscode.Uri;
  env: string;
  name: string;
}

const queryPath = /\/\.wxcloud\/queries\/([^/]+)\/([^/]+)\.js$/;

/** Which query file an address is, if it is one. */
export function parseQueryUri(uri: vscode.Uri): QueryFile | undefined {
  const match = queryPath.exec(uri.path);
  if (!match || !isSafeSegment(match[1]!) || !isSafeSegment(match[2]!)) return undefined;
  return { uri, env: match[1]!, name: match[2]! };
}

/** Why a name cannot be a query's file name, or undefined when it can. */
export const invalidQueryName = invalidFileName;

/** A starter query for a collection: a read of its first page. */
export function starterQuery(collection: string | undefined): string {
  const hint = vscode.l10n.t('One expression of the query language. Run Query reads its last call: get, count, add, update, set, remove or aggregate()…end().');
  const example = vscode.l10n.t('For example: {0}', ".where({done: _.eq(false)}).orderBy('due', 'asc')");
  return `// ${hint}\n// ${example}\ndb.collection(${JSON.stringify(collection ?? 'todos')})\n  .limit(20)\n  .get()\n`;
}

/**
 * Query files the user owns, beside the event files: `.wxcloud/queries` in the first workspace
 * folder, or the extension's global storage (the `wxcloud.events.storage` setting, or no folder).
 */
export class QueryFiles {
  constructor(private readonly context: vscode.ExtensionContext) {}

  root(): vscode.Uri {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const base = settings.eventStorage() === 'global' || !folder ? this.context.globalStorageUri : folder.uri;
    return vscode.Uri.joinPath(base, '.wxcloud', 'queries');
  }

  uriOf(env: string, name: string): vscode.Uri {
    const root = this.root();
    try {
      return root.with({ path: `${joinInside(root.path, env, name.trim())}.js` });
    } catch (error) {
      if (!(error instanceof UnsafePathError)) throw error;
      const reason = describeSegmentProblem(error.problem ?? 'outside');
      throw new UserFacingError(vscode.l10n.t('Queries cannot be kept under the name {0}: {1}', shownName(error.segment), reason));
    }
  }

  /** Every query file, per environment folder, sorted by environment then name. */
  async list(): Promise<QueryFile[]> {
    const root = this.root();
    const envs = await readDir(root);
    const files: QueryFile[] = [];
    for (const [env, type] of envs) {
      if (type !== vscode.FileType.Directory || !isSafeSegment(env)) continue;
      for (const [file, kind] of await readDir(vscode.Uri.joinPath(root, env))) {
        const name = file.slice(0, -'.js'.length);
        if (kind === vscode.FileType.File && file.endsWith('.js') && isSafeSegment(name)) files.push({ uri: this.uriOf(env, name), env, name });
      }
    }
    return files.sort((a, b) => a.env.localeCompare(b.env) || a.name.localeCompare(b.name));
  }

  /** Writes a starter query; an existing file is replaced only when the user says so. */
  async create(env: string, name: string, collection?: string): Promise<QueryFile> {
    const uri = this.uriOf(env, name);
    if (await exists(uri)) {
      await confirm(vscode.l10n.t('A query named “{0}” already exists for {1}. Replace it?', name.trim(), env), {
        detail: vscode.l10n.t('Its text will be replaced by a starter query.'),
        action: vscode.l10n.t('Replace'),
      });
    }
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(starterQuery(collection)));
    return { uri, env, name: name.trim() };
  }
}

async function readDir(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
  try {
    return await vscode.workspace.fs.readDirectory(uri);
  } catch {
    return [];
  }
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
