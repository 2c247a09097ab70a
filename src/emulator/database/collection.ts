// One collection: documents by `_id` in insertion order, its indexes, and the operations the
// query language needs. Every write is all-or-nothing (changes are made on copies, checked
// against unique indexes, then committed) and ends with one `onChange` for durability.
import { collectionMissing, duplicateKey, invalid } from './errors';
import { candidates, Index, type IndexSpec } from './indexes';
import { applyUpdate, compileFilter, runPipeline, type Doc } from './mingo';
import { newId } from './values';

export interface FindOptions {
  sort?: Doc;
  skip?: number;
  limit?: number;
  projection?: Doc;
}

export interface CollectionStats {
  /** Documents tested against a filter since the collection was opened: what indexes save. */
  scanned: number;
}

export class Collection {
  private readonly docs = new Map<string, Doc>();
  private readonly seq = new Map<string, number>();
  private nextSeq = 0;
  private readonly indexes = new Map<string, Index>();
  readonly stats: CollectionStats = { scanned: 0 };

  constructor(
    readonly name: string,
    private readonly onChange: (c: Collection) => void = () => {},
  ) {}

  get count(): number {
    return this.docs.size;
  }

  /** Bytes of the documents as JSON, for the console's size column. */
  get size(): number {
    let n = 0;
    for (const d of this.docs.values()) n += JSON.stringify(d).length;
    return n;
  }

  all(): Doc[] {
    return [...this.docs.values()];
  }

  indexSpecs(): IndexSpec[] {
    return [...this.indexes.values()].map((i) => i.spec);
  }

  indexSize(): number {
    let n = 0;
    for (const i of this.indexes.values()) n += i.size;
    return n;
  }

  /** Ids matching a filter, in insertion order; an index on a top-level condition narrows the scan. */
  private select(filter: Doc): string[] {
    const query = compileFilter(filter);
    let ids: Iterable<string> = this.docs.keys();
    const narrowed = this.narrow(filter);
    if (narrowed) ids = [...narrowed].sort((a, b) => this.seq.get(a)! - this.seq.get(b)!);
    const out: string[] = [];
    for (const id of ids) {
      const doc = this.docs.get(id);
      if (!doc) continue;
      this.stats.scanned++;
      if (query.test(doc)) out.push(id);
    }
    return out;
  }

  private narrow(filter: Doc): Set<string> | undefined {
    if (this.indexes.size === 0) return undefined;
    const conds: Doc[] = Array.isArray(filter.$and) ? (filter.$and as Doc[]) : [filter];
    let best: Set<string> | undefined;
    for (const cond of conds) {
      for (const [field, value] of Object.entries(cond)) {
        if (field.startsWith('$')) continue;
        for (const index of this.indexes.values()) {
          if (index.field !== field) continue;
          const set = candidates(index, value);
          if (set && (!best || set.size < best.size)) best = set;
        }
      }
    }
    return best;
  }

  find(filter: Doc, o: FindOptions = {}): { docs: Doc[]; total: number } {
    const matched = this.select(filter).map((id) => this.docs.get(id)!);
    const pipeline: Doc[] = [];
    if (o.sort && Object.keys(o.sort).length > 0) pipeline.push({ $sort: o.sort });
    if (o.skip) pipeline.push({ $skip: o.skip });
    if (o.limit !== undefined) pipeline.push({ $limit: o.limit });
    if (o.projection && Object.keys(o.projection).length > 0) pipeline.push({ $project: o.projection });
    let docs = pipeline.length ? runPipeline(matched, pipeline, () => []) : matched;
    // mingo's $project moves _id last; WeChat (MongoDB) keeps it first.
    if (o.projection) docs = docs.map(({ _id, ...rest }) => (_id === undefined ? rest : { _id, ...rest }));
    return { docs: structuredClone(docs), total: matched.length };
  }

  countWhere(filter: Doc): number {
    return this.select(filter).length;
  }

  get(id: string): Doc | undefined {
    const d = this.docs.get(id);
    return d && structuredClone(d);
  }

  insert(input: Doc[]): string[] {
    const staged = new Map<string, Doc>();
    for (const raw of input) {
      const doc = structuredClone(raw);
      if (doc._id === undefined) doc._id = newId();
      if (typeof doc._id !== 'string' || doc._id === '') invalid('_id must be a non-empty string');
      const id = doc._id as string;
      if (this.docs.has(id) || staged.has(id)) duplicateKey(this.name, '_id_', `{ _id: ${JSON.stringify(id)} }`);
      staged.set(id, doc);
    }
    this.checkUnique(staged);
    for (const [id, doc] of staged) this.put(id, doc);
    this.onChange(this);
    return [...staged.keys()];
  }

  update(filter: Doc, modifier: Doc, one = false): { matched: number; modified: number } {
    const ids = this.select(filter);
    const target = one ? ids.slice(0, 1) : ids;
    const staged = new Map<string, Doc>();
    for (const id of target) {
      const copy = structuredClone(this.docs.get(id)!);
      let changed: string[];
      try {
        changed = applyUpdate(copy, modifier);
      } catch (e) {
        invalid((e as Error).message);
      }
      if (copy._id !== id) invalid('_id cannot be updated');
      if (changed!.length > 0) staged.set(id, copy);
    }
    this.commit(staged);
    return { matched: target.length, modified: staged.size };
  }

  /** doc(id).set(): replaces the document, or creates it. */
  replace(id: string, data: Doc): { matched: number; modified: number; upserted: boolean } {
    const doc = { ...structuredClone(data), _id: id };
    const old = this.docs.get(id);
    if (old && JSON.stringify(old) === JSON.stringify(doc)) return { matched: 1, modified: 0, upserted: false };
    this.commit(new Map([[id, doc]]));
    return { matched: old ? 1 : 0, modified: old ? 1 : 0, upserted: !old };
  }

  remove(filter: Doc, one = false): number {
    let ids = this.select(filter);
    if (one) ids = ids.slice(0, 1);
    for (const id of ids) this.unput(id);
    if (ids.length) this.onChange(this);
    return ids.length;
  }

  aggregate(pipeline: Doc[], resolve: (name: string) => Collection | undefined): Doc[] {
    const out = runPipeline(this.all(), pipeline, (name) => resolve(name)?.all() ?? collectionMissing(name));
    return structuredClone(out);
  }

  createIndex(spec: IndexSpec): void {
    if (spec.name === '_id_') invalid('the _id_ index exists on every collection');
    const index = new Index(spec);
    for (const [id, doc] of this.docs) {
      const clash = spec.unique ? index.conflict(doc, id) : undefined;
      if (clash !== undefined) duplicateKey(this.name, spec.name, `{ ${index.field}: ${JSON.stringify(clash)} }`);
      index.add(id, doc);
    }
    this.indexes.set(spec.name, index);
  }

  dropIndex(name: string): boolean {
    return this.indexes.delete(name);
  }

  hasIndex(name: string): boolean {
    return this.indexes.has(name);
  }

  /** Inserts without checks or persistence: loading from disk and seeding. */
  load(docs: Doc[]): void {
    for (const d of docs) {
      if (typeof d._id !== 'string' || d._id === '') d._id = newId();
      this.put(d._id as string, d);
    }
  }

  private commit(staged: Map<string, Doc>): void {
    if (staged.size === 0) return;
    this.checkUnique(staged);
    for (const [id, doc] of staged) this.put(id, doc);
    this.onChange(this);
  }

  private checkUnique(staged: Map<string, Doc>): void {
    for (const index of this.indexes.values()) {
      if (!index.spec.unique) continue;
      const seen = new Map<string, string>();
      for (const [id, doc] of staged) {
        for (const k of index.keysOf(doc).keys) {
          // Held by another staged document, or by a stored one this write does not change.
          const holder = seen.get(k) ?? [...index.holders(k)].find((other) => other !== id && !staged.has(other));
          if (holder !== undefined && holder !== id) duplicateKey(this.name, index.spec.name, `{ ${index.field}: ${JSON.stringify(k.slice(2))} }`);
          seen.set(k, id);
        }
      }
    }
  }

  /** Stores a document; one replaced keeps its place in insertion order. */
  private put(id: string, doc: Doc): void {
    const old = this.docs.get(id);
    if (old) for (const index of this.indexes.values()) index.delete(id, old);
    else this.seq.set(id, this.nextSeq++);
    this.docs.set(id, doc);
    for (const index of this.indexes.values()) index.add(id, doc);
  }

  private unput(id: string): void {
    const doc = this.docs.get(id);
    if (!doc) return;
    for (const index of this.indexes.values()) index.delete(id, doc);
    this.docs.delete(id);
    this.seq.delete(id);
  }
}
