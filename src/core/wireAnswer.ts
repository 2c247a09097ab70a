// The body of a WeChat answer, read as text and judged here: a JSON object goes on; an HTTP
// error status, an HTML page, an empty or cut-off body or plain text becomes a typed error
// instead of a parse exception somewhere above.

import { HttpError, InvalidResponseError, type InvalidResponseReason } from './errors';

export interface AnswerOptions {
  /** For invoke: the errors raised are never marked retryable, since the function may have run. */
  neverRetry?: boolean;
}

export function parseAnswer(endpoint: string, status: number, statusText: string, text: string, options: AnswerOptions = {}): Record<string, unknown> {
  const { neverRetry } = options;
  const trimmed = text.trim();
  const looksHtml = trimmed.startsWith('<');
  if (status >= 400) throw new HttpError({ endpoint, status, statusText, html: looksHtml, neverRetry });
  const invalid = (reason: InvalidResponseReason) => new InvalidResponseError({ endpoint, reason, neverRetry });
  if (trimmed === '') throw invalid('empty');
  if (looksHtml) throw invalid('html');
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw invalid('notJson');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid('notObject');
  return parsed as Record<string, unknown>;
}

/**
 * The answer's errcode: 0 when absent. The seeds declare it a number, so anything else (a
 * string, even "0", null, an object) can be read neither as success nor as a failure.
 */
export function errcodeOf(endpoint: string, body: Record<string, unknown>, options: AnswerOptions = {}): number {
  const errcode = body.errcode;
  if (errcode === undefined) return 0;
  if (typeof errcode === 'number' && Number.isFinite(errcode)) return errcode;
  throw new InvalidResponseError({ endpoint, reason: 'badErrcode', neverRetry: options.neverRetry });
}
