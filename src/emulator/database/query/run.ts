// A planned statement run on one environment's database, with WeChat's limits: get()
// returns 10 documents unless told (1000 at most, the server API's cap) and an aggregation
// without a limit stage returns 20.
import { ApiFailure } from '../../wire';
import type { Database } from '../database';
import { invalid } from '../errors';
import type { Doc } from '../mingo';
import { expression, plainDoc, updateDoc, where } from '../translate';
import type { Plan } from './plan';

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 1000;
export const AGGREGATE_DEFAULT_LIMIT = 20;

export type Outcome =
  | { action: 'get'; docs: Doc[]; offset: number; limit: number; total: number }
  | { action: 'count'; count: number }
  | { action: 'add'; ids: string[] }
  | { action: 'update' | 'set'; matched: number; modified: number; id: string }
  | { action: 'remove'; deleted: number }
  | { action: 'aggregate'; docs: Doc[] };

function filterOf(plan: Plan, now: number): Doc {
  return plan.docId !== undefined ? { _id: plan.docId } : where(plan.where ?? {}, now);
}

function stage(name: string, arg: unknown, now: number): Doc {
  if (name === 'match') return { $match: where(arg, now) };
  if (name === 'skip' && !(typeof arg === 'number' && Number.isInteger(arg) && arg >= 0)) invalid('skip takes an integer ≥ 0');
  if (name === 'limit' && !(typeof arg === 'number' && Number.isInteger(arg) && arg >= 1)) invalid('limit takes an integer ≥ 1');
  return { [`$${name}`]: expression(arg, now) };
}

function run(plan: Plan, db: Database, now: number): Outcome {
  const c = db.get(plan.collection);
  switch (plan.action) {
    case 'get': {
      const offset = plan.skip ?? 0;
      const limit = Math.min(plan.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
      const sort = plan.orderBy.length ? Object.fromEntries(plan.orderBy) : undefined;
      const projection = plan.field && Object.fromEntries(Object.entries(plan.field).map(([k, v]) => [k, v ? 1 : 0]));
      const { docs, total } = c.find(filterOf(plan, now), { sort, skip: offset, limit, projection });
      return { action: 'get', docs, offset, limit, total };
    }
    case 'count':
      return { action: 'count', count: c.countWhere(filterOf(plan, now)) };
    case 'add': {
      const list = Array.isArray(plan.data) ? plan.data : [plan.data];
      if (list.length === 0) invalid('add() of no documents');
      return { action: 'add', ids: c.insert(list.map((d) => plainDoc(d, now))) };
    }
    case 'update': {
      const r = c.update(filterOf(plan, now), updateDoc(plan.data, now), plan.docId !== undefined);
      return { action: 'update', ...r, id: '' };
    }
    case 'set': {
      const doc = plainDoc(plan.data, now);
      if ('_id' in doc && doc._id !== plan.docId) invalid('set() data cannot change _id');
      const r = c.replace(plan.docId!, doc);
      return { action: 'set', matched: r.matched, modified: r.modified, id: r.upserted ? plan.docId! : '' };
    }
    case 'remove':
      return { action: 'remove', deleted: c.remove(filterOf(plan, now), plan.docId !== undefined) };
    case 'aggregate': {
      const pipeline = plan.stages.map((s) => stage(s.name, s.arg, now));
      if (!plan.stages.some((s) => s.name === 'limit' || s.name === 'count')) pipeline.push({ $limit: AGGREGATE_DEFAULT_LIMIT });
      return { action: 'aggregate', docs: c.aggregate(pipeline, (name) => db.find(name)) };
    }
  }
}

/** Runs a plan; mingo's own complaints about a query become WeChat's invalid-parameter errcode. */
export function execute(plan: Plan, db: Database, now = Date.now()): Outcome {
  try {
    return run(plan, db, now);
  } catch (e) {
    if (e instanceof ApiFailure) throw e;
    return invalid((e as Error).message);
  }
}
