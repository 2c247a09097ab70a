// A query file's text read as data: acorn parses it, then a whitelist walks every node
// (literals, objects, arrays, unary minus, `new Date`, and call chains rooted at `db`, `_`,
// `$`). Nothing is evaluated. What the editor needs from it: which endpoint the last call
// chooses, the collection, the count query that tells a write how much it touches, the same
// read one page further on, and where the text is wrong when it is.

import { parse, type Expression, type Node } from 'acorn';

export type QueryAction = 'get' | 'count' | 'add' | 'update' | 'set' | 'remove' | 'aggregate';

/** The `CloudDatabase` method a query is sent through. */
export type QueryEndpoint = 'query' | 'count' | 'add' | 'update' | 'remove' | 'aggregate';

export interface QueryAnalysis {
  ok: true;
  action: QueryAction;
  endpoint: QueryEndpoint;
  collection: string;
  /** `doc(id)`'s id, when the chain addresses one document. */
  docId?: string;
  /** The expression alone: what is sent (comments and a trailing `;` around it left out). */
  query: string;
  /** Reads and writes that match documents: `….where(…).count()` of the same chain. */
  countQuery?: string;
  /** `add`: how many documents `data` holds. */
  addCount?: number;
  skip?: number;
  limit?: number;
}

export interface QueryProblem {
  ok: false;
  /** In English; `template` and `args` give it in the user's language. */
  message: string;
  template: string;
  args: (string | number)[];
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  offset: number;
  length: number;
}

export const MAX_QUERY_CHARS = 512 * 1024;
const MAX_DEPTH = 64;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const READ_STEPS = new Set(['where', 'orderBy', 'skip', 'limit', 'field']);
const STAGES = new Set(['match', 'group', 'project', 'sort', 'skip', 'limit', 'unwind', 'lookup', 'count', 'addFields', 'replaceRoot', 'sortByCount', 'sample', 'bucket', 'bucketAuto', 'geoNear']);
const ENDPOINT: Record<QueryAction, QueryEndpoint> = { get: 'query', count: 'count', add: 'add', update: 'update', set: 'update', remove: 'remove', aggregate: 'aggregate' };

/** `{0}`-style English templates: the editor shows them through its translations. */
export const format = (template: string, args: readonly (string | number)[]): string => template.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)])));

class Refusal extends Error {
  constructor(
    readonly template: string,
    readonly start: number,
    readonly end: number,
    readonly args: (string | number)[],
  ) {
    super(format(template, args));
  }
}

const refuse = (node: { start: number; end: number }, template: string, ...args: (string | number)[]): never => {
  throw new Refusal(template, node.start, node.end, args);
};

interface Step {
  name: string;
  /** The `.name` property node. */
  prop: Node;
  /** The whole `.name(args)` call. */
  call: Node & { arguments: Expression[] };
  /** Where `.name` begins: the end of the chain before it. */
  dot: number;
}

/** Reads `db.a(…).b(…)` into its steps, refusing anything that is not a plain call chain on `db`. */
function stepsOf(expression: Expression): Step[] {
  const steps: Step[] = [];
  let cur: Node = expression;
  for (;;) {
    if (steps.length > MAX_DEPTH) refuse(cur, 'The chain is too long.');
    if (cur.type === 'Identifier') {
      if ((cur as unknown as { name: string }).name !== 'db') refuse(cur, 'A query starts with db, not {0}.', (cur as unknown as { name: string }).name);
      return steps.reverse();
    }
    if (cur.type !== 'CallExpression') refuse(cur, cur.type === 'MemberExpression' ? 'Every step of the chain is a call: add (…).' : '{0} is not part of the query language.', cur.type);
    const call = cur as unknown as { callee: Node; arguments: Expression[]; optional: boolean; start: number; end: number };
    if (call.optional) refuse(cur, 'Optional chaining is not part of the query language.');
    const callee = call.callee;
    if (callee.type !== 'MemberExpression') refuse(callee, 'Every step of the chain is .name(…).');
    const member = callee as unknown as { object: Node; property: Node; computed: boolean; optional: boolean };
    if (member.computed || member.property.type !== 'Identifier') refuse(member.property, 'Computed member access is not part of the query language.');
    if (member.optional) refuse(callee, 'Optional chaining is not part of the query language.');
    steps.push({ name: (member.property as unknown as { name: string }).name, prop: member.property, call: cur as Step['call'], dot: member.object.end });
    cur = member.object;
  }
}

/** Checks a value of the language: data, `new Date(…)`, a regexp, or a command chain on `_`, `$` or `db`. */
function checkValue(node: Node, depth: number): void {
  if (depth > MAX_DEPTH) refuse(node, 'The query nests too deeply.');
  switch (node.type) {
    case 'Literal': {
      const lit = node as unknown as { value: unknown; regex?: { flags: string } };
      if (typeof lit.value === 'bigint') refuse(node, 'A BigInt is not part of the query language.');
      if (lit.regex && !/^[imsu]*$/.test(lit.regex.flags)) refuse(node, 'The regexp flags {0} are not supported.', lit.regex.flags);
      return;
    }
    case 'TemplateLiteral':
      if ((node as unknown as { expressions: Node[] }).expressions.length) refuse(node, 'A template literal with ${…} is not part of the query language.');
      return;
    case 'ArrayExpression':
      for (const el of (node as unknown as { elements: (Node | null)[] }).elements) {
        if (!el) refuse(node, 'An array with a hole is not part of the query language.');
        checkValue(el!, depth + 1);
      }
      return;
    case 'ObjectExpression':
      checkObject(node, depth);
      return;
    case 'UnaryExpression': {
      const u = node as unknown as { operator: string; argument: Node };
      if (u.operator !== '-' || u.argument.type !== 'Literal' || typeof (u.argument as unknown as { value: unknown }).value !== 'number') refuse(node, 'Only a minus before a number is part of the query language.');
      return;
    }
    case 'NewExpression': {
      const n = node as unknown as { callee: Node; arguments: Node[] };
      if (n.callee.type !== 'Identifier' || (n.callee as unknown as { name: string }).name !== 'Date') refuse(n.callee, 'Only new Date(…) is part of the query language.');
      for (const a of n.arguments) {
        const v = (a as unknown as { value?: unknown }).value;
        if (a.type !== 'Literal' || (typeof v !== 'string' && typeof v !== 'number')) refuse(a, 'new Date takes numbers or strings.');
      }
      return;
    }
    case 'CallExpression':
    case 'MemberExpression':
      checkCommand(node, depth);
      return;
    case 'Identifier':
      return refuse(node, '{0} is not defined in the query language; a value is written out, commands start with _ or $.', (node as unknown as { name: string }).name);
    case 'SpreadElement':
      return refuse(node, 'Spread (…) is not part of the query language.');
    default:
      return refuse(node, '{0} is not part of the query language.', node.type);
  }
}

function checkObject(node: Node, depth: number): void {
  const seen = new Set<string>();
  for (const p of (node as unknown as { properties: Node[] }).properties) {
    if (p.type !== 'Property') refuse(p, 'Spread (…) is not part of the query language.');
    const prop = p as unknown as { kind: string; method: boolean; shorthand: boolean; computed: boolean; key: Node; value: Node };
    if (prop.kind !== 'init' || prop.method) refuse(p, 'A getter, setter or method is not part of the query language.');
    if (prop.computed) refuse(prop.key, 'A computed key is not part of the query language.');
    if (prop.shorthand) refuse(p, 'Write the value out: a shorthand property is not part of the query language.');
    const key = prop.key.type === 'Identifier' ? (prop.key as unknown as { name: string }).name : String((prop.key as unknown as { value: unknown }).value);
    if (FORBIDDEN_KEYS.has(key)) refuse(prop.key, 'The key {0} is not allowed.', key);
    if (seen.has(key)) refuse(prop.key, 'The key {0} is repeated.', key);
    seen.add(key);
    checkValue(prop.value, depth + 1);
  }
}

/** `_.gt(1).and(_.lt(5))`, `$.sum('$n')`, `db.command.eq(1)`, `db.serverDate()`, `db.RegExp({…})`. */
function checkCommand(node: Node, depth: number): void {
  let cur: Node = node;
  let calls = 0;
  for (;;) {
    if (calls > MAX_DEPTH) refuse(node, 'The command chain is too long.');
    if (cur.type === 'CallExpression') {
      const call = cur as unknown as { callee: Node; arguments: Node[]; optional: boolean };
      if (call.optional) refuse(cur, 'Optional chaining is not part of the query language.');
      for (const a of call.arguments) checkValue(a, depth + 1);
      cur = call.callee;
      calls++;
    } else if (cur.type === 'MemberExpression') {
      const m = cur as unknown as { object: Node; property: Node; computed: boolean; optional: boolean };
      if (m.computed || m.property.type !== 'Identifier') refuse(m.property, 'Computed member access is not part of the query language.');
      if (m.optional) refuse(cur, 'Optional chaining is not part of the query language.');
      const name = (m.property as unknown as { name: string }).name;
      if (FORBIDDEN_KEYS.has(name)) refuse(m.property, 'The property {0} is not allowed.', name);
      cur = m.object;
    } else if (cur.type === 'Identifier') {
      const root = (cur as unknown as { name: string }).name;
      if (root !== '_' && root !== '$' && root !== 'db') refuse(cur, '{0} is not defined in the query language; commands start with _ or $.', root);
      if (calls === 0) refuse(node, 'A command is called: add (…).');
      return;
    } else {
      refuse(cur, '{0} is not part of the query language.', cur.type);
    }
  }
}

function parseOne(text: string): Expression {
  if (text.length > MAX_QUERY_CHARS) throw new Refusal('The query is longer than {0} characters.', 0, 0, [MAX_QUERY_CHARS]);
  let program: ReturnType<typeof parse>;
  try {
    program = parse(text, { ecmaVersion: 2022, sourceType: 'script' });
  } catch (error) {
    const e = error as SyntaxError & { pos?: number; raisedAt?: number };
    if (e instanceof RangeError) throw new Refusal('The query nests too deeply.', 0, 0, []);
    const at = e.pos ?? 0;
    throw new Refusal('Syntax error: {0}.', at, Math.max(at + 1, e.raisedAt ?? at), [e.message.replace(/ \(\d+:\d+\)$/, '')]);
  }
  const body = program.body;
  if (body.length === 0) throw new Refusal('The file holds no query: write one expression such as db.collection(\'todos\').get().', 0, 0, []);
  if (body.length > 1) refuse(body[1]!, 'A query file holds one expression; this second statement is not allowed.');
  const stmt = body[0]!;
  if (stmt.type !== 'ExpressionStatement') refuse(stmt, '{0} is not a query: write one expression.', stmt.type);
  return (stmt as unknown as { expression: Expression }).expression;
}

function stringArg(step: Step, template: string): string {
  const args = step.call.arguments;
  const arg = args[0] as unknown as { type: string; value?: unknown } | undefined;
  if (args.length !== 1 || !arg || arg.type !== 'Literal' || typeof arg.value !== 'string' || !arg.value) refuse(step.call, template, step.name);
  return arg!.value as string;
}

function numberArg(step: Step): number {
  const args = step.call.arguments;
  const arg = args[0] as unknown as { type: string; value?: unknown } | undefined;
  const v = arg?.value;
  if (args.length !== 1 || arg?.type !== 'Literal' || typeof v !== 'number' || !Number.isInteger(v) || v < 0) refuse(step.call, '.{0}() takes a whole number.', step.name);
  return v as number;
}

function expectArgs(step: Step, count: number): void {
  if (step.call.arguments.length !== count) refuse(step.call, count === 0 ? '.{0}() takes no arguments.' : '.{0}() takes {1} argument(s).', step.name, count);
}

/** `{data: …}` of add/update/set; for add, how many documents it holds. */
function dataArg(step: Step): number {
  expectArgs(step, 1);
  const arg = step.call.arguments[0]!;
  const props = arg.type === 'ObjectExpression' ? (arg as unknown as { properties: { key?: { name?: string; value?: unknown } ; value: Node }[] }).properties : undefined;
  const data = props?.find((p) => (p.key?.name ?? p.key?.value) === 'data');
  if (!data) refuse(arg, '.{0}() takes {data: …}.', step.name);
  return data!.value.type === 'ArrayExpression' ? (data!.value as unknown as { elements: unknown[] }).elements.length : 1;
}

function analyse(text: string): QueryAnalysis {
  const expression = parseOne(text);
  const steps = stepsOf(expression);
  for (const step of steps) for (const arg of step.call.arguments) checkValue(arg, 1);
  const first = steps[0];
  if (!first || first.name !== 'collection') refuse(first?.prop ?? expression, 'db.{0}: a query starts with db.collection(name).', first?.name ?? '');
  const collection = stringArg(first!, '.{0}() takes the collection name as a string.');
  const query = text.slice(expression.start, expression.end);
  const slice = (node: { start: number; end: number }) => text.slice(node.start, node.end);
  const base = `db.collection(${JSON.stringify(collection)})`;
  const rest = steps.slice(1);
  const last = rest[rest.length - 1];
  if (!last) refuse(expression, 'End the query with .get(), .count(), .add(…), .update(…), .set(…), .remove() or .aggregate()….end().');

  // aggregate()…end()
  if (rest[0]?.name === 'aggregate') {
    expectArgs(rest[0], 0);
    if (last!.name !== 'end' || rest.length < 2) refuse(last!.prop, 'An aggregation ends with .end().');
    expectArgs(last!, 0);
    for (const stage of rest.slice(1, -1)) {
      if (!STAGES.has(stage.name)) refuse(stage.prop, '{0} is not an aggregation stage.', stage.name);
    }
    return { ok: true, action: 'aggregate', endpoint: 'aggregate', collection, query };
  }

  // doc(id) then get/set/update/remove
  if (rest[0]?.name === 'doc') {
    const id = stringArg(rest[0], '.{0}() takes the document id as a string.');
    if (rest.length !== 2) refuse((rest[2] ?? rest[0]).prop, 'doc(id) is followed by exactly one of .get(), .set(…), .update(…), .remove().');
    const action = last!.name;
    if (action === 'get' || action === 'remove') expectArgs(last!, 0);
    else if (action === 'set' || action === 'update') dataArg(last!);
    else refuse(last!.prop, 'doc(id).{0}() is not part of the query language; use .get(), .set(…), .update(…) or .remove().', action);
    const countQuery = `${base}.where(${JSON.stringify({ _id: id })}).count()`;
    return { ok: true, action: action as QueryAction, endpoint: ENDPOINT[action as QueryAction], collection, docId: id, query, countQuery };
  }

  // add({data})
  if (last!.name === 'add') {
    if (rest.length !== 1) refuse(rest[0]!.prop, 'add(…) comes right after db.collection(name).');
    return { ok: true, action: 'add', endpoint: 'add', collection, query, addCount: dataArg(last!) };
  }

  // where/orderBy/skip/limit/field then get/count/update/remove
  const action = last!.name;
  const chain = rest.slice(0, -1);
  let where: Step | undefined;
  let skip: number | undefined;
  let limit: number | undefined;
  for (const step of chain) {
    if (!READ_STEPS.has(step.name)) refuse(step.prop, '{0}() is not part of the query language here.', step.name);
    if (step.name === 'where') {
      if (where) refuse(step.prop, 'A query has one .where(…).');
      expectArgs(step, 1);
      if (step.call.arguments[0]!.type !== 'ObjectExpression' && step.call.arguments[0]!.type !== 'CallExpression') refuse(step.call.arguments[0]!, '.where() takes an object or a command.');
      where = step;
    } else if (step.name === 'skip') skip = numberArg(step);
    else if (step.name === 'limit') {
      limit = numberArg(step);
      if (limit < 1) refuse(step.call, '.limit() takes a number of at least 1.');
    } else if (step.name === 'orderBy') {
      expectArgs(step, 2);
      const dir = step.call.arguments[1] as unknown as { type: string; value?: unknown };
      if (dir.type !== 'Literal' || (dir.value !== 'asc' && dir.value !== 'desc')) refuse(step.call.arguments[1]!, '.orderBy() takes a field and asc or desc.');
    } else expectArgs(step, 1);
  }
  const countQuery = `${base}${where ? `.where(${slice(where.call.arguments[0]!)})` : ''}.count()`;
  if (action === 'get' || action === 'count' || action === 'remove') expectArgs(last!, 0);
  else if (action === 'update') dataArg(last!);
  else refuse(last!.prop, '{0}() cannot end this query; end it with .get(), .count(), .update(…) or .remove().', action);
  const analysis: QueryAnalysis = { ok: true, action: action as QueryAction, endpoint: ENDPOINT[action as QueryAction], collection, query, countQuery };
  if (skip !== undefined) analysis.skip = skip;
  if (limit !== undefined) analysis.limit = limit;
  return analysis;
}

function problemAt(text: string, start: number, end: number, refusal: Refusal): QueryProblem {
  const before = text.slice(0, start);
  const line = before.split('\n').length;
  return { ok: false, message: refusal.message, template: refusal.template, args: refusal.args, line, column: start - before.lastIndexOf('\n'), offset: start, length: Math.max(0, end - start) };
}

/** What a query file asks for, or where and why it is not a query. Never runs any of it. */
export function analyseQuery(text: string): QueryAnalysis | QueryProblem {
  try {
    return analyse(text);
  } catch (error) {
    if (error instanceof Refusal) return problemAt(text, error.start, error.end, error);
    if (error instanceof RangeError) return problemAt(text, 0, 0, new Refusal('The query nests too deeply.', 0, 0, []));
    throw error;
  }
}

/**
 * Checks that `text` is exactly one object expression of the language (a `where` argument),
 * and returns it without the comments and `;` around it.
 */
export function whereObjectText(text: string): { ok: true; text: string } | QueryProblem {
  try {
    // Parenthesised, an object is an expression rather than a block.
    const wrapped = `(${text}\n)`;
    const expression = parseOne(wrapped);
    if (expression.type !== 'ObjectExpression') refuse(expression, 'Write one object, such as {done: false} or {age: _.gt(18)}.');
    checkObject(expression, 1);
    return { ok: true, text: wrapped.slice(expression.start, expression.end) };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    // Positions in the wrapped text are one character past the user's.
    const start = Math.min(text.length, Math.max(0, error.start - 1));
    return problemAt(text, start, Math.min(text.length, Math.max(start, error.end - 1)), error);
  }
}

/**
 * The same read `skip` documents in: a `….get()` with its `.skip(n)` replaced, or one added
 * before `.get()`. Throws for anything that is not a `get` of a collection.
 */
export function withSkip(text: string, skip: number): string {
  const expression = parseOne(text);
  const steps = stepsOf(expression);
  const last = steps[steps.length - 1];
  if (!last || last.name !== 'get' || steps[1]?.name === 'doc') throw new Error('Only a collection read (….get()) pages.');
  const n = Math.max(0, Math.floor(skip));
  const existing = steps.find((s) => s.name === 'skip');
  const out = existing
    ? text.slice(0, existing.call.arguments[0]!.start) + String(n) + text.slice(existing.call.arguments[0]!.end, expression.end)
    : text.slice(0, last.dot) + `.skip(${n})` + text.slice(last.dot, expression.end);
  return out.slice(expression.start);
}
