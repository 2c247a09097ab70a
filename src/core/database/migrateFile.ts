// A local file as an import takes it: its format from the name, JSON Lines as WeChat reads
// them (a JSON array, what many tools save, becomes one line per element), and an estimate of
// the records it holds for the confirmation. The text is parsed as data, never evaluated.

import type { MigrateFormat } from './migrate';

export interface PreparedImport {
  format: MigrateFormat;
  bytes: Uint8Array;
  /** Records the file appears to hold (lines of JSON, rows of CSV after the header). */
  records: number;
  /** The file was a JSON array and was turned into JSON Lines. */
  converted: boolean;
}

/** `.csv` is CSV; `.json`, `.jsonl` and `.ndjson` are JSON; anything else undefined. */
export function formatOfName(name: string): MigrateFormat | undefined {
  const ext = name.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (ext === 'csv') return 'csv';
  if (ext === 'json' || ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  return undefined;
}

/** Thrown when a `.json` file starts like an array but is not valid JSON. */
export class ImportFileError extends Error {
  constructor(readonly reason: 'arrayNotJson' | 'arrayNotObjects') {
    super(reason === 'arrayNotJson' ? 'The file starts with “[” but is not valid JSON.' : 'The JSON array holds something other than objects.');
    this.name = 'ImportFileError';
  }
}

export function prepareImport(bytes: Uint8Array, format: MigrateFormat): PreparedImport {
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  if (format === 'csv') return { format, bytes, records: csvRows(text), converted: false };
  if (text.trimStart().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ImportFileError('arrayNotJson');
    }
    const list = parsed as unknown[];
    if (!list.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))) throw new ImportFileError('arrayNotObjects');
    return { format, bytes: new TextEncoder().encode(list.map((r) => JSON.stringify(r)).join('\n') + '\n'), records: list.length, converted: true };
  }
  return { format, bytes, records: text.split(/\r?\n/).filter((line) => line.trim() !== '').length, converted: false };
}

/** Rows after the header, with quoted cells that span lines counted once. */
function csvRows(text: string): number {
  let rows = 0;
  let quoted = false;
  let content = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === '\n' && !quoted) {
      if (content) rows += 1;
      content = false;
    } else if (ch !== '\r' && ch.trim() !== '') content = true;
  }
  if (content) rows += 1;
  return Math.max(0, rows - 1);
}
