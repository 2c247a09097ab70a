import * as vscode from 'vscode';
import type { FunctionConfigType } from '../core/types';

/** The three `getfuncconfig` types, named once for the tree rows, the documents and the picker. */
export const configTypes: Record<FunctionConfigType, { flag: 'permissions' | 'timer' | 'environment'; icon: string; label: () => string }> = {
  1: { flag: 'permissions', icon: 'shield', label: () => vscode.l10n.t('Cloud-call permissions') },
  2: { flag: 'timer', icon: 'watch', label: () => vscode.l10n.t('Timer triggers') },
  3: { flag: 'environment', icon: 'settings-gear', label: () => vscode.l10n.t('Environment config') },
};
