import * as vscode from 'vscode';
import type { TokenKind } from '../core/types';
import { TOKEN_KIND_LABELS } from '../core/errors';

/** The kind as WeChat's documents name it, with its article, to read inside a sentence. */
export function kindLabel(kind: TokenKind): string {
  switch (kind) {
    case 'mp':
      return vscode.l10n.t('a mini program access_token');
    case 'authorizer':
      return vscode.l10n.t('an authorizer_access_token');
    case 'component':
      return vscode.l10n.t('a component_access_token');
  }
}

/** The kind's name as the core's messages use it (WeChat's field names are not translated), for pickers and descriptions. */
export function kindName(kind: TokenKind): string {
  return TOKEN_KIND_LABELS[kind];
}
