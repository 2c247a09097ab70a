import * as vscode from 'vscode';
import type { FunctionConfigType } from '../core/types';
import type { FunctionNode } from './functionNode';
import { ExplorerNode } from './explorerNode';
import { contextValue } from './contextValue';
import { configTypes } from '../editor/configTypes';

/** One `getfuncconfig` type of a function; clicking it opens the read-only config document. */
export class ConfigNode extends ExplorerNode {
  constructor(
    readonly fn: FunctionNode,
    readonly type: FunctionConfigType,
  ) {
    super(fn.ctx, fn, `config:${type}`, configTypes[type].label());
    this.iconPath = new vscode.ThemeIcon(configTypes[type].icon);
    this.description = vscode.l10n.t('config type {0}', type);
    this.contextValue = contextValue('config', configTypes[type].flag);
    this.command = { command: 'wxcloud.openFunctionConfig', title: vscode.l10n.t('Open Function Config…'), arguments: [this] };
  }
}
