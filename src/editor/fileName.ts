import * as vscode from 'vscode';
import { MAX_SEGMENT_LENGTH, checkSegment } from '../core/safeName';

const forbidden = /[\\/:*?"<>|]/;

/** Why a name the user typed cannot be a file's name (an event's, a query's), or undefined when it can. */
export function invalidFileName(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return vscode.l10n.t('Enter a name.');
  if (forbidden.test(trimmed) || [...trimmed].some((c) => c.charCodeAt(0) < 32)) return vscode.l10n.t('A name cannot contain \\ / : * ? " < > |');
  if (trimmed.startsWith('.')) return vscode.l10n.t('A name cannot start with a dot.');
  if (checkSegment(trimmed) === 'tooLong') return vscode.l10n.t('A name can have at most {0} characters.', MAX_SEGMENT_LENGTH);
  return undefined;
}
