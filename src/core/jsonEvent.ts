// The test event a user edits: JSON with comments (and trailing commas), checked before it
// is sent so a typo shows where it is instead of coming back as errcode 47001.

import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

/**
 * The largest event body we send. Neither the seeds nor the reference state a limit for
 * `tcb/invokecloudfunction`, so we choose 1 MB (10^6 bytes): below 1 MiB, so it is safe
 * under either reading, and far above any hand-written test event.
 */
export const MAX_EVENT_BYTES = 1_000_000;

export interface JsonEventError {
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  offset: number;
  length: number;
}

export type JsonEventResult = { ok: true; value: unknown; bodyText: string; bytes: number } | { ok: false; error: JsonEventError };

/** Parses an event; blank text is the empty event `{}` (an empty body would be errcode 44002). */
export function parseJsonEvent(source: string): JsonEventResult {
  // A file saved with a byte-order mark is still JSON; offsets stay those of `source`.
  const bom = source.startsWith('\uFEFF') ? 1 : 0;
  const text = source.slice(bom);
  if (text.trim() === '' || isOnlyComments(text)) return success({});
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) {
    const offset = first.offset + bom;
    const { line, column } = lineAndColumn(source, offset);
    return { ok: false, error: { message: describeParseError(printParseErrorCode(first.error)), line, column, offset, length: first.length } };
  }
  return success(value);
}

/** UTF-8 bytes of a serialised body, to compare with MAX_EVENT_BYTES. */
export function eventByteSize(bodyText: string): number {
  return Buffer.byteLength(bodyText, 'utf8');
}

function success(value: unknown): JsonEventResult {
  const bodyText = JSON.stringify(value);
  return { ok: true, value, bodyText, bytes: eventByteSize(bodyText) };
}

function isOnlyComments(source: string): boolean {
  const errors: ParseError[] = [];
  return parse(source, errors, { allowEmptyContent: true }) === undefined && errors.length === 0;
}

function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}

/** jsonc-parser's codes (`CommaExpected`) as words (`Comma expected`). */
function describeParseError(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
