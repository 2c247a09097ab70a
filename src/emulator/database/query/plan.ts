// The statement a query string makes: `db.collection(name)` followed by WeChat's chain
// (where/orderBy/skip/limit/field then get/count/update/remove, doc(id) then
// get/set/update/remove, add, or aggregate()…end()), checked step by step.
import type { Expression, Node } from 'acorn';
import { flatten, parseQuery, value, type Segment, type Source } from './syntax';

export type Action = 'get' | 'count' | 'add' | 'update' | 'set' | 'remove' | 'aggregate';

export interface Plan {
  collection: string;
  action: Action;
  docId?: string;
  where?: unknown;
  orderBy: [string, 1 | -1][];
  skip?: number;
  limit?: number;
  field?: Record<string, unknown>;
  data?: unknown;
  stages: { name: string; arg: unknown }[];
}

export const STAGES = new Set(['match', 'group', 'project', 'sort', 'skip', 'limit', 'unwind', 'lookup', 'count', 'addFields', 'replaceRoot', 'sortByCount', 'sample']);
const UNSUPPORTED: Record<string, string> = {
  geoNear: 'geo aggregation (geoNear)',
  watch: 'realtime watch',
  startTransaction: 'transactions',
  runTransaction: 'transactions',
};

interface Step {
  name: string;
  node: Node;
  args: unknown[];
}

/** Pairs each `.name` with its `(args)`, reading the args as values. */
function steps(source: Source, segments: Segment[]): Step[] {
  const out: Step[] = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (seg.kind !== 'prop') source.refuse(seg.node, 'calling the result of a call');
    const name = (seg as { name: string }).name;
    if (UNSUPPORTED[name]) source.refuse(seg.node, `${UNSUPPORTED[name]}, which the emulator does not support,`);
    const call = segments[i + 1];
    if (!call || call.kind !== 'call') source.refuse(seg.node, `.${name} without a call`);
    out.push({ name, node: seg.node, args: (call as { args: Expression[] }).args.map((a) => value(source, a, 2)) });
    i++;
  }
  return out;
}

function oneArg(source: Source, s: Step): unknown {
  if (s.args.length !== 1) source.refuse(s.node, `.${s.name}() with ${s.args.length} arguments`);
  return s.args[0];
}

function noArgs(source: Source, s: Step): void {
  if (s.args.length !== 0) source.refuse(s.node, `.${s.name}() with arguments`);
}

function nat(source: Source, s: Step, min: number): number {
  const v = oneArg(source, s);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) source.refuse(s.node, `.${s.name}() with anything but an integer ≥ ${min}`);
  return v as number;
}

function dataOf(source: Source, s: Step): unknown {
  const v = oneArg(source, s) as { data?: unknown } | null;
  if (!v || typeof v !== 'object' || Array.isArray(v) || !('data' in v)) source.refuse(s.node, `.${s.name}() without {data: …}`);
  return v!.data;
}

export function planQuery(text: string): Plan {
  const { source, expression } = parseQuery(text);
  const chain = flatten(source, expression, 0);
  if (chain.root !== 'db') source.refuse(chain.rootNode, `the identifier ${chain.root}`);
  const list = steps(source, chain.segments);
  const first = list.shift();
  if (!first || first.name !== 'collection') source.refuse(first?.node ?? chain.rootNode, `db.${first?.name ?? ''} (a query starts with db.collection(name))`);
  const name = oneArg(source, first!);
  if (typeof name !== 'string' || !name) source.refuse(first!.node, 'a collection name that is not a string');
  const plan: Plan = { collection: name as string, action: 'get', orderBy: [], stages: [] };

  let finished = false;
  let aggregating = false;
  for (const s of list) {
    if (finished) source.refuse(s.node, `.${s.name}() after the query's last call`);
    if (aggregating) {
      if (s.name === 'end') {
        noArgs(source, s);
        finished = true;
      } else if (STAGES.has(s.name)) {
        plan.stages.push({ name: s.name, arg: oneArg(source, s) });
      } else {
        source.refuse(s.node, `the aggregation stage ${s.name}`);
      }
      continue;
    }
    switch (s.name) {
      case 'doc': {
        const id = oneArg(source, s);
        if (typeof id !== 'string' || !id || plan.docId !== undefined || plan.where !== undefined) source.refuse(s.node, '.doc() with anything but one string id, once, without where()');
        plan.docId = id as string;
        break;
      }
      case 'where':
        if (plan.docId !== undefined || plan.where !== undefined) source.refuse(s.node, '.where() after .doc() or a second .where()');
        plan.where = oneArg(source, s);
        break;
      case 'orderBy': {
        const [field, order] = s.args;
        if (s.args.length !== 2 || typeof field !== 'string' || !field || (order !== 'asc' && order !== 'desc')) source.refuse(s.node, '.orderBy() with anything but (field, "asc" | "desc")');
        plan.orderBy.push([field as string, order === 'asc' ? 1 : -1]);
        break;
      }
      case 'skip':
        plan.skip = nat(source, s, 0);
        break;
      case 'limit':
        plan.limit = nat(source, s, 1);
        break;
      case 'field': {
        const f = oneArg(source, s);
        if (!f || typeof f !== 'object' || Array.isArray(f) || !Object.values(f).every((v) => typeof v === 'boolean' || v === 0 || v === 1)) source.refuse(s.node, '.field() with anything but {name: true | false}');
        plan.field = f as Record<string, unknown>;
        break;
      }
      case 'aggregate':
        noArgs(source, s);
        if (plan.docId !== undefined || plan.where !== undefined || plan.orderBy.length || plan.skip !== undefined || plan.limit !== undefined) source.refuse(s.node, '.aggregate() after other calls');
        plan.action = 'aggregate';
        aggregating = true;
        break;
      case 'get':
      case 'count':
      case 'remove':
        noArgs(source, s);
        plan.action = s.name;
        finished = true;
        break;
      case 'add':
      case 'update':
      case 'set':
        plan.data = dataOf(source, s);
        plan.action = s.name;
        finished = true;
        break;
      default:
        source.refuse(s.node, `.${s.name}()`);
    }
  }
  if (!finished) source.refuse(expression, aggregating ? 'an aggregation without .end()' : 'a query without its last call (get, count, add, update, set or remove)');
  checkShape(source, plan, expression);
  return plan;
}

/** Which calls go together, as WeChat's SDK allows them. */
function checkShape(source: Source, p: Plan, node: Node): void {
  const shaped = p.where !== undefined || p.orderBy.length > 0 || p.skip !== undefined || p.limit !== undefined || p.field !== undefined;
  if (p.action === 'add' && (shaped || p.docId !== undefined)) source.refuse(node, '.add() after where/doc/orderBy/skip/limit/field');
  if (p.action === 'set' && p.docId === undefined) source.refuse(node, '.set() without .doc(id)');
  if ((p.action === 'update' || p.action === 'remove') && p.docId === undefined && p.where === undefined) source.refuse(node, `.${p.action}() without .where() or .doc(id)`);
  if ((p.action === 'update' || p.action === 'remove' || p.action === 'set') && (p.orderBy.length || p.skip !== undefined || p.limit !== undefined || p.field)) {
    source.refuse(node, `.${p.action}() after orderBy/skip/limit/field`);
  }
  if (p.action === 'count' && (p.field || p.orderBy.length)) source.refuse(node, '.count() after orderBy/field');
  if (p.docId !== undefined && (p.orderBy.length || p.skip !== undefined || p.limit !== undefined)) source.refuse(node, '.doc() with orderBy/skip/limit');
}
