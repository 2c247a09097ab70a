import * as vscode from 'vscode';
import { describeError, TokenKindError, WxCloudError } from '../core/errors';
import type { TokenKind } from '../core/types';
import { ExplorerNode } from './explorerNode';
import { MessageNode } from './messageNode';
import { kindLabel } from '../editor/tokenKindLabel';

/** Where the user gets a token of each kind. */
export function commandForKind(kind: TokenKind, node: ExplorerNode): vscode.Command {
  switch (kind) {
    case 'mp':
      return { command: 'wxcloud.connectMiniProgram', title: vscode.l10n.t('Connect Mini Program') };
    case 'authorizer':
      return { command: 'wxcloud.pasteToken', title: vscode.l10n.t('Paste Access Token'), arguments: ['authorizer', node] };
    case 'component':
      return { command: 'wxcloud.connectPlatform', title: vscode.l10n.t('Connect Third-Party Platform') };
  }
}

export interface ErrorWording {
  /** "Could not load functions: {reason}" */
  failed(reason: string): string;
  /** "Triggers need a component token — Add…" */
  needs?(kind: TokenKind): string;
}

/** Rows that explain a failed load. An error is never an empty list. */
export function errorRows(parent: ExplorerNode, error: unknown, wording: ErrorWording): ExplorerNode[] {
  if (error instanceof TokenKindError) {
    // An expected limit of the connection, not a fault: one line, no stack.
    parent.ctx.log.info(describeError(error));
    const kind = error.needed[0] ?? 'authorizer';
    const label = wording.needs?.(kind) ?? vscode.l10n.t('Needs {0} — Add…', kindLabel(kind));
    return [MessageNode.capability(parent, label, commandForKind(kind, parent), describeError(error, vscode.l10n.t))];
  }
  parent.ctx.log.error(error instanceof Error ? error : String(error));
  const reason = describeError(error, vscode.l10n.t);
  const rows: ExplorerNode[] = [MessageNode.error(parent, wording.failed(shortReason(error, reason)), reason)];
  if (error instanceof WxCloudError && error.category === 'auth') {
    rows.push(
      MessageNode.action(parent, vscode.l10n.t('Replace Token…'), {
        command: 'wxcloud.replaceToken',
        title: vscode.l10n.t('Replace Token…'),
        arguments: [parent],
      }),
    );
  }
  return rows;
}

/** The row label keeps the errcode and the gist; the tooltip carries the whole message with its rid. */
function shortReason(error: unknown, full: string): string {
  const withoutRid = full.replace(/\s*\(?rid:\s*[\w-]+\)?\s*$/i, '');
  return error instanceof WxCloudError && typeof error.code === 'number' && !withoutRid.includes(String(error.code))
    ? `${withoutRid} (${error.code})`
    : withoutRid;
}
