import * as vscode from 'vscode';
import { ExplorerNode } from './explorerNode';
import { contextValue } from './contextValue';

type MessageKind = 'empty' | 'error' | 'capability' | 'info' | 'action' | 'loadMore';

const icons: Record<MessageKind, vscode.ThemeIcon> = {
  empty: new vscode.ThemeIcon('circle-slash'),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  capability: new vscode.ThemeIcon('key', new vscode.ThemeColor('list.warningForeground')),
  info: new vscode.ThemeIcon('info'),
  action: new vscode.ThemeIcon('add'),
  loadMore: new vscode.ThemeIcon('more'),
};

/**
 * A row that says something instead of listing something: empty, an error with its
 * errcode (Retry and Show Log), a missing capability with the way to add it, or "Load more".
 */
export class MessageNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    readonly kind: MessageKind,
    label: string,
    options: { idPart?: string; tooltip?: string | vscode.MarkdownString; command?: vscode.Command; description?: string } = {},
  ) {
    super(parent.ctx, parent, options.idPart ?? `~${kind}`, label);
    this.iconPath = icons[kind];
    this.tooltip = options.tooltip;
    this.description = options.description;
    this.command = options.command;
    this.contextValue = contextValue('message', kind, kind === 'error' && 'retry');
  }

  static empty(parent: ExplorerNode, label: string): MessageNode {
    return new MessageNode(parent, 'empty', label);
  }

  static info(parent: ExplorerNode, label: string, tooltip?: string): MessageNode {
    return new MessageNode(parent, 'info', label, { tooltip, idPart: `~info:${label}` });
  }

  static error(parent: ExplorerNode, label: string, tooltip: string): MessageNode {
    return new MessageNode(parent, 'error', label, {
      tooltip,
      command: { command: 'wxcloud.refresh', title: vscode.l10n.t('Retry'), arguments: [parent] },
    });
  }

  static capability(parent: ExplorerNode, label: string, command: vscode.Command, tooltip?: string): MessageNode {
    return new MessageNode(parent, 'capability', label, { command, tooltip, idPart: `~capability:${command.command}` });
  }

  /** "Load more…", which runs `wxcloud.loadMore` on the paged node it belongs to. */
  static loadMore(parent: ExplorerNode, loaded: number, total: number): MessageNode {
    return new MessageNode(parent, 'loadMore', vscode.l10n.t('Load more…'), {
      description: vscode.l10n.t('{0} of {1}', loaded, total),
      command: { command: 'wxcloud.loadMore', title: vscode.l10n.t('Load More'), arguments: [parent] },
    });
  }

  static action(parent: ExplorerNode, label: string, command: vscode.Command, tooltip?: string): MessageNode {
    return new MessageNode(parent, 'action', label, { command, tooltip, idPart: `~action:${command.command}` });
  }
}
