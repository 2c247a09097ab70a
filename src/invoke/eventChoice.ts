import * as vscode from 'vscode';
import { ask, pick } from '../editor/prompts';
import type { TargetPicker } from '../tree/targetPicker';
import { invalidEventName, parseEventUri, type EventFile, type EventStore } from './eventStore';

/** The event file an argument names (the editor title and CodeLens pass its Uri). */
export function eventOfArg(arg: unknown): EventFile | undefined {
  return arg instanceof vscode.Uri ? parseEventUri(arg) : undefined;
}

/** The event file in the active editor, if it is one. */
export function activeEvent(): EventFile | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri && parseEventUri(uri);
}

/** Asks for a new event's name, refusing names that cannot be files or already exist. */
export async function askEventName(events: EventStore, env: string, functionName: string, value?: string): Promise<string> {
  const existing = new Set((await events.list(env, functionName)).map((e) => e.name));
  return ask({
    title: vscode.l10n.t('Event name for {0}', functionName),
    prompt: vscode.l10n.t('Saved as .wxcloud/events/{0}/{1}/<name>.json', env, functionName),
    value,
    validateInput: (name) => invalidEventName(name) ?? (existing.has(name.trim()) && name.trim() !== value ? vscode.l10n.t('An event named “{0}” already exists.', name.trim()) : undefined),
  });
}

/**
 * An event of a function: the only one without asking, else a pick with the last used first
 * and a way to create one. A function without events gets `default.json` first.
 */
export async function chooseEvent(store: EventStore, env: string, functionName: string, options: { alwaysAsk?: boolean } = {}): Promise<EventFile> {
  const events = await store.ensure(env, functionName);
  if (events.length === 1 && !options.alwaysAsk) return events[0]!;
  const last = store.lastUsedName(env, functionName);
  const ordered = [...events].sort((a, b) => Number(b.name === last) - Number(a.name === last));
  const lastUsed = vscode.l10n.t('last used');
  const items: Array<vscode.QuickPickItem & { event?: EventFile }> = ordered.map((e) => ({
    label: `$(json) ${e.name}`,
    description: e.name === last ? lastUsed : undefined,
    event: e,
  }));
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: vscode.l10n.t('$(add) New Event…') });
  const choice = await pick(items, { title: vscode.l10n.t('Event for {0} in {1}', functionName, env) });
  if (choice.event) return choice.event;
  const name = await askEventName(store, env, functionName);
  const created = await store.create(env, functionName, name);
  await vscode.window.showTextDocument(created.uri, { preview: false });
  return created;
}

/** The event a command is about: the one passed, the active editor's, or one picked. */
export async function eventFrom(store: EventStore, targets: TargetPicker, arg: unknown, title: string): Promise<EventFile> {
  const file = eventOfArg(arg) ?? (arg === undefined ? activeEvent() : undefined);
  if (file) return file;
  const { env, functionName } = await targets.functionFrom(arg, title);
  return chooseEvent(store, env, functionName, { alwaysAsk: true });
}
