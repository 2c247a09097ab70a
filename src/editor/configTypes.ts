import * as vscode from 'vscode';
import type { FunctionConfigType } from '../core/types';
import { pick } from './prompts';

/** The three `getfuncconfig` types, named once for the tree rows, the documents and the picker. */
export const configTypes: Record<FunctionConfigType, { flag: 'permissions' | 'timer' | 'environment'; icon: string; label: () => string }> = {
  1: { flag: 'permissions', icon: 'shield', label: () => vscode.l10n.t('Cloud-call permissions') },
  2: { flag: 'timer', icon: 'watch', label: () => vscode.l10n.t('Timer triggers') },
  3: { flag: 'environment', icon: 'settings-gear', label: () => vscode.l10n.t('Environment config') },
};

/** Asks which of the three configs, in the tree's order. */
export async function pickConfigType(title: string): Promise<FunctionConfigType> {
  const choice = await pick(
    ([3, 1, 2] as const).map((type) => ({ label: configTypes[type].label(), description: vscode.l10n.t('config type {0}', type), type })),
    { title },
  );
  return choice.type;
}
