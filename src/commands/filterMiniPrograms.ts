import * as vscode from 'vscode';
import { UserFacingError } from '../editor/reportError';
import { pick } from '../editor/prompts';
import { AuthorizerNode } from '../tree/authorizerNode';
import { AuthorizersNode } from '../tree/authorizersNode';
import { MessageNode } from '../tree/messageNode';
import type { CommandContext } from './commandContext';
import { revealRow } from './revealRow';

/**
 * Finds one authorized mini program among all of a platform's by name or AppID: a quick pick
 * over every row (names as far as they are read), which reveals and selects the chosen row.
 * A pick rather than a filter on the list: with hundreds of mini programs the user wants one
 * of them, typed as they remember it, without the tree losing the others.
 */
export async function filterMiniPrograms(ctx: CommandContext, node?: unknown): Promise<void> {
  const list = await authorizersOf(ctx, node);
  const rows = await ctx.navigator.children(list);
  const authorizers = rows.filter((r): r is AuthorizerNode => r instanceof AuthorizerNode);
  if (authorizers.length === 0) {
    const message = rows.find((r) => r instanceof MessageNode);
    throw new UserFacingError(message ? String(message.label) : vscode.l10n.t('No authorized mini programs'));
  }
  const choice = await pick(
    authorizers.map((row) => ({
      label: row.nickName ?? row.appid,
      description: row.nickName ? row.appid : undefined,
      detail: row.principalName,
      row,
    })),
    {
      title: vscode.l10n.t('Filter Mini Programs ({0})', authorizers.length),
      placeHolder: vscode.l10n.t('Type part of a name or an AppID'),
      matchOnDescription: true,
      matchOnDetail: true,
    },
  );
  await revealRow(ctx, choice.row, { select: true, focus: true, expand: false }, `filter: ${choice.row.appid}`);
}

/** The "Authorized mini programs" row the menu passed, or that of the platform connection the user picks. */
async function authorizersOf(ctx: CommandContext, node: unknown): Promise<AuthorizersNode> {
  if (node instanceof AuthorizersNode) return node;
  const connection = await ctx.targets.connectionFrom(node, (c) => c.kind === 'platform' || c.kind === 'emulator');
  const found = await ctx.navigator.nodeById(`conn:${connection.id}/authorizers`);
  if (found instanceof AuthorizersNode) return found;
  throw new UserFacingError(vscode.l10n.t('{0} has no authorized mini programs to search.', connection.name));
}
