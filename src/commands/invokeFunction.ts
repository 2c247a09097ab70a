import * as vscode from 'vscode';
import type { EventFile } from '../invoke/eventStore';
import type { PreparedEvent } from '../invoke/invoker';
import { activeEvent, chooseEvent, eventOfArg } from '../invoke/eventChoice';
import { functionOfNode, type FunctionTarget } from '../tree/navigation';
import type { CommandContext } from './commandContext';

/**
 * The function and event an invoke is about: an event file (editor title, CodeLens, or the
 * active editor from the palette) names both; a function row uses its last used event; from
 * the palette the user picks a function, then an event.
 */
export async function invocationFrom(ctx: CommandContext, arg: unknown, title: string): Promise<{ target: FunctionTarget; event: EventFile; prepared?: PreparedEvent }> {
  const node = functionOfNode(arg);
  if (node) return { target: node, event: await ctx.invoke.events.preferred(node.env, node.functionName) };
  const file = eventOfArg(arg) ?? (arg === undefined ? activeEvent() : undefined);
  if (file) {
    // Checked before anything else, so an invalid event never reaches a connection.
    const prepared = await ctx.invoker.prepare(file);
    const scope = await ctx.invoker.scopeForEvent(file);
    return { target: { scope, env: file.env, functionName: file.functionName }, event: file, prepared };
  }
  const target = await ctx.targets.pickFunction(title);
  return { target, event: await chooseEvent(ctx.invoke.events, target.env, target.functionName) };
}

/** Invokes a cloud function with a saved event; resolves with the result document's address. */
export async function invokeFunction(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  const { target, event, prepared } = await invocationFrom(ctx, arg, vscode.l10n.t('Invoke Function'));
  return (await ctx.invoker.invokeEventFile(target, event, 'remote', true, prepared)).uri;
}
