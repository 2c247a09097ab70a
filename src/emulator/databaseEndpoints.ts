// The database's HTTP front door: `tcb/database*` and `tcb/updateindex`, with the token
// kinds and order of checks of every other `tcb/*` endpoint (the server checks token,
// method and body; here: parameters, then env, then the query, then the collection).
import { DatabaseHub, type DatabaseOptions } from './database/database';
import { invalid } from './database/errors';
import { planQuery, type Action } from './database/query/plan';
import { execute, type Outcome } from './database/query/run';
import { toJsonValue } from './database/values';
import { envFor, int, str, type Call, type Endpoint } from './endpoints';
import type { TokenKind } from './types';
import { fail } from './wire';
import type { World } from './world';

export interface DatabaseDeps extends DatabaseOptions {
  world: World;
  projectDir: string;
  log: (s: string) => void;
}

const KINDS: TokenKind[] = ['mp', 'authorizer'];
type Body = Record<string, unknown>;

const ok = (rest: Body): Body => ({ errcode: 0, errmsg: 'ok', ...rest });

/** The statement each query endpoint runs (the last call of its query). */
const QUERY_ENDPOINTS: Record<string, { actions: Action[]; answer: (o: Outcome) => Body }> = {
  'tcb/databasequery': {
    actions: ['get'],
    answer: (o) => {
      const r = o as Extract<Outcome, { action: 'get' }>;
      return { pager: { Offset: r.offset, Limit: r.limit, Total: r.total }, data: r.docs.map(wireDoc) };
    },
  },
  'tcb/databasecount': { actions: ['count'], answer: (o) => ({ count: (o as Extract<Outcome, { action: 'count' }>).count }) },
  'tcb/databaseadd': { actions: ['add'], answer: (o) => ({ id_list: (o as Extract<Outcome, { action: 'add' }>).ids }) },
  'tcb/databaseupdate': {
    actions: ['update', 'set'],
    answer: (o) => {
      const r = o as Extract<Outcome, { action: 'update' | 'set' }>;
      return { matched: r.matched, modified: r.modified, id: r.id };
    },
  },
  'tcb/databasedelete': { actions: ['remove'], answer: (o) => ({ deleted: (o as Extract<Outcome, { action: 'remove' }>).deleted }) },
  'tcb/databaseaggregate': { actions: ['aggregate'], answer: (o) => ({ data: (o as Extract<Outcome, { action: 'aggregate' }>).docs.map(wireDoc) }) },
};

/** A document as WeChat sends it: one JSON string, dates as `{"$date": ms}`. */
function wireDoc(doc: Record<string, unknown>): string {
  return JSON.stringify(toJsonValue(doc));
}

function optionalInt(b: Body, key: string, min: number, fallback: number): number {
  return b[key] === undefined || b[key] === null ? fallback : int(b, key, min);
}

const LAST_CALL: Record<Action, string> = { get: '.get()', count: '.count()', add: '.add()', update: '.update()', set: '.set()', remove: '.remove()', aggregate: '.aggregate()…end()' };

export function databaseEndpoints(d: DatabaseDeps): Map<string, Endpoint> {
  const { world } = d;
  const own = world.mini.get(world.projectAppid)!;
  const hub = new DatabaseHub({ projectDir: d.projectDir, projectEnv: own.envs[0].env, warn: d.log, dataDir: d.dataDir, resetData: d.resetData, syntheticDocuments: d.syntheticDocuments });

  const database = (call: Call, envId: string) => {
    const e = envFor(world, call.token, envId);
    if (e.status !== 'NORMAL') fail(-501000, `environment ${e.env} is ${e.status}`);
    return hub.for(e.env);
  };
  const endpoint = (handle: (call: Call, b: Body) => Body): Endpoint => ({ kinds: KINDS, cloud: true, handle: (call) => ok(handle(call, call.body as Body)) });

  const table: Record<string, Endpoint> = {
    'tcb/databasecollectionget': endpoint((call, b) => {
      const envId = str(b, 'env');
      const limit = optionalInt(b, 'limit', 1, 10);
      const offset = optionalInt(b, 'offset', 0, 0);
      const all = database(call, envId).list();
      const collections = all.slice(offset, offset + limit).map((c) => ({
        name: c.name,
        count: c.count,
        size: c.size,
        index_count: 1 + c.indexSpecs().length,
        index_size: 16 * (c.count + c.indexSize()),
      }));
      return { pager: { Offset: offset, Limit: limit, Total: all.length }, collections };
    }),
    'tcb/databasecollectionadd': endpoint((call, b) => {
      const envId = str(b, 'env');
      const name = str(b, 'collection_name');
      database(call, envId).create(name);
      return {};
    }),
    'tcb/databasecollectiondelete': endpoint((call, b) => {
      const envId = str(b, 'env');
      const name = str(b, 'collection_name');
      database(call, envId).drop(name);
      return {};
    }),
    'tcb/updateindex': endpoint((call, b) => {
      const envId = str(b, 'env');
      const name = str(b, 'collection_name');
      const creates = indexList(b, 'create_indexes');
      const drops = indexList(b, 'drop_indexes');
      const db = database(call, envId);
      const c = db.get(name);
      for (const drop of drops) {
        if (typeof drop.name !== 'string' || !c.hasIndex(drop.name)) invalid(`drop_indexes: no index ${JSON.stringify(drop.name)} on ${name}`);
      }
      const specs = creates.map((x) => indexSpec(x));
      for (const s of specs) if (c.hasIndex(s.name) && !drops.some((x) => x.name === s.name)) invalid(`index ${s.name} already exists on ${name}`);
      for (const drop of drops) c.dropIndex(drop.name as string);
      try {
        for (const s of specs) c.createIndex(s);
      } finally {
        db.persist(c);
      }
      return {};
    }),
  };
  for (const [path, spec] of Object.entries(QUERY_ENDPOINTS)) {
    table[path] = endpoint((call, b) => {
      const envId = str(b, 'env');
      const query = str(b, 'query');
      const db = database(call, envId);
      const plan = planQuery(query);
      if (!spec.actions.includes(plan.action)) invalid(`${path} runs a query ending in ${spec.actions.map((a) => LAST_CALL[a]).join(' or ')}, not ${LAST_CALL[plan.action]}`);
      return spec.answer(execute(plan, db));
    });
  }
  return new Map(Object.entries(table));
}

function indexList(b: Body, key: string): Body[] {
  const v = b[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) fail(40097, `${key} must be an array of objects`);
  return v as Body[];
}

function indexSpec(x: Body): { name: string; unique: boolean; keys: { name: string; direction: string }[] } {
  const keys = x.keys;
  if (typeof x.name !== 'string' || !x.name) fail(40097, 'create_indexes: every index needs a name');
  if (x.unique !== undefined && typeof x.unique !== 'boolean') fail(40097, 'create_indexes: unique must be true or false');
  if (!Array.isArray(keys) || keys.length === 0) fail(40097, `create_indexes: index ${x.name} needs keys`);
  const list = (keys as Body[]).map((k) => {
    if (!k || typeof k.name !== 'string' || !k.name) fail(40097, `create_indexes: a key of ${x.name} has no name`);
    const direction = String(k.direction ?? '1');
    if (direction === '2dsphere') invalid(`geo indexes (2dsphere, ${x.name}) are not supported by the emulator`);
    if (direction !== '1' && direction !== '-1') fail(40097, `create_indexes: direction must be "1", "-1" or "2dsphere"`);
    return { name: k.name as string, direction };
  });
  return { name: x.name as string, unique: x.unique === true, keys: list };
}
