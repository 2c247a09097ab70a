// The database's HTTP front door: `tcb/database*` and `tcb/updateindex` for a mini program
// or authorizer token, and `componenttcb/db*` for the platform on its own environments, with
// the order of checks of every other endpoint (the server checks token, method and body;
// here: parameters, then env, then the query, then the collection).
import * as path from 'node:path';
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
  /** The databases, shared with storage and migrate jobs; made here when not given. */
  hub?: DatabaseHub;
}

/** Where the emulator keeps its data: the option, or `<project>/.wxcloud-data/`. */
export function dataDirOf(d: DatabaseDeps): string {
  return path.resolve(d.dataDir ?? path.join(d.projectDir, '.wxcloud-data'));
}

export function openDatabases(d: DatabaseDeps): DatabaseHub {
  const own = d.world.mini.get(d.world.projectAppid)!;
  return new DatabaseHub({ projectDir: d.projectDir, projectEnv: own.envs[0].env, warn: d.log, dataDir: dataDirOf(d), resetData: d.resetData, syntheticDocuments: d.syntheticDocuments });
}

const KINDS: TokenKind[] = ['mp', 'authorizer'];
/** The third-party platform on its own environments (批量代云开发). */
const COMPONENT: TokenKind[] = ['component'];
type Body = Record<string, unknown>;

const ok = (rest: Body): Body => ({ errcode: 0, errmsg: 'ok', ...rest });

/** `tcb/*` writes the pager's keys capitalised, `componenttcb/*` in lower case. */
type Pager = (offset: number, limit: number, total: number) => Body;
const tcbPager: Pager = (Offset, Limit, Total) => ({ pager: { Offset, Limit, Total } });
const componentPager: Pager = (offset, limit, total) => ({ pager: { offset, limit, total } });

/** A document as WeChat sends it: one JSON string, dates as `{"$date": ms}`. */
function wireDoc(doc: Record<string, unknown>): string {
  return JSON.stringify(toJsonValue(doc));
}

function answer(o: Outcome, pager: Pager): Body {
  switch (o.action) {
    case 'get':
      return { ...pager(o.offset, o.limit, o.total), data: o.docs.map(wireDoc) };
    case 'count':
      return { count: o.count };
    case 'add':
      return { id_list: o.ids };
    case 'update':
    case 'set':
      return { matched: o.matched, modified: o.modified, id: o.id };
    case 'remove':
      return { deleted: o.deleted };
    case 'aggregate':
      return { data: o.docs.map(wireDoc) };
  }
}

/** The query endpoints and the last call each one runs. */
const TCB_QUERIES: Record<string, Action[]> = {
  'tcb/databasequery': ['get'],
  'tcb/databasecount': ['count'],
  'tcb/databaseadd': ['add'],
  'tcb/databaseupdate': ['update', 'set'],
  'tcb/databasedelete': ['remove'],
  'tcb/databaseaggregate': ['aggregate'],
};
/** `componenttcb/dbrecord?action=…` → the last call it runs. */
const RECORD_ACTIONS: Record<string, Action[]> = { query: ['get'], count: ['count'], insert: ['add'], update: ['update', 'set'], delete: ['remove'] };

function optionalInt(b: Body, key: string, min: number, fallback: number): number {
  return b[key] === undefined || b[key] === null ? fallback : int(b, key, min);
}

/** `action` from the query string or the body (the official pages show both). */
function action(call: Call, b: Body, allowed: string[]): string {
  const a = call.query.get('action') ?? b.action;
  if (a === undefined || a === null || a === '') fail(40101, 'action');
  if (typeof a !== 'string' || !allowed.includes(a)) fail(40097, `action must be one of ${allowed.join(', ')}`);
  return a as string;
}

const LAST_CALL: Record<Action, string> = { get: '.get()', count: '.count()', add: '.add()', update: '.update()', set: '.set()', remove: '.remove()', aggregate: '.aggregate()…end()' };

export function databaseEndpoints(d: DatabaseDeps): Map<string, Endpoint> {
  const { world } = d;
  const hub = d.hub ?? openDatabases(d);

  const database = (call: Call, envId: string) => {
    const e = envFor(world, call.token, envId);
    if (e.status !== 'NORMAL') fail(-501000, `environment ${e.env} is ${e.status}`);
    return hub.for(e.env);
  };

  const listCollections = (call: Call, b: Body, pager: Pager): Body => {
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
    return { ...pager(offset, limit, all.length), collections };
  };
  const addCollection = (call: Call, b: Body): Body => {
    const envId = str(b, 'env');
    const name = str(b, 'collection_name');
    database(call, envId).create(name);
    return {};
  };
  const deleteCollection = (call: Call, b: Body): Body => {
    const envId = str(b, 'env');
    const name = str(b, 'collection_name');
    database(call, envId).drop(name);
    return {};
  };
  const updateIndex = (call: Call, b: Body): Body => {
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
  };
  const runQuery = (call: Call, b: Body, path: string, actions: Action[], pager: Pager): Body => {
    const envId = str(b, 'env');
    const query = str(b, 'query');
    const db = database(call, envId);
    const plan = planQuery(query);
    if (!actions.includes(plan.action)) invalid(`${path} runs a query ending in ${actions.map((a) => LAST_CALL[a]).join(' or ')}, not ${LAST_CALL[plan.action]}`);
    return answer(execute(plan, db), pager);
  };

  const endpoint = (kinds: TokenKind[], handle: (call: Call, b: Body) => Body): Endpoint => ({ kinds, cloud: kinds !== COMPONENT, handle: (call) => ok(handle(call, call.body as Body)) });
  const table: Record<string, Endpoint> = {
    'tcb/databasecollectionget': endpoint(KINDS, (call, b) => listCollections(call, b, tcbPager)),
    'tcb/databasecollectionadd': endpoint(KINDS, addCollection),
    'tcb/databasecollectiondelete': endpoint(KINDS, deleteCollection),
    'tcb/updateindex': endpoint(KINDS, updateIndex),
    'componenttcb/dbcollection': endpoint(COMPONENT, (call, b) => {
      const a = action(call, b, ['get', 'add', 'del']);
      return a === 'get' ? listCollections(call, b, componentPager) : a === 'add' ? addCollection(call, b) : deleteCollection(call, b);
    }),
    'componenttcb/dbrecord': endpoint(COMPONENT, (call, b) => {
      const a = action(call, b, Object.keys(RECORD_ACTIONS));
      return runQuery(call, b, `componenttcb/dbrecord?action=${a}`, RECORD_ACTIONS[a], componentPager);
    }),
    'componenttcb/dbindex': endpoint(COMPONENT, updateIndex),
    'componenttcb/dbaggregate': endpoint(COMPONENT, (call, b) => runQuery(call, b, 'componenttcb/dbaggregate', ['aggregate'], componentPager)),
  };
  for (const [path, actions] of Object.entries(TCB_QUERIES)) table[path] = endpoint(KINDS, (call, b) => runQuery(call, b, path, actions, tcbPager));
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
