// Answers the extension's prompts in a test, as a user would type or choose, through the
// extension's own `input` host (its `activate` result): no command takes a test-only argument.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { UserInput } from '../../../src/editor/prompts';
import type { WxCloudApi } from '../../../src/extension';

/**
 * One answer: text for an input box, a label (or pattern) for a quick pick, the labels chosen
 * in a quick pick of many, true/false for a modal, the file a save or open dialog returns
 * (undefined: dismissed).
 */
export type Answer =
  | { ask: string }
  | { pick: string | RegExp }
  | { pickMany: string[] }
  | { confirm: boolean }
  | { saveTo: vscode.Uri | undefined }
  | { openFrom: vscode.Uri | undefined };

export interface ScriptedInput extends vscode.Disposable {
  /** The title or message of every question asked, in order. */
  readonly asked: string[];
  /** The detail of every modal confirmation, in order (what it said would change). */
  readonly details: string[];
  /** Fails when an answer was left unused: the command did not ask what the test expected. */
  assertAllUsed(): void;
}

function labelOf(item: vscode.QuickPickItem): string {
  return item.label.replace(/^\$\([\w-]+\)\s*/, '');
}

/** Installs `answers` for the next questions; a question with no answer left fails the test loudly. */
export function answerPrompts(api: WxCloudApi, ...answers: Answer[]): ScriptedInput {
  const queue = [...answers];
  const asked: string[] = [];
  const details: string[] = [];
  const next = <K extends 'ask' | 'pick' | 'pickMany' | 'confirm' | 'saveTo' | 'openFrom'>(kind: K, question: string): Extract<Answer, Record<K, unknown>> => {
    asked.push(question);
    const answer = queue.shift();
    assert.ok(answer, `the extension asked “${question}” (${kind}) and the test had no answer left`);
    assert.ok(kind in answer, `the extension asked “${question}” (${kind}) but the next answer is ${JSON.stringify(answer)}`);
    return answer as Extract<Answer, Record<K, unknown>>;
  };
  const input: UserInput = {
    ask: async (options) => {
      const { ask } = next('ask', options.title ?? options.prompt ?? '');
      const problem = await options.validateInput?.(ask);
      assert.ok(!problem, `the input box refused “${ask}”: ${JSON.stringify(problem)}`);
      return ask;
    },
    pick: async (items, options) => {
      const { pick } = next('pick', options.title ?? '');
      const list = await items;
      const chosen = list.find((item) => (typeof pick === 'string' ? labelOf(item) === pick : pick.test(labelOf(item))));
      assert.ok(chosen, `no item “${String(pick)}” in ${JSON.stringify(list.map(labelOf))}`);
      return chosen;
    },
    pickMany: async (items, options) => {
      const { pickMany } = next('pickMany', options.title ?? '');
      const list = await items;
      const chosen = pickMany.map((label) => {
        const item = list.find((i) => labelOf(i) === label);
        assert.ok(item, `no item “${label}” in ${JSON.stringify(list.map(labelOf))}`);
        return item;
      });
      return chosen;
    },
    confirm: async (message, { action, detail }) => {
      details.push(detail ?? '');
      return next('confirm', message).confirm ? action : undefined;
    },
    saveTo: async (options) => next('saveTo', options.title ?? '').saveTo,
    openFrom: async (options) => {
      const { openFrom } = next('openFrom', options.title ?? '');
      return openFrom ? [openFrom] : undefined;
    },
  };
  const installed = api.input.use(input);
  return {
    asked,
    details,
    assertAllUsed: () => assert.equal(queue.length, 0, `unused answers: ${JSON.stringify(queue)}`),
    dispose: () => installed.dispose(),
  };
}

/** Runs `action` with `answers` installed, checks every answer was used, and removes them. */
export async function withAnswers<T>(api: WxCloudApi, answers: Answer[], action: () => Thenable<T> | Promise<T>): Promise<T> {
  const input = answerPrompts(api, ...answers);
  // A failed command rejects here instead of showing a notification nobody reads.
  const rethrow = api.actions.rethrow;
  api.actions.rethrow = true;
  try {
    const result = await action();
    input.assertAllUsed();
    return result;
  } finally {
    api.actions.rethrow = rethrow;
    input.dispose();
  }
}
