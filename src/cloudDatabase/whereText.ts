import * as vscode from 'vscode';
import { whereFromJson } from '../core/database/queryText';
import { loadQueryLanguage } from '../editor/queryLanguageLoader';

export type WhereText = { ok: true; where: string } | { ok: false; message: string };

/**
 * A `where` object as the user types it (Filter Documents…, Export Collection…): JSON, written
 * back as a literal of the query language, or one object of the language itself, parsed (never
 * run) so that nothing else rides along into the query it is put into.
 */
export async function whereText(text: string): Promise<WhereText> {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return { ok: true, where: whereFromJson(value as Record<string, unknown>) };
  } catch {
    // Not JSON: the query language, below.
  }
  const parsed = (await loadQueryLanguage()).whereObjectText(text);
  if (parsed.ok) return { ok: true, where: parsed.text };
  return { ok: false, message: vscode.l10n.t('Column {0}: {1}', parsed.column, vscode.l10n.t(parsed.template, ...parsed.args)) };
}

/** For an input box: nothing when `text` is empty or a valid where, else what is wrong. */
export async function whereProblem(text: string): Promise<string | undefined> {
  if (text.trim() === '') return undefined;
  const checked = await whereText(text);
  return checked.ok ? undefined : checked.message;
}
