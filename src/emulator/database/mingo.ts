// The one place mingo is configured: a lean context with the operators WeChat's database
// speaks, and none that run JavaScript ($where, $function, $accumulator are not registered
// and scripts are disabled), so untrusted queries can only reach this whitelist.
import { Aggregator } from 'mingo/aggregator';
import { Context } from 'mingo/core';
import { $addToSet, $avg, $first, $last, $max, $min, $push, $sum } from 'mingo/operators/accumulator';
import * as arithmetic from 'mingo/operators/expression/arithmetic';
import * as array from 'mingo/operators/expression/array';
import * as boolean from 'mingo/operators/expression/boolean';
import * as comparisonExpr from 'mingo/operators/expression/comparison';
import * as conditional from 'mingo/operators/expression/conditional';
import * as date from 'mingo/operators/expression/date';
import * as object from 'mingo/operators/expression/object';
import * as set from 'mingo/operators/expression/set';
import * as string from 'mingo/operators/expression/string';
import * as type from 'mingo/operators/expression/type';
import { $addFields, $count, $group, $limit, $lookup, $match, $project, $replaceRoot, $sample, $skip, $sort, $sortByCount, $unwind } from 'mingo/operators/pipeline';
import * as projection from 'mingo/operators/projection';
import * as queryArray from 'mingo/operators/query/array';
import * as queryComparison from 'mingo/operators/query/comparison';
import * as element from 'mingo/operators/query/element';
import * as logical from 'mingo/operators/query/logical';
import { $expr, $mod, $regex } from 'mingo/operators/query/evaluation';
import { Query } from 'mingo/query';
import type { AnyObject, CollectionResolver, Options } from 'mingo/types';
import { update } from 'mingo/updater';

export const ACCUMULATORS = { $addToSet, $avg, $first, $last, $max, $min, $push, $sum };
export const EXPRESSIONS = { ...arithmetic, ...array, ...boolean, ...comparisonExpr, ...conditional, ...date, ...object, ...set, ...string, ...type };
export const STAGES = { $addFields, $count, $group, $limit, $lookup, $match, $project, $replaceRoot, $sample, $skip, $sort, $sortByCount, $unwind };

const context = Context.init({
  accumulator: ACCUMULATORS,
  expression: EXPRESSIONS,
  pipeline: STAGES,
  projection,
  query: { ...queryArray, ...queryComparison, ...element, ...logical, $expr, $mod, $regex },
});

export type Doc = AnyObject;

function options(collectionResolver?: CollectionResolver): Partial<Options> {
  return { context, idKey: '_id', scriptEnabled: false, ...(collectionResolver ? { collectionResolver } : {}) };
}

export function compileFilter(filter: Doc): Query {
  return new Query(filter, options());
}

export function runPipeline(docs: Doc[], pipeline: Doc[], resolve: CollectionResolver): Doc[] {
  return new Aggregator(pipeline, options(resolve)).run(docs) as Doc[];
}

/** Applies a Mongo update document in place; returns the modified field paths. */
export function applyUpdate(doc: Doc, modifier: Doc): string[] {
  return update(doc, modifier, undefined, undefined, { cloneMode: 'deep', queryOptions: options() });
}
