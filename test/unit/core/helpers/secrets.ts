// Collects every string that could leak a secret (messages, stacks, log lines, URLs) and
// checks none of them contains one.

import assert from 'node:assert/strict';
import type { RequestLogEvent, RequestLogger } from '../../../../src/core/http';

export class LogCollector implements RequestLogger {
  readonly events: RequestLogEvent[] = [];
  onRequest(event: RequestLogEvent): void {
    this.events.push(event);
  }
  get lines(): string[] {
    return this.events.map((e) => JSON.stringify(e));
  }
}

export function errorTexts(error: unknown): string[] {
  if (!(error instanceof Error)) return [String(error)];
  const texts = [error.message, error.stack ?? '', JSON.stringify(error), String(error)];
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined) texts.push(...errorTexts(cause));
  return texts;
}

export function assertNoSecrets(texts: readonly string[], secrets: readonly string[]): void {
  for (const text of texts) {
    for (const secret of secrets) {
      assert.ok(!text.includes(secret), `secret ${secret.slice(0, 6)}… leaked in: ${text.slice(0, 300)}`);
      assert.ok(!text.includes(encodeURIComponent(secret)), `encoded secret leaked in: ${text.slice(0, 300)}`);
    }
  }
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the promise to reject');
}
