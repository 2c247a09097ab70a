import * as vscode from 'vscode';
import { UserFacingError } from '../editor/reportError';
import { settings } from '../editor/settings';
import { describeSegmentProblem, findWorkspaceProjects, shownName } from '../editor/workspaceProject';
import { UnsafePathError, isSafeSegment, joinInside } from '../core/safeName';
import { invalidFileName } from '../editor/fileName';

/** A saved test event: `.wxcloud/events/<env>/<function>/<name>.json`. */
export interface EventFile {
  uri: vscode.Uri;
  env: string;
  functionName: string;
  name: string;
}

const lastUsedKey = 'wxcloud.lastEvents';
const eventPath = /\/\.wxcloud\/events\/([^/]+)\/([^/]+)\/([^/]+)\.json$/;

/** Which event file an address is, if it is one. */
export function parseEventUri(uri: vscode.Uri): EventFile | undefined {
  const match = eventPath.exec(uri.path);
  if (!match || !match.slice(1, 4).every((part) => isSafeSegment(part!))) return undefined;
  return { uri, env: match[1]!, functionName: match[2]!, name: match[3]! };
}

/** Why a name cannot be an event's file name, or undefined when it can. */
export const invalidEventName = invalidFileName;

/**
 * Named events per function as real files the user owns: under `.wxcloud/events` in the first
 * workspace folder, or in the extension's global storage (setting `wxcloud.events.storage`, or
 * no folder open). Seeded on first use from `cloudbaserc.json` `functions[].params`.
 */
export class EventStore {
  constructor(private readonly context: vscode.ExtensionContext) {}

  root(): vscode.Uri {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const base = settings.eventStorage() === 'global' || !folder ? this.context.globalStorageUri : folder.uri;
    // The same `.wxcloud/events` layout in both places, so the CodeLens and the jsonc association match either.
    return vscode.Uri.joinPath(base, '.wxcloud', 'events');
  }

  uriOf(env: string, functionName: string, name: string): vscode.Uri {
    return this.inRoot(env, functionName, name.trim());
  }

  async list(env: string, functionName: string): Promise<EventFile[]> {
    const folder = this.inRoot(env, functionName);
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(folder);
    } catch {
      // No folder yet: the function has no events.
      return [];
    }
    return entries
      .map(([file, type]) => ({ file, type, name: file.slice(0, -'.json'.length) }))
      .filter(({ file, type, name }) => type === vscode.FileType.File && file.endsWith('.json') && isSafeSegment(name))
      .map(({ name }) => ({ uri: this.inRoot(env, functionName, name), env, functionName, name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * The events folder of a function, or one event's file in it. Environment and function names
   * can come from a workspace's files, so each part must be one plain segment and the result
   * must stay inside the root; otherwise nothing is read or written.
   */
  private inRoot(env: string, functionName: string, eventName?: string): vscode.Uri {
    const root = this.root();
    const parts = eventName === undefined ? [env, functionName] : [env, functionName, eventName];
    try {
      const path = joinInside(root.path, ...parts);
      return root.with({ path: eventName === undefined ? path : `${path}.json` });
    } catch (error) {
      if (!(error instanceof UnsafePathError)) throw error;
      const reason = error.problem ? describeSegmentProblem(error.problem) : describeSegmentProblem('outside');
      throw new UserFacingError(vscode.l10n.t('Events cannot be kept under the name {0}: {1}', shownName(error.segment), reason));
    }
  }

  /** The function's events, creating `default.json` first when it has none. */
  async ensure(env: string, functionName: string): Promise<EventFile[]> {
    const found = await this.list(env, functionName);
    if (found.length) return found;
    await this.create(env, functionName, 'default');
    return this.list(env, functionName);
  }

  /** The event to send without asking: the last one used, else `default`, else the first. */
  async preferred(env: string, functionName: string): Promise<EventFile> {
    const events = await this.ensure(env, functionName);
    const last = this.lastUsedName(env, functionName);
    return events.find((e) => e.name === last) ?? events.find((e) => e.name === 'default') ?? events[0]!;
  }

  lastUsedName(env: string, functionName: string): string | undefined {
    return this.context.workspaceState.get<Record<string, string>>(lastUsedKey, {})[`${env}/${functionName}`];
  }

  async setLastUsed(event: EventFile): Promise<void> {
    const all = { ...this.context.workspaceState.get<Record<string, string>>(lastUsedKey, {}) };
    all[`${event.env}/${event.functionName}`] = event.name;
    await this.context.workspaceState.update(lastUsedKey, all);
  }

  /** Creates a new event file, seeded from `cloudbaserc.json` or the template; refuses to overwrite. */
  async create(env: string, functionName: string, name: string): Promise<EventFile> {
    const uri = this.uriOf(env, functionName, name);
    if (await exists(uri)) throw new UserFacingError(vscode.l10n.t('An event named “{0}” already exists for {1}.', name.trim(), functionName));
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(await this.template(functionName)));
    return { uri, env, functionName, name: name.trim() };
  }

  async rename(event: EventFile, newName: string): Promise<EventFile> {
    const target = this.uriOf(event.env, event.functionName, newName);
    if (await exists(target)) throw new UserFacingError(vscode.l10n.t('An event named “{0}” already exists for {1}.', newName.trim(), event.functionName));
    // A workspace edit moves open editors along with the file.
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(event.uri, target);
    if (!(await vscode.workspace.applyEdit(edit))) await vscode.workspace.fs.rename(event.uri, target);
    const renamed = { uri: target, env: event.env, functionName: event.functionName, name: newName.trim() };
    if (this.lastUsedName(event.env, event.functionName) === event.name) await this.setLastUsed(renamed);
    return renamed;
  }

  async delete(event: EventFile): Promise<void> {
    try {
      await vscode.workspace.fs.delete(event.uri, { useTrash: true });
    } catch {
      await vscode.workspace.fs.delete(event.uri, { useTrash: false });
    }
  }

  private async template(functionName: string): Promise<string> {
    for (const project of await findWorkspaceProjects()) {
      if (project.params.has(functionName)) {
        const params = JSON.stringify(project.params.get(functionName), null, 2);
        return `${comment(vscode.l10n.t('Test event for {0}, from cloudbaserc.json. Comments are removed before sending.', functionName))}\n${params}\n`;
      }
    }
    return `{\n  ${comment(vscode.l10n.t('The object {0} receives as `event`. Comments are removed before sending.', functionName))}\n}\n`;
  }
}

function comment(text: string): string {
  return `// ${text}`;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
