// The body of a WeChat answer, read as text and judged here: a JSON object goes on; an HTTP
// error status, an HTML page, an empty or cut-off body or plain text becomes a typed error
// instead of a parse exception somewhere above.

import { HttpError, InvalidResponseError, type InvalidResponseReason } from './errors';

export function parseAnswer(endpoint: string, status: number, statusText: string, text: string): Record<string, unknown> {
  const trimmed = text.trim();
  const looksHtml = trimmed.startsWith('<');
  if (status >= 400) throw new HttpError({ endpoint, status, statusText, html: looksHtml });
  const invalid = (reason: InvalidResponseReason) => new InvalidResponseError({ endpoint, reason });
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
