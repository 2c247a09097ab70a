// Builds strings of WeChat's query language (the `query` of every `tcb/database*` call) from
// data. Values are written as literals the language accepts: JSON for the most part, with
// `{"$date": …}` (how WeChat answers dates) written back as `new Date(…)`, since `$`-keys
// are not part of the language. Nothing the user typed is ever spliced in as code: names
// and ids are quoted, values serialised.

export type SortDirection = 'asc' | 'desc';

export interface QueryShape {
  collection: string;
  /** A `where` object already in the language (from `whereText`), or undefined for all. */
  where?: string;
  orderBy?: { field: string; direction: SortDirection }[];
  skip?: number;
  limit?: number;
}

const quote = (s: string): string => JSON.stringify(s);

/** A JSON value (as WeChat answers documents) as a literal of the query language. */
export function toQueryLiteral(value: unknown): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${value} has no literal in the query language`);
    return String(value);
  }
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) return `[${value.map(toQueryLiteral).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const date = dateOf(value as Record<string, unknown>);
    if (date !== undefined) return `new Date(${quote(date)})`;
    return `{${entries.map(([k, v]) => `${quote(k)}:${toQueryLiteral(v)}`).join(',')}}`;
  }
  throw new TypeError(`a ${typeof value} has no literal in the query language`);
}

/** `{"$date": ms | ISO}` → the ISO text; undefined for any other object. */
function dateOf(value: Record<string, unknown>): string | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== '$date') return undefined;
  const raw = value.$date;
  const date = typeof raw === 'number' || typeof raw === 'string' ? new Date(raw) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

export function collectionRef(name: string): string {
  return `db.collection(${quote(name)})`;
}

/** `db.collection(c).where(…).orderBy(…).skip(n).limit(n)` without its final call. */
export function queryChain(shape: QueryShape): string {
  let q = collectionRef(shape.collection);
  if (shape.where !== undefined) q += `.where(${shape.where})`;
  for (const o of shape.orderBy ?? []) q += `.orderBy(${quote(o.field)},${quote(o.direction)})`;
  if (shape.skip) q += `.skip(${Math.max(0, Math.floor(shape.skip))})`;
  if (shape.limit !== undefined) q += `.limit(${Math.max(1, Math.floor(shape.limit))})`;
  return q;
}

export const getQuery = (shape: QueryShape): string => `${queryChain(shape)}.get()`;
export const countQuery = (collection: string, where?: string): string => `${queryChain({ collection, where })}.count()`;

export function docRef(collection: string, id: string): string {
  return `${collectionRef(collection)}.doc(${quote(id)})`;
}

/** Replaces (or creates) one document; `_id` is the document's address, not part of its data. */
export function setQuery(collection: string, id: string, data: Record<string, unknown>): string {
  const { _id: _ignored, ...rest } = data;
  return `${docRef(collection, id)}.set({data:${toQueryLiteral(rest)}})`;
}

export function removeDocQuery(collection: string, id: string): string {
  return `${docRef(collection, id)}.remove()`;
}

export function addQuery(collection: string, documents: readonly Record<string, unknown>[]): string {
  return `${collectionRef(collection)}.add({data:${toQueryLiteral(documents)}})`;
}

/** A `where` object given as JSON (the Filter Documents box) as a literal of the language. */
export function whereFromJson(value: Record<string, unknown>): string {
  return toQueryLiteral(value);
}

/**
 * True when `text` is one object literal and nothing else, judged by its brackets outside
 * strings: `{done: _.eq(false)}` is, `{}).remove({` is not. The server parses it; this only
 * keeps a filter from reshaping the query it is put into.
 */
export function isSingleObjectText(text: string): boolean {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return false;
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '/' && (t[i + 1] === '/' || t[i + 1] === '*')) return false;
    else if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') {
      depth--;
      if (depth < 0 || (depth === 0 && i !== t.length - 1)) return false;
    }
  }
  return depth === 0 && quote === undefined;
}
