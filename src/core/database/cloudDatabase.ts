// One environment's database through whichever door the identity holds: `tcb/database*`
// with a mini program's own or an authorizer's token, `componenttcb/db*` with the platform's
// component token on its own environments. Same model out of both; pager keys are
// capitalised on one door and lower-case on the other.

import type { CallOptions, WxCloudClient } from '../client';
import { ENDPOINTS, type EndpointSpec } from '../endpoints';
import type { PostResponse } from '../http';
import { ridOf } from '../errors';
import { parseWireDocuments, type CloudDocument } from './wireDocuments';

export type DatabaseDoor = 'tcb' | 'component';

export interface CollectionInfo {
  name: string;
  count: number;
  /** Bytes, as WeChat reports them. */
  size: number;
  indexCount: number;
  indexSize: number;
}

export interface Pager {
  offset: number;
  limit: number;
  total: number;
}

export interface CollectionPage extends Pager {
  collections: CollectionInfo[];
}

export interface Answer {
  durationMs: number;
  rid?: string;
}

export interface DocumentPage extends Pager, Answer {
  documents: CloudDocument[];
}

export interface AggregateAnswer extends Answer {
  documents: CloudDocument[];
}

export interface CountAnswer extends Answer {
  count: number;
}

export interface AddAnswer extends Answer {
  ids: string[];
}

export interface UpdateAnswer extends Answer {
  matched: number;
  modified: number;
  /** The `_id` a `set` created; "" otherwise. */
  id: string;
}

export interface RemoveAnswer extends Answer {
  deleted: number;
}

export interface IndexKey {
  name: string;
  direction: '1' | '-1' | '2dsphere';
}

export interface IndexChange {
  create?: { name: string; unique: boolean; keys: IndexKey[] }[];
  drop?: string[];
}

type Raw = Record<string, unknown>;
type Options = CallOptions;

const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : 0;
};

/** `pager{Offset,Limit,Total}` or `pager{offset,limit,total}`. */
function pagerOf(body: Raw, fallback: Pager): Pager {
  const p = (body.pager && typeof body.pager === 'object' ? body.pager : {}) as Raw;
  const pick = (upper: string, lower: string, d: number) => (p[upper] ?? p[lower]) === undefined ? d : num(p[upper] ?? p[lower]);
  return { offset: pick('Offset', 'offset', fallback.offset), limit: pick('Limit', 'limit', fallback.limit), total: pick('Total', 'total', fallback.total) };
}

function toCollection(raw: Raw): CollectionInfo {
  return {
    name: typeof raw.name === 'string' ? raw.name : String(raw.name ?? raw.collection_name ?? ''),
    count: num(raw.count),
    size: num(raw.size),
    indexCount: num(raw.index_count),
    indexSize: num(raw.index_size),
  };
}

function answerOf(response: PostResponse): Answer {
  const errmsg = typeof response.body.errmsg === 'string' ? response.body.errmsg : '';
  const rid = ridOf(errmsg) ?? response.headers.get('x-wxcloud-rid') ?? undefined;
  return rid ? { durationMs: response.durationMs, rid } : { durationMs: response.durationMs };
}

export class CloudDatabase {
  readonly door: DatabaseDoor;

  constructor(
    private readonly client: WxCloudClient,
    readonly env: string,
  ) {
    this.door = client.kinds.includes('mp') || client.kinds.includes('authorizer') || !client.kinds.includes('component') ? 'tcb' : 'component';
  }

  /** One page of collections (`limit` default 10 on the wire; asked for explicitly here). */
  listCollections(options: Options & { offset?: number; limit?: number } = {}): Promise<CollectionPage> {
    const offset = options.offset ?? 0;
    const limit = options.limit ?? 100;
    const [spec, body] = this.door === 'tcb'
      ? [ENDPOINTS.dbCollectionGet, { env: this.env, offset, limit }]
      : [ENDPOINTS.componentDbCollectionGet, { env: this.env, action: 'get', offset, limit }];
    return this.client.read(spec, body, options, (b) => {
      const list = Array.isArray(b.collections) ? (b.collections as unknown[]).filter((c): c is Raw => !!c && typeof c === 'object').map(toCollection) : [];
      return { ...pagerOf(b, { offset, limit, total: offset + list.length }), collections: list };
    });
  }

  /** Every collection, page after page (environments have tens, not thousands). */
  async listAllCollections(options: Options = {}): Promise<CollectionInfo[]> {
    const all: CollectionInfo[] = [];
    for (let offset = 0; ; ) {
      const page = await this.listCollections({ ...options, offset, limit: 100 });
      all.push(...page.collections);
      offset += page.collections.length;
      if (page.collections.length === 0 || offset >= page.total) return all;
    }
  }

  async createCollection(name: string, options: Options = {}): Promise<Answer> {
    return answerOf(await this.collectionChange('add', name, options));
  }

  async deleteCollection(name: string, options: Options = {}): Promise<Answer> {
    return answerOf(await this.collectionChange('del', name, options));
  }

  /** `….get()`: a page of documents. Reads are never cached: a database is edited under us. */
  async query(query: string, options: Options = {}): Promise<DocumentPage> {
    const response = await this.readRecords('query', query, options);
    const documents = parseWireDocuments(response.body.data);
    return { ...pagerOf(response.body, { offset: 0, limit: documents.length, total: documents.length }), documents, ...answerOf(response) };
  }

  async count(query: string, options: Options = {}): Promise<CountAnswer> {
    const response = await this.readRecords('count', query, options);
    return { count: num(response.body.count), ...answerOf(response) };
  }

  async aggregate(query: string, options: Options = {}): Promise<AggregateAnswer> {
    const spec = this.door === 'tcb' ? ENDPOINTS.dbAggregate : ENDPOINTS.componentDbAggregate;
    const response = await this.send(spec, { env: this.env, query }, options);
    return { documents: parseWireDocuments(response.body.data), ...answerOf(response) };
  }

  async add(query: string, options: Options = {}): Promise<AddAnswer> {
    const response = await this.writeRecords(ENDPOINTS.dbAdd, 'insert', query, options);
    const ids = Array.isArray(response.body.id_list) ? (response.body.id_list as unknown[]).map(String) : [];
    return { ids, ...answerOf(response) };
  }

  async update(query: string, options: Options = {}): Promise<UpdateAnswer> {
    const response = await this.writeRecords(ENDPOINTS.dbUpdate, 'update', query, options);
    const b = response.body;
    return { matched: num(b.matched), modified: num(b.modified), id: typeof b.id === 'string' ? b.id : '', ...answerOf(response) };
  }

  async remove(query: string, options: Options = {}): Promise<RemoveAnswer> {
    const response = await this.writeRecords(ENDPOINTS.dbDelete, 'delete', query, options);
    return { deleted: num(response.body.deleted), ...answerOf(response) };
  }

  /** Creates and drops indexes; WeChat has no endpoint that lists them. */
  async updateIndex(collection: string, change: IndexChange, options: Options = {}): Promise<Answer> {
    const body = {
      env: this.env,
      collection_name: collection,
      create_indexes: (change.create ?? []).map((c) => ({ name: c.name, unique: c.unique, keys: c.keys })),
      drop_indexes: (change.drop ?? []).map((name) => ({ name })),
    };
    const spec = this.door === 'tcb' ? ENDPOINTS.dbUpdateIndex : ENDPOINTS.componentDbIndex;
    return answerOf(await this.client.write(spec, body, options));
  }

  private collectionChange(action: 'add' | 'del', name: string, options: Options): Promise<PostResponse> {
    if (this.door === 'component') return this.client.write(ENDPOINTS.componentDbCollectionChange, { env: this.env, action, collection_name: name }, options);
    return this.client.write(action === 'add' ? ENDPOINTS.dbCollectionAdd : ENDPOINTS.dbCollectionDelete, { env: this.env, collection_name: name }, options);
  }

  private readRecords(action: 'query' | 'count', query: string, options: Options): Promise<PostResponse> {
    if (this.door === 'component') return this.send(ENDPOINTS.componentDbRecordRead, { env: this.env, action, query }, options);
    return this.send(action === 'query' ? ENDPOINTS.dbQuery : ENDPOINTS.dbCount, { env: this.env, query }, options);
  }

  private writeRecords(tcb: EndpointSpec, action: 'insert' | 'update' | 'delete', query: string, options: Options): Promise<PostResponse> {
    if (this.door === 'component') return this.client.write(ENDPOINTS.componentDbRecordWrite, { env: this.env, action, query }, options);
    return this.client.write(tcb, { env: this.env, query }, options);
  }

  /** A read that is always sent (and retried), never cached: answers carry their duration and rid. */
  private send(spec: EndpointSpec, body: object, options: Options): Promise<PostResponse> {
    return this.client.readRaw(spec, body, options);
  }
}
