// Documents to insert, from the text of the active editor: one JSON object, a JSON array of
// objects, or JSON Lines (one object per line, as DevTools exports a collection). A mistake
// says where it is; nothing is half-read.

import { parseJsonEvent } from '../jsonEvent';

export type DocumentsText =
  | { ok: true; documents: Record<string, unknown>[]; format: 'object' | 'array' | 'lines' }
  | { ok: false; message: string; line: number; column: number };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function parseDocumentsText(text: string): DocumentsText {
  const lines = text.split(/\r?\n/);
  const filled = lines.map((l, i) => ({ text: l.trim(), line: i + 1 })).filter((l) => l.text !== '');
  if (filled.length === 0) return { ok: false, message: 'there is no document in the text', line: 1, column: 1 };
  const whole = parseJsonEvent(text);
  if (whole.ok) {
    if (isObject(whole.value)) return { ok: true, documents: [whole.value], format: 'object' };
    if (Array.isArray(whole.value)) {
      const bad = whole.value.findIndex((v) => !isObject(v));
      if (bad >= 0) return { ok: false, message: `item ${bad + 1} of the array is not an object`, line: 1, column: 1 };
      if (whole.value.length === 0) return { ok: false, message: 'the array is empty', line: 1, column: 1 };
      return { ok: true, documents: whole.value as Record<string, unknown>[], format: 'array' };
    }
    return { ok: false, message: 'a document is a JSON object', line: 1, column: 1 };
  }
  // Not one JSON value: JSON Lines when every non-empty line is an object of its own.
  if (filled.length > 1 && filled[0]!.text.startsWith('{')) {
    const documents: Record<string, unknown>[] = [];
    for (const l of filled) {
      const one = parseJsonEvent(l.text);
      if (!one.ok) return { ok: false, message: one.error.message, line: l.line, column: one.error.column };
      if (!isObject(one.value)) return { ok: false, message: 'each line of JSON Lines is one JSON object', line: l.line, column: 1 };
      documents.push(one.value);
    }
    return { ok: true, documents, format: 'lines' };
  }
  return { ok: false, message: whole.error.message, line: whole.error.line, column: whole.error.column };
}
