// WeChat's query, update and aggregation objects (plain objects mixed with `db.command`
// values) onto the Mongo documents mingo evaluates. Nested plain objects in where() and
// update() are flattened to dotted paths, as WeChat's SDK does: update() merges.
import { invalid } from './errors';
import type { Doc } from './mingo';
import { Command, isPlainObject, materialize, ServerDate } from './values';

const COMPARE: Record<string, string> = { eq: '$eq', neq: '$ne', gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte', in: '$in', nin: '$nin', exists: '$exists', size: '$size', all: '$all', elemMatch: '$elemMatch' };
const LOGIC: Record<string, string> = { and: '$and', or: '$or', nor: '$nor' };
const UNSUPPORTED: Record<string, string> = {
  geoNear: 'geo queries', geoWithin: 'geo queries', geoIntersects: 'geo queries',
};

function join(path: string, key: string): string {
  if (key === '' || key.startsWith('$')) invalid(`field name ${JSON.stringify(key)} is not allowed`);
  return path ? `${path}.${key}` : key;
}

function plainArgs(c: Command): unknown[] {
  // `_.or([a, b])` and `_.or(a, b)` mean the same.
  return c.args.length === 1 && Array.isArray(c.args[0]) ? (c.args[0] as unknown[]) : c.args;
}

/** A deep copy of data, server dates resolved, each command read by `onCommand`. */
function deep(v: unknown, now: number, onCommand: (c: Command) => unknown): unknown {
  if (v instanceof Command) return onCommand(v);
  if (Array.isArray(v)) return v.map((x) => deep(x, now, onCommand));
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const [k, x] of Object.entries(v)) out[k] = deep(x, now, onCommand);
    return out;
  }
  return materialize(v, now);
}

function literal(v: unknown, now: number): unknown {
  return deep(v, now, (c) => invalid(`${c.family} command ${c.op} is not allowed here`));
}

/** The condition a query command puts on one field, as an operator object or a filter. */
function fieldCondition(path: string, c: Command, now: number): Doc {
  if (c.family !== 'query') invalid(`${c.family} command ${c.op} cannot be used in a query`);
  if (UNSUPPORTED[c.op]) invalid(`${UNSUPPORTED[c.op]} (${c.op}) are not supported by the emulator`);
  if (c.op in LOGIC) {
    return { [LOGIC[c.op]]: plainArgs(c).map((a) => (a instanceof Command ? fieldCondition(path, a, now) : { [path]: literal(a, now) })) };
  }
  if (c.op === 'not') {
    const [inner] = c.args;
    if (!(inner instanceof Command) || inner.family !== 'query' || inner.op in LOGIC) invalid('not takes one query command such as _.gt(1)');
    const cond = fieldCondition(path, inner as Command, now)[path] as Doc;
    return { [path]: { $not: cond } };
  }
  const op = COMPARE[c.op];
  if (!op) invalid(`unknown query command ${c.op}`);
  if (c.args.length !== 1) invalid(`${c.op} takes one argument`);
  const arg = c.args[0];
  if (c.op === 'elemMatch') return { [path]: { $elemMatch: isPlainObject(arg) ? where(arg, now) : fieldOps(arg, now) } };
  if ((c.op === 'in' || c.op === 'nin' || c.op === 'all') && !Array.isArray(arg)) invalid(`${c.op} takes an array`);
  if (c.op === 'size' && !(typeof arg === 'number' && Number.isInteger(arg) && arg >= 0)) invalid('size takes a non-negative integer');
  if (c.op === 'exists' && typeof arg !== 'boolean') invalid('exists takes true or false');
  return { [path]: { [op]: literal(arg, now) } };
}

/** elemMatch on an array of scalars: `_.elemMatch(_.gt(1))`. */
function fieldOps(arg: unknown, now: number): Doc {
  if (!(arg instanceof Command)) invalid('elemMatch takes a query object or a query command');
  return fieldCondition('x', arg as Command, now).x as Doc;
}

function and(conds: Doc[]): Doc {
  if (conds.length === 0) return {};
  if (conds.length === 1) return conds[0];
  return { $and: conds };
}

/** where({...}) or where(_.or([...])) → a Mongo filter. */
export function where(q: unknown, now: number, path = ''): Doc {
  if (q instanceof Command) {
    if (path) return fieldCondition(path, q, now);
    if (q.family !== 'query' || !(q.op in LOGIC)) invalid(`where() takes an object or _.and/_.or/_.nor, not _.${q.op}()`);
    return { [LOGIC[q.op]]: plainArgs(q).map((a) => where(a, now)) };
  }
  if (!isPlainObject(q)) invalid('where() takes an object');
  const conds: Doc[] = [];
  for (const [k, v] of Object.entries(q as Doc)) {
    const p = join(path, k);
    if (v instanceof Command) conds.push(fieldCondition(p, v, now));
    else if (isPlainObject(v) && Object.keys(v).length > 0) conds.push(where(v, now, p));
    else conds.push({ [p]: literal(v, now) });
  }
  return and(conds);
}

type Modifier = Record<string, Doc>;

function put(m: Modifier, op: string, path: string, value: unknown): void {
  (m[op] ??= {})[path] = value;
}

function updateCommand(m: Modifier, path: string, c: Command, now: number): void {
  if (c.family !== 'update') invalid(`${c.family} command ${c.op} cannot be used in an update`);
  const a = c.args[0];
  const number = () => {
    if (typeof a !== 'number') invalid(`${c.op} takes a number`);
    return a;
  };
  switch (c.op) {
    case 'set': return put(m, '$set', path, literal(a, now));
    case 'remove': return put(m, '$unset', path, '');
    case 'inc': return put(m, '$inc', path, number());
    case 'mul': return put(m, '$mul', path, number());
    case 'min': return put(m, '$min', path, literal(a, now));
    case 'max': return put(m, '$max', path, literal(a, now));
    case 'rename':
      if (typeof a !== 'string' || !a) invalid('rename takes the new field name');
      return put(m, '$rename', path, a);
    case 'pop': return put(m, '$pop', path, 1);
    case 'shift': return put(m, '$pop', path, -1);
    case 'push': {
      if (isPlainObject(a) && 'each' in a) {
        const spec: Doc = { $each: literal(a.each, now) };
        if (!Array.isArray(spec.$each)) invalid('push({each}) takes an array');
        if (a.position !== undefined) spec.$position = a.position;
        if (a.slice !== undefined) spec.$slice = a.slice;
        if (a.sort !== undefined) spec.$sort = a.sort;
        return put(m, '$push', path, spec);
      }
      return put(m, '$push', path, { $each: Array.isArray(a) ? literal(a, now) : c.args.map((x) => literal(x, now)) });
    }
    case 'unshift':
      return put(m, '$push', path, { $each: Array.isArray(a) ? literal(a, now) : c.args.map((x) => literal(x, now)), $position: 0 });
    case 'addToSet':
      if (isPlainObject(a) && 'each' in a) return put(m, '$addToSet', path, { $each: literal(a.each, now) });
      return put(m, '$addToSet', path, literal(a, now));
    case 'pull':
      if (a instanceof Command) return put(m, '$pull', path, fieldCondition('x', a, now).x);
      return put(m, '$pull', path, isPlainObject(a) ? where(a, now) : literal(a, now));
    case 'pullAll':
      if (!Array.isArray(a)) invalid('pullAll takes an array');
      return put(m, '$pullAll', path, literal(a, now));
    default:
      invalid(`unknown update command ${c.op}`);
  }
}

function collectUpdate(m: Modifier, data: Doc, now: number, path: string): void {
  for (const [k, v] of Object.entries(data)) {
    const p = join(path, k);
    if (p === '_id') invalid('_id cannot be updated');
    if (v instanceof Command) updateCommand(m, p, v, now);
    else if (isPlainObject(v) && Object.keys(v).length > 0) collectUpdate(m, v, now, p);
    else if (v === undefined) continue;
    else put(m, '$set', p, v instanceof ServerDate ? v.resolve(now) : literal(v, now));
  }
}

/** update({data}) → a Mongo update document (nested objects merge, commands apply). */
export function updateDoc(data: unknown, now: number): Modifier {
  if (!isPlainObject(data)) invalid('update data must be an object');
  const m: Modifier = {};
  collectUpdate(m, data as Doc, now, '');
  if (Object.keys(m).length === 0) invalid('update data is empty');
  return m;
}

/** add / set data: a whole document; commands other than serverDate are refused. */
export function plainDoc(data: unknown, now: number): Doc {
  if (!isPlainObject(data)) invalid('a document must be an object');
  return literal(data, now) as Doc;
}

/** Aggregation expressions: `$.sum("$n")` → `{$sum: "$n"}`, recursively. */
export function expression(v: unknown, now: number): unknown {
  return deep(v, now, (c) => {
    if (c.family !== 'aggregate') invalid(`${c.family} command ${c.op} cannot be used in an aggregation expression`);
    const args = c.args.map((a) => expression(a, now));
    return { [`$${c.op}`]: args.length === 1 ? args[0] : args };
  });
}
