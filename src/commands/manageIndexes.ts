import * as vscode from 'vscode';
import { parseIndexKeys } from '../core/database/indexKeys';
import { ask, confirm, pick } from '../editor/prompts';
import { UserFacingError } from '../editor/reportError';
import type { CommandContext } from './commandContext';

const INDEX_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** WeChat has no endpoint that lists indexes: every form says so, since dropping needs the name. */
const noListing = () => vscode.l10n.t('WeChat has no API that lists indexes: note the name, it is needed to drop the index.');

export async function createIndex(ctx: CommandContext, node?: unknown): Promise<string> {
  const target = await ctx.targets.collectionFrom(node, vscode.l10n.t('Create Index'));
  const title = vscode.l10n.t('Create Index on {0}', target.collection);
  const name = await ask({
    title,
    prompt: `${vscode.l10n.t('Index name')} — ${noListing()}`,
    validateInput: (v) => (INDEX_NAME.test(v.trim()) ? undefined : vscode.l10n.t('Use letters, digits, “_” and “-”, up to 64 characters.')),
  });
  const keysText = await ask({
    title,
    prompt: vscode.l10n.t('Fields with directions, in order: field:1 (ascending) or field:-1 (descending), comma-separated, e.g. city:1, age:-1'),
    validateInput: (v) => (parseIndexKeys(v).ok ? undefined : vscode.l10n.t('Field names, each with :1 or :-1, comma-separated, e.g. city:1, age:-1')),
  });
  const keys = parseIndexKeys(keysText);
  if (!keys.ok) throw new UserFacingError(vscode.l10n.t('Field names, each with :1 or :-1, comma-separated, e.g. city:1, age:-1'));
  const unique = await pick(
    [
      { label: vscode.l10n.t('Not unique'), unique: false },
      { label: vscode.l10n.t('Unique'), description: vscode.l10n.t('Refuses a second document with the same values'), unique: true },
    ],
    { title, placeHolder: vscode.l10n.t('Unique?') },
  );
  await target.database.updateIndex(target.collection, { create: [{ name, unique: unique.unique, keys: keys.keys }] });
  void vscode.window.showInformationMessage(vscode.l10n.t('Created index {0} on {1} ({2}).', name, target.collection, keys.keys.map((k) => `${k.name}:${k.direction}`).join(', ')));
  return name;
}

export async function dropIndex(ctx: CommandContext, node?: unknown): Promise<string> {
  const target = await ctx.targets.collectionFrom(node, vscode.l10n.t('Drop Index'));
  const name = await ask({
    title: vscode.l10n.t('Drop Index on {0}', target.collection),
    prompt: `${vscode.l10n.t('Name of the index to drop')} — ${noListing()}`,
    validateInput: (v) => (INDEX_NAME.test(v.trim()) ? undefined : vscode.l10n.t('Use letters, digits, “_” and “-”, up to 64 characters.')),
  });
  await confirm(vscode.l10n.t('Drop index {0} of collection {1} in environment {2}?', name, target.collection, target.env), {
    detail: vscode.l10n.t('Queries that used it become slower; a unique index stops refusing duplicates.'),
    action: vscode.l10n.t('Drop'),
  });
  await target.database.updateIndex(target.collection, { drop: [name] });
  void vscode.window.showInformationMessage(vscode.l10n.t('Dropped index {0} of {1}.', name, target.collection));
  return name;
}
