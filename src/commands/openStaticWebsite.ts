import * as vscode from 'vscode';
import { UserFacingError } from '../editor/reportError';
import { StaticWebsiteNode } from '../tree/staticWebsiteNode';
import type { CommandContext } from './commandContext';

export async function openStaticWebsite(_ctx: CommandContext, node?: unknown): Promise<void> {
  const domain = node instanceof StaticWebsiteNode ? node.website?.domain : undefined;
  if (!domain) throw new UserFacingError(vscode.l10n.t('Choose “Open Static Website” on an online static website.'));
  await vscode.env.openExternal(vscode.Uri.parse(`https://${domain}/`));
}
