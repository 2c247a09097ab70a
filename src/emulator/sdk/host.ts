// The emulator's side of `wx-server-sdk`: a running function's requests arrive as plain
// JSON over its worker's IPC channel, are checked here (the environment must belong to the
// function's mini program, every name, number and command is validated, nothing is ever
// evaluated), and run on the same database and invoke path as the HTTP API. Answers take
// the shapes wx-server-sdk gives (`{data, errMsg: 'collection.get:ok'}`, …).
import type { DatabaseHub } from '../database/database';
import { StorageError, type FileStorage } from '../storage/store';
import { invalid } from '../database/errors';
import type { Doc } from '../database/mingo';
import { STAGES, type Action, type Plan } from '../database/query/plan';
import { execute } from '../database/query/run';
import { FORBIDDEN_KEYS, MAX_DEPTH, QUERY_OPS, UPDATE_OPS } from '../database/query/syntax';
import { ACCUMULATORS, EXPRESSIONS } from '../database/mingo';
import { Command, isPlainObject, ServerDate, toJsonValue, type CommandFamily } from '../database/values';
import { ApiFailure, fail } from '../wire';
import type { EnvRecord, World } from '../world';

/** The invocation a request comes from: its environment, and what getWXContext() says there. */
export interface SdkCaller {
  env: EnvRecord;
  wxContext: Record<string, string>;
}

export type SdkAnswer = { ok: true; data: unknown } | { ok: false; error: { errCode: number; errMsg: string } };

export interface SdkHostDeps {
  world: World;
  hub: DatabaseHub;
  /** The emulator's file storage, shared with `tcb/uploadfile` and friends. */
  storage: FileStorage;
  /** Runs a function of an environment as the HTTP API does; answers its resp_data and rid. */
  invoke: (env: EnvRecord, name: string, event: unknown, wxContext: Record<string, string>) => Promise<{ data: string; rid: string }>;
}

type Body = Record<string, unknown>;

export const SDK_DEFAULT_LIMIT = 100;

const ACTIONS: Record<string, { action: Action; api: (doc: boolean) => string }> = {
  get: { action: 'get', api: (d) => (d ? 'document.get' : 'collection.get') },
  count: { action: 'count', api: () => 'collection.count' },
  add: { action: 'add', api: () => 'collection.add' },
  update: { action: 'update', api: (d) => (d ? 'document.update' : 'collection.update') },
  set: { action: 'set', api: () => 'document.set' },
  remove: { action: 'remove', api: (d) => (d ? 'document.remove' : 'collection.remove') },
  aggregate: { action: 'aggregate', api: () => 'collection.aggregate' },
};

/** JSON from the worker → the values the query layer reads (Command, ServerDate, Date, RegExp). */
export function decode(v: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) invalid(`values nested deeper than ${MAX_DEPTH}`);
  if (Array.isArray(v)) return v.map((x) => decode(x, depth + 1));
  if (!isPlainObject(v)) {
    if (v !== null && typeof v === 'object') invalid('a value that is not JSON');
    return v;
  }
  const keys = Object.keys(v);
  if ('$wx' in v) {
    if (v.$wx === 'serverDate') {
      if (typeof v.offset !== 'number' || !Number.isFinite(v.offset)) invalid('serverDate takes {offset: ms}');
      return new ServerDate(v.offset as number);
    }
    if (v.$wx === 'command') return command(v, depth);
    invalid(`unknown value ${JSON.stringify(v.$wx)}`);
  }
  if (keys.length === 1 && keys[0] === '$date' && typeof v.$date === 'number') return new Date(v.$date);
  if (typeof v.$regex === 'string' && keys.every((k) => k === '$regex' || k === '$options')) {
    const flags = v.$options === undefined ? '' : v.$options;
    if (typeof flags !== 'string' || !/^[imsu]*$/.test(flags)) invalid('RegExp options may be i, m, s and u');
    try {
      return new RegExp(v.$regex, flags as string);
    } catch (e) {
      return invalid(`RegExp ${JSON.stringify(v.$regex)}: ${(e as Error).message}`);
    }
  }
  const out: Body = {};
  for (const k of keys) {
    if (FORBIDDEN_KEYS.has(k)) invalid(`the key ${k}`);
    out[k] = decode(v[k], depth + 1);
  }
  return out;
}

function command(v: Body, depth: number): Command {
  const { family, op, args } = v;
  if (typeof op !== 'string' || !Array.isArray(args)) invalid('a command without op and args');
  const known =
    family === 'query' ? QUERY_OPS.has(op as string) : family === 'update' ? UPDATE_OPS.has(op as string) : family === 'aggregate' ? `$${String(op)}` in EXPRESSIONS || `$${String(op)}` in ACCUMULATORS : false;
  if (!known) invalid(`the command ${String(family)}.${String(op)}`);
  return new Command(family as CommandFamily, op as string, (args as unknown[]).map((a) => decode(a, depth + 1)));
}

function nat(v: unknown, what: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) invalid(`${what}() takes an integer ≥ ${min}`);
  return v as number;
}

/** A database request → the plan the HTTP door would have made of the same chain. */
function planOf(b: Body): { plan: Plan; api: string } {
  const how = typeof b.action === 'string' ? ACTIONS[b.action] : undefined;
  if (!how) invalid(`the database call ${JSON.stringify(b.action)}`);
  if (typeof b.collection !== 'string' || !b.collection) invalid('collection() takes a name');
  const docId = b.docId;
  if (docId !== undefined && (typeof docId !== 'string' || !docId)) invalid('doc() takes a string id');
  const api = how!.api(docId !== undefined);
  const plan: Plan = { collection: b.collection as string, action: how!.action, orderBy: [], stages: [] };
  if (docId !== undefined) plan.docId = docId as string;
  if (b.where !== undefined) plan.where = decode(b.where);
  if (b.orderBy !== undefined) {
    if (!Array.isArray(b.orderBy)) invalid('orderBy');
    for (const o of b.orderBy as unknown[]) {
      const [field, order] = Array.isArray(o) ? o : [];
      if (typeof field !== 'string' || !field || (order !== 'asc' && order !== 'desc')) invalid('orderBy() takes (field, "asc" | "desc")');
      plan.orderBy.push([field as string, order === 'asc' ? 1 : -1]);
    }
  }
  plan.skip = nat(b.skip, 'skip', 0);
  // wx-server-sdk's get() gives 100 documents unless told (the HTTP API's gives 10).
  plan.limit = nat(b.limit, 'limit', 1) ?? (how!.action === 'get' && docId === undefined ? SDK_DEFAULT_LIMIT : undefined);
  if (b.field !== undefined) {
    const f = b.field;
    if (!isPlainObject(f) || !Object.values(f).every((x) => typeof x === 'boolean' || x === 0 || x === 1)) invalid('field() takes {name: true | false}');
    plan.field = f as Body;
  }
  if (b.data !== undefined) plan.data = decode(b.data);
  if (plan.action === 'aggregate') {
    if (!Array.isArray(b.stages)) invalid('aggregate() without stages');
    for (const s of b.stages as Body[]) {
      if (!isPlainObject(s) || typeof s.name !== 'string' || !STAGES.has(s.name)) invalid(`the aggregation stage ${JSON.stringify(isPlainObject(s) ? s.name : s)}`);
      plan.stages.push({ name: s.name as string, arg: decode(s.arg) });
    }
  }
  const shaped = plan.where !== undefined || plan.orderBy.length > 0 || plan.skip !== undefined || plan.limit !== undefined;
  if ((plan.action === 'add' || plan.action === 'set' || plan.action === 'update') && plan.data === undefined) invalid(`${api}() without {data: …}`);
  if ((plan.action === 'update' || plan.action === 'remove') && docId === undefined && plan.where === undefined) invalid(`${api}() without where() or doc(id)`);
  if ((plan.action === 'update' || plan.action === 'remove' || plan.action === 'set' || plan.action === 'add') && (plan.orderBy.length || plan.skip !== undefined || plan.limit !== undefined)) {
    invalid(`${api}() after orderBy/skip/limit`);
  }
  if (docId !== undefined && shaped) invalid('doc() with where/orderBy/skip/limit');
  return { plan, api };
}

const jsonDoc = (d: Doc): unknown => toJsonValue(d);

export function makeSdkHost(d: SdkHostDeps): (caller: SdkCaller, request: unknown) => Promise<SdkAnswer> {
  /** An environment of the caller's own mini program ('' = the one it runs in). */
  const envOf = (caller: SdkCaller, envId: unknown): EnvRecord => {
    if (envId === '' || envId === undefined) return caller.env;
    if (typeof envId !== 'string') return invalid('env must be a string');
    const own = d.world.mini.get(caller.env.owner)?.envs ?? [];
    const e = own.find((x) => x.env === envId);
    if (!e) fail(-501000, `environment ${envId} not found`);
    if (e!.status !== 'NORMAL') fail(-501000, `environment ${e!.env} is ${e!.status}`);
    return e!;
  };

  const database = (caller: SdkCaller, b: Body): { api: string; data: Body } => {
    let api = `collection.${typeof b.action === 'string' ? b.action : 'call'}`;
    try {
      const env = envOf(caller, b.env);
      const planned = planOf(b);
      api = planned.api;
      const o = execute(planned.plan, d.hub.for(env.env));
      const ok = `${api}:ok`;
      switch (o.action) {
        case 'get':
          if (planned.plan.docId === undefined) return { api, data: { data: o.docs.map(jsonDoc), errMsg: ok } };
          // wx-server-sdk rejects a doc(id).get() of a document that is not there.
          if (o.docs.length === 0) throw new Error(`document with _id ${planned.plan.docId} does not exist`);
          return { api, data: { data: jsonDoc(o.docs[0]), errMsg: ok } };
        case 'count':
          return { api, data: { total: o.count, errMsg: ok } };
        case 'add':
          return { api, data: { _id: o.ids[0], errMsg: ok } };
        case 'update':
          return { api, data: { stats: { updated: o.modified }, errMsg: ok } };
        case 'set':
          return { api, data: { _id: planned.plan.docId, stats: { updated: o.modified, created: o.id ? 1 : 0 }, errMsg: ok } };
        case 'remove':
          return { api, data: { stats: { removed: o.deleted }, errMsg: ok } };
        case 'aggregate':
          return { api, data: { list: o.docs.map(jsonDoc), errMsg: ok } };
      }
    } catch (e) {
      throw withApi(api, e);
    }
  };

  /** A file of one of the caller's own environments, else refused as WeChat refuses another's file. */
  const ownFile = (caller: SdkCaller, fileID: unknown): string => {
    if (typeof fileID !== 'string' || !fileID) invalid('a fileID must be a non-empty string');
    // The environment is checked before the file, so another's files cannot even be probed.
    const env = /^cloud:\/\/([^./]+)\./.exec(fileID as string)?.[1];
    try {
      envOf(caller, env ?? '-');
    } catch {
      throw new StorageError(-503002, `${String(fileID)} belongs to another environment`);
    }
    d.storage.stat(fileID as string);
    return fileID as string;
  };
  const fileList = (b: Body): unknown[] => {
    if (!Array.isArray(b.fileList) || b.fileList.length === 0 || b.fileList.length > 50) invalid('fileList takes 1 to 50 files');
    return b.fileList as unknown[];
  };

  const storageCall = (caller: SdkCaller, b: Body): Body => {
    switch (b.op) {
      case 'uploadFile': {
        const env = envOf(caller, b.env);
        if (typeof b.cloudPath !== 'string' || typeof b.content !== 'string') invalid('uploadFile() takes a cloudPath and fileContent');
        const fileID = d.storage.upload(env.env, b.cloudPath as string, Buffer.from(b.content as string, 'base64'));
        return { fileID, statusCode: 200, errMsg: 'uploadFile:ok' };
      }
      case 'downloadFile':
        return { content: d.storage.download(ownFile(caller, b.fileID)).toString('base64'), statusCode: 200, errMsg: 'downloadFile:ok' };
      case 'getTempFileURL':
        return {
          fileList: fileList(b).map((f) => {
            const [fileID, maxAge] = typeof f === 'string' ? [f, 86400] : [(f as Body)?.fileID, Number((f as Body)?.maxAge ?? 86400)];
            try {
              return { fileID, tempFileURL: d.storage.tempUrl(ownFile(caller, fileID), Number.isFinite(maxAge) ? maxAge : 86400), maxAge, status: 0, errMsg: 'ok' };
            } catch (e) {
              if (!(e instanceof StorageError)) throw e;
              return { fileID, tempFileURL: '', maxAge, status: e.status, errMsg: e.message };
            }
          }),
          errMsg: 'cloud.getTempFileURL:ok',
        };
      default:
        return {
          fileList: fileList(b).map((fileID) => {
            try {
              const [answer] = d.storage.delete([ownFile(caller, fileID)]);
              return { fileID, status: answer!.status, errMsg: answer!.errmsg };
            } catch (e) {
              if (!(e instanceof StorageError)) throw e;
              return { fileID, status: e.status, errMsg: e.message };
            }
          }),
          errMsg: 'cloud.deleteFile:ok',
        };
    }
  };

  const handle = async (caller: SdkCaller, request: unknown): Promise<Body> => {
    if (!isPlainObject(request)) invalid('a request that is not an object');
    const b = request as Body;
    switch (b.op) {
      case 'database':
        return database(caller, b).data;
      case 'createCollection':
        try {
          const env = envOf(caller, b.env);
          if (typeof b.name !== 'string' || !b.name) invalid('createCollection() takes a name');
          d.hub.for(env.env).create(b.name as string);
          return { errMsg: 'createCollection:ok' };
        } catch (e) {
          throw withApi('createCollection', e);
        }
      case 'callFunction':
        try {
          const env = envOf(caller, b.env);
          if (typeof b.name !== 'string' || !b.name) invalid('callFunction() takes a function name');
          if (!env.functions.get(b.name as string)) fail(-501009, `function ${String(b.name)} not found in environment ${env.env}`);
          const source = caller.wxContext.SOURCE ? `${caller.wxContext.SOURCE},scf` : 'scf';
          // The event is the JSON the caller's SDK made of `data`, as WeChat sends it.
          const { data, rid } = await d.invoke(env, b.name as string, b.data ?? {}, { ...caller.wxContext, ENV: env.env, SOURCE: source });
          return { result: data === '' ? null : (JSON.parse(data) as unknown), errMsg: 'cloud.callFunction:ok', requestID: rid };
        } catch (e) {
          throw withApi('cloud.callFunction', e);
        }
      case 'uploadFile':
      case 'downloadFile':
      case 'getTempFileURL':
      case 'deleteFile':
        try {
          return storageCall(caller, b);
        } catch (e) {
          throw withApi(`cloud.${b.op}`, e instanceof StorageError ? new SdkFailure(e.status, e.message) : e);
        }
      default:
        return invalid(`the request ${JSON.stringify(b.op)}`);
    }
  };

  return async (caller, request) => {
    try {
      return { ok: true, data: await handle(caller, request) };
    } catch (e) {
      const f = e instanceof SdkFailure ? e : withApi('cloud', e);
      return { ok: false, error: { errCode: f.errCode, errMsg: f.message } };
    }
  };
}

class SdkFailure extends Error {
  constructor(
    readonly errCode: number,
    errMsg: string,
  ) {
    super(errMsg);
  }
}

/** `collection.get:fail -502005 …`, as wx-server-sdk words a failed call. */
function withApi(api: string, e: unknown): SdkFailure {
  if (e instanceof SdkFailure) return e;
  if (e instanceof ApiFailure) return new SdkFailure(e.errcode, `${api}:fail ${e.errcode} ${e.message}`);
  return new SdkFailure(-1, `${api}:fail ${(e as Error)?.message ?? String(e)}`);
}
