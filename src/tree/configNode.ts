import * as vscode from 'vscode';
import type { FunctionConfigType } from '../core/types';
import type { FunctionNode } from './functionNode';
import { ExplorerNode } from './explorerNode';
import { contextValue } from './contextValue';

const names: Record<FunctionConfigType, { flag: string; icon: string; label: () => string }> = {
  1: { flag: 'permissions', icon: 'shield', label: () => vscode.l10n.t('Cloud-call permissions') },
  2: { flag: 'timer', icon: 'watch', label: () => vscode.l10n.t('Timer triggers') },
  3: { flag: 'environment', icon: 'settings-gear', label: () => vscode.l10n.t('Environment') },
};

/** One `getfuncconfig` type of a function; clicking it opens the read-only config document. */
export class ConfigNode extends ExplorerNode {
  constructor(
    readonly fn: FunctionNode,
    readonly type: FunctionConfigType,
  ) {
    super(fn.ctx, fn, `config:${type}`, names[type].label());
    this.iconPath = new vscode.ThemeIcon(names[type].icon);
    this.description = vscode.l10n.t('config type {0}', type);
    this.contextValue = contextValue('config', names[type].flag);
    this.command = { command: 'wxcloud.openFunctionConfig', title: vscode.l10n.t('Open Function Config…'), arguments: [this] };
  }
}
