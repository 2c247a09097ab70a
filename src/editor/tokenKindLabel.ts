import * as vscode from 'vscode';
import type { TokenKind } from '../core/types';

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

/** The kind's bare name, for pickers and descriptions. */
export function kindName(kind: TokenKind): string {
  return kind === 'mp' ? 'access_token' : `${kind}_access_token`;
}
