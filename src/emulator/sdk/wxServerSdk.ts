// The `wx-server-sdk` a cloud function gets when it runs in the local emulator: the worker
// resolves `require('wx-server-sdk')` here, whatever the function's node_modules hold, so
// nothing reaches the real cloud. Builders only record their calls; the last call sends
// them as plain JSON over the worker's IPC channel, and the emulator runs them on the same
// database as its HTTP API. Self-contained (node built-ins only): it is bundled on its own
// as dist/wxServerSdk.js, and transpiled alone when the emulator runs from source.

/** What the worker tells this module: the running invocation, and how to reach the emulator. */
interface SdkBridge {
  current(): { id: string; wxContext: Record<string, string> } | null;
  send(message: unknown): void;
}

const BRIDGE = Symbol.for('wxcloud.emulator.wxServerSdk.bridge');

type Json = unknown;
type Family = 'query' | 'update' | 'aggregate';

let bridge: SdkBridge | undefined;
let seq = 0;
const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();

function attach(b: SdkBridge): void {
  bridge = b;
  process.on('message', (m: { type?: string; seq?: number; ok?: boolean; data?: unknown; error?: { errCode?: number; errMsg?: string } }) => {
    if (!m || m.type !== 'sdk-result' || typeof m.seq !== 'number') return;
    const w = waiting.get(m.seq);
    if (!w) return;
    waiting.delete(m.seq);
    if (m.ok) w.resolve(revive(m.data));
    else {
      const errMsg = String(m.error?.errMsg ?? 'unknown error');
      w.reject(Object.assign(new Error(errMsg), { errCode: m.error?.errCode ?? -1, errMsg }));
    }
  });
}

/** One request to the emulator, on behalf of the running invocation. */
function request(call: Record<string, Json>): Promise<unknown> {
  const inv = bridge?.current();
  if (!bridge || !inv) return Promise.reject(new Error('wx-server-sdk: call the cloud from inside exports.main, while the invocation runs'));
  const n = ++seq;
  return new Promise((resolve, reject) => {
    waiting.set(n, { resolve, reject });
    bridge!.send({ type: 'sdk', id: inv.id, seq: n, call });
  });
}

// ---- values -------------------------------------------------------------------------

class ServerDate {
  constructor(readonly offset = 0) {}
}

class Command {
  constructor(
    readonly family: Family,
    readonly op: string,
    readonly args: unknown[],
  ) {}
  and(...more: unknown[]): Command {
    return new Command('query', 'and', [this, ...spread(more)]);
  }
  or(...more: unknown[]): Command {
    return new Command('query', 'or', [this, ...spread(more)]);
  }
}

function spread(args: unknown[]): unknown[] {
  return args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
}

class DbRegExp {
  constructor(
    readonly regexp: string,
    readonly options = '',
  ) {}
}

/** To plain JSON: dates `{$date}`, regexps `{$regex, $options}`, commands and server dates under `$wx`. */
function encode(v: unknown): Json {
  if (v instanceof Command) return { $wx: 'command', family: v.family, op: v.op, args: v.args.map(encode) };
  if (v instanceof ServerDate) return { $wx: 'serverDate', offset: v.offset };
  if (v instanceof Date) return { $date: v.getTime() };
  if (v instanceof RegExp) return { $regex: v.source, $options: v.flags };
  if (v instanceof DbRegExp) return { $regex: v.regexp, $options: v.options };
  if (Array.isArray(v)) return v.map(encode);
  if (v && typeof v === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = encode(x);
    return out;
  }
  return v;
}

/** Dates come back as `{$date: ms}`: the SDK gives Date objects. */
function revive(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(revive);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$date' && typeof o.$date === 'number') return new Date(o.$date);
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = revive(o[k]);
    return out;
  }
  return v;
}

const QUERY_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'and', 'or', 'nor', 'not', 'exists', 'size', 'elemMatch', 'all', 'geoNear', 'geoWithin', 'geoIntersects'];
const UPDATE_OPS = ['set', 'remove', 'inc', 'mul', 'push', 'pop', 'shift', 'unshift', 'pull', 'pullAll', 'addToSet', 'min', 'max', 'rename'];

function commandSet(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const op of QUERY_OPS) out[op] = (...args: unknown[]) => new Command('query', op, args);
  for (const op of UPDATE_OPS) out[op] = (...args: unknown[]) => new Command('update', op, args);
  // `$` of aggregation expressions: any operator name, checked by the emulator.
  out.aggregate = new Proxy({}, { get: (_t, op) => (typeof op === 'string' ? (...args: unknown[]) => new Command('aggregate', op, args) : undefined) });
  return out;
}

// ---- database -----------------------------------------------------------------------

interface Chain {
  env: string;
  collection: string;
  docId?: string;
  where?: unknown;
  orderBy: [string, string][];
  skip?: number;
  limit?: number;
  field?: unknown;
}

function run(c: Chain, action: string, data?: unknown, stages?: { name: string; arg: unknown }[]): Promise<unknown> {
  return request({
    op: 'database',
    env: c.env,
    collection: c.collection,
    action,
    ...(c.docId !== undefined ? { docId: c.docId } : {}),
    ...(c.where !== undefined ? { where: encode(c.where) } : {}),
    orderBy: c.orderBy,
    ...(c.skip !== undefined ? { skip: c.skip } : {}),
    ...(c.limit !== undefined ? { limit: c.limit } : {}),
    ...(c.field !== undefined ? { field: encode(c.field) } : {}),
    ...(data !== undefined ? { data: encode(data) } : {}),
    ...(stages ? { stages: stages.map((s) => ({ name: s.name, arg: encode(s.arg) })) } : {}),
  });
}

const dataOf = (o: { data?: unknown } | undefined): unknown => o?.data;

class Query {
  constructor(protected readonly c: Chain) {}
  protected next(patch: Partial<Chain>): Query {
    return new Query({ ...this.c, orderBy: [...this.c.orderBy], ...patch });
  }
  where(q: unknown): Query {
    return this.next({ where: q });
  }
  orderBy(field: string, order: string): Query {
    return this.next({ orderBy: [...this.c.orderBy, [field, order]] });
  }
  skip(n: number): Query {
    return this.next({ skip: n });
  }
  limit(n: number): Query {
    return this.next({ limit: n });
  }
  field(f: unknown): Query {
    return this.next({ field: f });
  }
  get(): Promise<unknown> {
    return run(this.c, 'get');
  }
  count(): Promise<unknown> {
    return run(this.c, 'count');
  }
  update(o: { data?: unknown }): Promise<unknown> {
    return run(this.c, 'update', dataOf(o));
  }
  remove(): Promise<unknown> {
    return run(this.c, 'remove');
  }
}

class Aggregate {
  private readonly stages: { name: string; arg: unknown }[] = [];
  constructor(private readonly c: Chain) {
    for (const name of ['addFields', 'bucket', 'bucketAuto', 'count', 'geoNear', 'group', 'limit', 'lookup', 'match', 'project', 'replaceRoot', 'sample', 'skip', 'sort', 'sortByCount', 'unwind']) {
      (this as unknown as Record<string, unknown>)[name] = (arg: unknown) => {
        this.stages.push({ name, arg });
        return this;
      };
    }
  }
  end(): Promise<unknown> {
    return run(this.c, 'aggregate', undefined, this.stages);
  }
}

class CollectionReference extends Query {
  constructor(env: string, name: string) {
    super({ env, collection: name, orderBy: [] });
  }
  get collectionName(): string {
    return this.c.collection;
  }
  doc(id: string): DocumentReference {
    return new DocumentReference({ ...this.c, docId: id });
  }
  add(o: { data?: unknown }): Promise<unknown> {
    return run(this.c, 'add', dataOf(o));
  }
  /** Real-time listeners need WeChat's servers: a clear refusal, not a TypeError. */
  watch(): never {
    throw unsupported('collection.watch', 'watch (real-time listening)');
  }
  aggregate(): Aggregate {
    return new Aggregate(this.c);
  }
}

class DocumentReference {
  constructor(private readonly c: Chain) {}
  get(): Promise<unknown> {
    return run(this.c, 'get');
  }
  set(o: { data?: unknown }): Promise<unknown> {
    return run(this.c, 'set', dataOf(o));
  }
  update(o: { data?: unknown }): Promise<unknown> {
    return run(this.c, 'update', dataOf(o));
  }
  remove(): Promise<unknown> {
    return run(this.c, 'remove');
  }
  field(f: unknown): DocumentReference {
    return new DocumentReference({ ...this.c, field: f });
  }
}

// ---- cloud --------------------------------------------------------------------------

const DYNAMIC_CURRENT_ENV = Symbol.for('DYNAMIC_CURRENT_ENV');
type EnvOption = string | symbol | { database?: string | symbol; functions?: string | symbol; storage?: string | symbol; default?: string | symbol } | undefined;

let configured: EnvOption;

/** The env for one service: init's, then the call's own; DYNAMIC_CURRENT_ENV and none are the invocation's. */
function envFor(service: 'database' | 'functions' | 'storage', own?: EnvOption): string {
  const pick = (o: EnvOption): string | symbol | undefined => (o && typeof o === 'object' ? (o[service] ?? o.default) : o);
  const v = pick(own) ?? pick(configured);
  return typeof v === 'string' && v ? v : ''; // '' = the env the function runs in
}

/** What the local emulator does not emulate, said by name as wx-server-sdk words a failure. */
function unsupported(api: string, what: string): Error {
  const errMsg = `${api}:fail ${what} is not supported in the local emulator`;
  return Object.assign(new Error(errMsg), { errCode: -501007, errMsg });
}

/** A file's bytes as uploadFile takes them: a Buffer, typed array or string. */
function bytesOf(content: unknown): string {
  if (Buffer.isBuffer(content)) return content.toString('base64');
  if (content instanceof Uint8Array) return Buffer.from(content).toString('base64');
  if (typeof content === 'string') return Buffer.from(content).toString('base64');
  throw Object.assign(new Error('cloud.uploadFile:fail fileContent must be a Buffer or a string in the local emulator'), { errCode: -1, errMsg: 'cloud.uploadFile:fail fileContent must be a Buffer or a string in the local emulator' });
}

const openapi: unknown = new Proxy(
  {},
  {
    get(_t, key) {
      if (typeof key !== 'string' || key === 'then') return undefined;
      return new Proxy(() => {}, {
        get: (_f, sub) => (typeof sub === 'string' && sub !== 'then' ? (openapi as Record<string, Record<string, unknown>>)[`${key}.${sub}`] : undefined),
        apply: () => {
          const errMsg = `cloud.openapi.${key}:fail cloud.openapi is not available in the local emulator`;
          return Promise.reject(Object.assign(new Error(errMsg), { errCode: -1, errMsg }));
        },
      });
    },
  },
);

const cloud = {
  DYNAMIC_CURRENT_ENV,
  init(options: { env?: EnvOption } = {}): void {
    configured = options?.env;
  },
  getWXContext(): Record<string, string> {
    return { ...(bridge?.current()?.wxContext ?? {}) };
  },
  database(options: { env?: EnvOption } = {}) {
    const env = envFor('database', options?.env);
    const command = commandSet();
    return {
      command,
      collection: (name: string) => new CollectionReference(env, name),
      serverDate: (o?: { offset?: number }) => new ServerDate(o?.offset ?? 0),
      RegExp: (o: { regexp: string; options?: string }) => new DbRegExp(o.regexp, o.options ?? ''),
      createCollection: (name: string) => request({ op: 'createCollection', env, name }),
      runTransaction: () => Promise.reject(unsupported('database.runTransaction', 'a transaction')),
      startTransaction: () => Promise.reject(unsupported('database.startTransaction', 'a transaction')),
      get Geo(): never {
        throw unsupported('database.Geo', 'geo (Geo values and geo queries)');
      },
    };
  },
  callFunction(o: { name: string; data?: unknown; config?: { env?: EnvOption } }): Promise<unknown> {
    return request({ op: 'callFunction', env: envFor('functions', o?.config?.env), name: o?.name, data: JSON.parse(JSON.stringify(o?.data ?? {})) as Json });
  },
  openapi,
  uploadFile(o: { cloudPath: string; fileContent: unknown; config?: { env?: EnvOption } }): Promise<unknown> {
    return new Promise((resolve) => resolve(bytesOf(o?.fileContent))).then((content) =>
      request({ op: 'uploadFile', env: envFor('storage', o?.config?.env), cloudPath: String(o?.cloudPath ?? ''), content: content as string }),
    );
  },
  async downloadFile(o: { fileID: string }): Promise<unknown> {
    const answer = (await request({ op: 'downloadFile', fileID: String(o?.fileID ?? '') })) as { content: string; statusCode: number; errMsg: string };
    return { fileContent: Buffer.from(answer.content, 'base64'), statusCode: answer.statusCode, errMsg: answer.errMsg };
  },
  getTempFileURL(o: { fileList: Array<string | { fileID: string; maxAge?: number }> }): Promise<unknown> {
    return request({ op: 'getTempFileURL', fileList: JSON.parse(JSON.stringify(o?.fileList ?? [])) as Json });
  },
  deleteFile(o: { fileList: string[] }): Promise<unknown> {
    return request({ op: 'deleteFile', fileList: JSON.parse(JSON.stringify(o?.fileList ?? [])) as Json });
  },
};

Object.defineProperty(cloud, BRIDGE, { value: attach, enumerable: false });

module.exports = cloud;
