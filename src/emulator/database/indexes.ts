// A real index: the indexed field's scalar values → the ids holding them (array elements
// each), kept sorted per type for range scans. Values it cannot key (objects, paths through
// arrays) put a document in `loose`, which every indexed lookup also returns: an index only
// narrows the candidates, the full filter still decides.
import type { Doc } from './mingo';
import { isPlainObject } from './values';

type Key = string;
type Kind = 'n' | 's' | 'd' | 'b' | 'z';

export interface IndexSpec {
  name: string;
  unique: boolean;
  keys: { name: string; direction: string }[];
}

function keyOf(v: unknown): Key | undefined {
  if (v === null || v === undefined) return 'z:';
  if (typeof v === 'number') return `n:${v}`;
  if (typeof v === 'string') return `s:${v}`;
  if (typeof v === 'boolean') return `b:${v}`;
  if (v instanceof Date) return `d:${v.getTime()}`;
  return undefined;
}

function valueAt(doc: Doc, path: string): { values: unknown[]; loose: boolean } {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(cur)) return { values: [], loose: true };
    cur = isPlainObject(cur) ? cur[part] : undefined;
  }
  if (Array.isArray(cur)) {
    const keyable = cur.every((x) => keyOf(x) !== undefined && x !== null);
    return { values: cur, loose: !keyable || cur.length === 0 };
  }
  return keyOf(cur) === undefined ? { values: [], loose: true } : { values: [cur], loose: false };
}

/** A range on one scalar type; bounds undefined = open. */
export interface Range {
  kind: Kind;
  lo?: number | string;
  loIncl?: boolean;
  hi?: number | string;
  hiIncl?: boolean;
}

export class Index {
  readonly field: string;
  private readonly byKey = new Map<Key, Set<string>>();
  private readonly loose = new Set<string>();
  private sorted: Map<Kind, { v: number | string; key: Key }[]> | undefined;

  constructor(readonly spec: IndexSpec) {
    this.field = spec.keys[0].name;
  }

  /** The keys a document files under, and whether it is also loose. */
  keysOf(doc: Doc): { keys: Key[]; loose: boolean } {
    const { values, loose } = valueAt(doc, this.field);
    const keys = values.length === 0 && !loose ? ['z:'] : [...new Set(values.map((v) => keyOf(v)!))];
    return { keys, loose };
  }

  /** The id already holding one of these keys (for unique indexes), other than `id`. */
  conflict(doc: Doc, id: string): string | undefined {
    for (const k of this.keysOf(doc).keys) {
      for (const other of this.byKey.get(k) ?? []) if (other !== id) return k.slice(2);
    }
    return undefined;
  }

  holders(key: Key): Set<string> {
    return this.byKey.get(key) ?? new Set();
  }

  add(id: string, doc: Doc): void {
    const { keys, loose } = this.keysOf(doc);
    if (loose) this.loose.add(id);
    for (const k of keys) {
      let ids = this.byKey.get(k);
      if (!ids) {
        this.byKey.set(k, (ids = new Set()));
        this.sorted = undefined;
      }
      ids.add(id);
    }
  }

  delete(id: string, doc: Doc): void {
    this.loose.delete(id);
    for (const k of this.keysOf(doc).keys) {
      const ids = this.byKey.get(k);
      if (!ids) continue;
      ids.delete(id);
      if (ids.size === 0) {
        this.byKey.delete(k);
        this.sorted = undefined;
      }
    }
  }

  /** Ids whose value equals one of `values` (plus the loose ones). */
  equal(values: unknown[]): Set<string> | undefined {
    const out = new Set(this.loose);
    for (const v of values) {
      const k = keyOf(v);
      if (k === undefined || k === 'z:') return undefined;
      for (const id of this.byKey.get(k) ?? []) out.add(id);
    }
    return out;
  }

  /** Ids whose value lies in the range (plus the loose ones), by binary search over sorted keys. */
  range(r: Range): Set<string> {
    const list = this.sortedKeys().get(r.kind) ?? [];
    let i = 0;
    if (r.lo !== undefined) {
      let a = 0;
      let b = list.length;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (list[mid].v < r.lo || (!r.loIncl && list[mid].v === r.lo)) a = mid + 1;
        else b = mid;
      }
      i = a;
    }
    const out = new Set(this.loose);
    for (; i < list.length; i++) {
      const v = list[i].v;
      if (r.hi !== undefined && (v > r.hi || (!r.hiIncl && v === r.hi))) break;
      for (const id of this.byKey.get(list[i].key)!) out.add(id);
    }
    return out;
  }

  get size(): number {
    let n = 0;
    for (const ids of this.byKey.values()) n += ids.size;
    return n + this.loose.size;
  }

  private sortedKeys(): Map<Kind, { v: number | string; key: Key }[]> {
    if (this.sorted) return this.sorted;
    const m = new Map<Kind, { v: number | string; key: Key }[]>();
    for (const key of this.byKey.keys()) {
      const kind = key[0] as Kind;
      if (kind !== 'n' && kind !== 's' && kind !== 'd') continue;
      const raw = key.slice(2);
      const v = kind === 's' ? raw : Number(raw);
      let list = m.get(kind);
      if (!list) m.set(kind, (list = []));
      list.push({ v, key });
    }
    for (const list of m.values()) list.sort((x, y) => (x.v < y.v ? -1 : x.v > y.v ? 1 : 0));
    return (this.sorted = m);
  }
}

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);

function rangeKind(v: unknown): { kind: Kind; v: number | string } | undefined {
  if (typeof v === 'number' && !Number.isNaN(v)) return { kind: 'n', v };
  if (typeof v === 'string') return { kind: 's', v };
  if (v instanceof Date) return { kind: 'd', v: v.getTime() };
  return undefined;
}

/** The candidate ids an index gives for one field's condition, or undefined when it cannot help. */
export function candidates(index: Index, cond: unknown): Set<string> | undefined {
  if (!isPlainObject(cond)) return Array.isArray(cond) || cond instanceof RegExp ? undefined : index.equal([cond]);
  const ops = Object.keys(cond);
  if (ops.length === 0 || !ops.every((k) => k.startsWith('$'))) return undefined;
  if (ops.length === 1 && ops[0] === '$eq') return candidates(index, cond.$eq);
  if (ops.length === 1 && ops[0] === '$in' && Array.isArray(cond.$in)) return cond.$in.some((x) => x instanceof RegExp) ? undefined : index.equal(cond.$in);
  if (!ops.every((k) => RANGE_OPS.has(k))) return undefined;
  const r: Partial<Range> = {};
  for (const op of ops) {
    const b = rangeKind(cond[op]);
    if (!b || (r.kind && r.kind !== b.kind)) return undefined;
    r.kind = b.kind;
    if (op === '$gt' || op === '$gte') [r.lo, r.loIncl] = [b.v, op === '$gte'];
    else [r.hi, r.hiIncl] = [b.v, op === '$lte'];
  }
  return index.range(r as Range);
}
