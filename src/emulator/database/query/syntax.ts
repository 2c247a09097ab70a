// The query string as data: parsed by acorn, then read node by node from a whitelist
// (literals, objects, arrays, unary minus, `new Date`, and call chains rooted at `db`, `_`,
// `$`). Nothing is ever evaluated: an unknown node is refused with its position before any
// part of the query runs.
import { parse, type Expression, type Node, type SpreadElement } from 'acorn';
import { invalid } from '../errors';
import { ACCUMULATORS, EXPRESSIONS } from '../mingo';
import { Command, ServerDate } from '../values';

export const MAX_QUERY_BYTES = 512 * 1024;
export const MAX_DEPTH = 64;

export const QUERY_OPS = new Set(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'and', 'or', 'nor', 'not', 'exists', 'size', 'elemMatch', 'all', 'geoNear', 'geoWithin', 'geoIntersects']);
export const UPDATE_OPS = new Set(['set', 'remove', 'inc', 'mul', 'push', 'pop', 'shift', 'unshift', 'pull', 'pullAll', 'addToSet', 'min', 'max', 'rename']);
/** Chainable on a query command: `_.gt(1).and(_.lt(5))`. */
const CHAIN_OPS = new Set(['and', 'or']);
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export class Source {
  constructor(readonly text: string) {}

  /** "line 1, column 27" for a node. */
  where(node: Node): string {
    const before = this.text.slice(0, node.start);
    const line = before.split('\n').length;
    return `line ${line}, column ${node.start - before.lastIndexOf('\n')}`;
  }

  refuse(node: Node, what: string): never {
    return invalid(`${what} at ${this.where(node)} is not allowed in a query`);
  }
}

/** One step of a call chain: `.name` or `(args)`. */
export type Segment = { kind: 'prop'; name: string; node: Node } | { kind: 'call'; args: Expression[]; node: Node };

export interface Chain {
  root: string;
  rootNode: Node;
  segments: Segment[];
}

/** Parses the whole query: exactly one expression statement. */
export function parseQuery(text: string): { source: Source; expression: Expression } {
  if (Buffer.byteLength(text, 'utf8') > MAX_QUERY_BYTES) invalid(`the query is larger than ${MAX_QUERY_BYTES / 1024} KB`);
  let program;
  try {
    program = parse(text, { ecmaVersion: 2022, sourceType: 'script', allowReturnOutsideFunction: false });
  } catch (e) {
    const m = e as SyntaxError & { loc?: { line: number; column: number } };
    if (e instanceof RangeError || /stack/i.test(m.message)) invalid('the query nests too deeply');
    invalid(`the query is not valid JavaScript: ${m.message.replace(/ \(\d+:\d+\)$/, '')}${m.loc ? ` at line ${m.loc.line}, column ${m.loc.column + 1}` : ''}`);
  }
  const source = new Source(text);
  const body = program!.body;
  if (body.length !== 1) {
    if (body.length === 0) invalid('the query is empty');
    source.refuse(body[1], 'a second statement');
  }
  const stmt = body[0];
  if (stmt.type !== 'ExpressionStatement') source.refuse(stmt, `a ${stmt.type}`);
  return { source, expression: (stmt as { expression: Expression }).expression };
}

function depthCheck(source: Source, node: Node, depth: number): void {
  if (depth > MAX_DEPTH) source.refuse(node, `nesting deeper than ${MAX_DEPTH}`);
}

/** Flattens `root.a(…).b.c(…)` into its root identifier and segments. */
export function flatten(source: Source, node: Expression, depth: number): Chain {
  const segments: Segment[] = [];
  let cur: Expression | Node = node;
  for (;;) {
    depthCheck(source, cur, depth + segments.length);
    if (cur.type === 'CallExpression') {
      const call = cur as Extract<Expression, { type: 'CallExpression' }>;
      if (call.optional) source.refuse(call, 'optional chaining');
      segments.unshift({ kind: 'call', args: call.arguments.map((a) => notSpread(source, a)), node: call });
      cur = call.callee;
    } else if (cur.type === 'MemberExpression') {
      const m = cur as Extract<Expression, { type: 'MemberExpression' }>;
      if (m.computed || m.property.type !== 'Identifier') source.refuse(m.property, 'computed member access');
      if (m.optional) source.refuse(m, 'optional chaining');
      const name = (m.property as { name: string }).name;
      if (FORBIDDEN_KEYS.has(name)) source.refuse(m.property, `the property ${name}`);
      segments.unshift({ kind: 'prop', name, node: m.property });
      cur = m.object;
    } else if (cur.type === 'Identifier') {
      return { root: (cur as { name: string }).name, rootNode: cur, segments };
    } else if (cur.type === 'ChainExpression') {
      source.refuse(cur, 'optional chaining');
    } else {
      source.refuse(cur, `member access on a ${cur.type}`);
    }
  }
}

function notSpread(source: Source, a: Expression | SpreadElement): Expression {
  if (a.type === 'SpreadElement') source.refuse(a, 'a spread argument');
  return a as Expression;
}

function propName(source: Source, seg: Segment | undefined, after: Node): { name: string; node: Node } {
  if (!seg || seg.kind !== 'prop') source.refuse(seg?.node ?? after, 'this use of a command');
  return { name: (seg as { name: string }).name, node: seg!.node };
}

function callArgs(source: Source, seg: Segment | undefined, after: Node, what: string): Expression[] {
  if (!seg || seg.kind !== 'call') source.refuse(seg?.node ?? after, `${what} without a call`);
  return (seg as { args: Expression[] }).args;
}

/** A value of the query: data, a date, a regexp, a server date or a command. */
export function value(source: Source, node: Expression, depth: number): unknown {
  depthCheck(source, node, depth);
  switch (node.type) {
    case 'Literal': {
      const lit = node as Extract<Expression, { type: 'Literal' }>;
      if (typeof lit.value === 'bigint') source.refuse(node, 'a BigInt');
      if ('regex' in lit && lit.regex) return regexp(source, node, lit.regex.pattern, lit.regex.flags);
      return lit.value;
    }
    case 'TemplateLiteral': {
      const t = node as Extract<Expression, { type: 'TemplateLiteral' }>;
      if (t.expressions.length > 0) source.refuse(t.expressions[0], 'a template literal with an expression');
      return t.quasis[0].value.cooked;
    }
    case 'ArrayExpression': {
      const arr = node as Extract<Expression, { type: 'ArrayExpression' }>;
      return arr.elements.map((el) => {
        if (!el) source.refuse(node, 'an array with a hole');
        return value(source, notSpread(source, el!), depth + 1);
      });
    }
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {};
      for (const p of (node as Extract<Expression, { type: 'ObjectExpression' }>).properties) {
        if (p.type !== 'Property') source.refuse(p, 'a spread property');
        const prop = p as Extract<typeof p, { type: 'Property' }>;
        if (prop.kind !== 'init' || prop.method) source.refuse(prop, 'a getter, setter or method');
        if (prop.shorthand) source.refuse(prop, `the shorthand property ${(prop.key as { name?: string }).name ?? ''}`);
        if (prop.computed) source.refuse(prop.key, 'a computed key');
        const key = prop.key.type === 'Identifier' ? prop.key.name : prop.key.type === 'Literal' ? String(prop.key.value) : source.refuse(prop.key, 'this key');
        if (FORBIDDEN_KEYS.has(key)) source.refuse(prop.key, `the key ${key}`);
        if (key.startsWith('$')) source.refuse(prop.key, `the operator key ${key} (use db.command)`);
        if (Object.prototype.hasOwnProperty.call(out, key)) source.refuse(prop.key, `the repeated key ${key}`);
        out[key] = value(source, prop.value as Expression, depth + 1);
      }
      return out;
    }
    case 'UnaryExpression': {
      const u = node as Extract<Expression, { type: 'UnaryExpression' }>;
      if (u.operator !== '-') source.refuse(node, `the operator ${u.operator}`);
      const v = value(source, u.argument, depth + 1);
      if (typeof v !== 'number') source.refuse(u.argument, 'minus on something that is not a number');
      return -(v as number);
    }
    case 'NewExpression': {
      const n = node as Extract<Expression, { type: 'NewExpression' }>;
      if (n.callee.type !== 'Identifier' || n.callee.name !== 'Date') source.refuse(n.callee, 'new of anything but Date');
      const args = n.arguments.map((a) => value(source, notSpread(source, a), depth + 1));
      if (!args.every((a) => typeof a === 'number' || typeof a === 'string')) source.refuse(node, 'new Date with arguments that are not numbers or strings');
      const d = args.length === 0 ? new Date() : args.length === 1 ? new Date(args[0] as number | string) : new Date(...(args as [number, number]));
      if (Number.isNaN(d.getTime())) source.refuse(node, 'an invalid date');
      return d;
    }
    case 'CallExpression':
    case 'MemberExpression':
      return chainValue(source, flatten(source, node, depth), depth);
    case 'Identifier':
      return source.refuse(node, `the identifier ${(node as { name: string }).name}`);
    default:
      return source.refuse(node, `a ${node.type}`);
  }
}

function regexp(source: Source, node: Node, pattern: string, flags: string): RegExp {
  if (!/^[imsu]*$/.test(flags)) source.refuse(node, `the regexp flags ${flags}`);
  try {
    return new RegExp(pattern, flags);
  } catch {
    return source.refuse(node, 'an invalid regexp');
  }
}

/** `db.serverDate()`, `db.RegExp({…})`, `_.gt(1).and(…)`, `$.sum(…)`, `db.command…`. */
function chainValue(source: Source, chain: Chain, depth: number): unknown {
  const segs = [...chain.segments];
  let ns: 'command' | 'aggregate';
  if (chain.root === 'db') {
    const first = propName(source, segs.shift(), chain.rootNode);
    if (first.name === 'serverDate') {
      const args = callArgs(source, segs.shift(), first.node, 'serverDate').map((a) => value(source, a, depth + 1));
      const opt = args[0] as { offset?: unknown } | undefined;
      if (opt !== undefined && (typeof opt !== 'object' || opt === null || (opt.offset !== undefined && typeof opt.offset !== 'number'))) source.refuse(first.node, 'serverDate with options other than {offset: ms}');
      if (segs.length) source.refuse(segs[0].node, 'anything after serverDate()');
      return new ServerDate((opt?.offset as number | undefined) ?? 0);
    }
    if (first.name === 'RegExp') {
      const [arg] = callArgs(source, segs.shift(), first.node, 'RegExp').map((a) => value(source, a, depth + 1)) as { regexp?: unknown; options?: unknown }[];
      if (!arg || typeof arg.regexp !== 'string' || (arg.options !== undefined && typeof arg.options !== 'string')) source.refuse(first.node, 'RegExp without {regexp, options}');
      if (segs.length) source.refuse(segs[0].node, 'anything after RegExp()');
      return regexp(source, first.node, arg.regexp as string, (arg.options as string | undefined) ?? '');
    }
    if (first.name !== 'command') source.refuse(first.node, `db.${first.name} as a value`);
    ns = 'command';
  } else if (chain.root === '_') {
    ns = 'command';
  } else if (chain.root === '$') {
    ns = 'aggregate';
  } else {
    return source.refuse(chain.rootNode, `the identifier ${chain.root}`);
  }
  if (ns === 'command' && segs[0]?.kind === 'prop' && segs[0].name === 'aggregate') {
    segs.shift();
    ns = 'aggregate';
  }
  const op = propName(source, segs.shift(), chain.rootNode);
  const args = callArgs(source, segs.shift(), op.node, op.name).map((a) => value(source, a, depth + 1));
  let cmd: Command;
  if (ns === 'aggregate') {
    if (!(`$${op.name}` in EXPRESSIONS) && !(`$${op.name}` in ACCUMULATORS)) source.refuse(op.node, `the aggregation operator ${op.name}`);
    cmd = new Command('aggregate', op.name, args);
  } else if (QUERY_OPS.has(op.name)) {
    cmd = new Command('query', op.name, args);
  } else if (UPDATE_OPS.has(op.name)) {
    cmd = new Command('update', op.name, args);
  } else {
    return source.refuse(op.node, `the command ${op.name}`);
  }
  while (segs.length) {
    const next = propName(source, segs.shift(), op.node);
    if (cmd.family !== 'query' || !CHAIN_OPS.has(next.name)) source.refuse(next.node, `.${next.name}() on a command`);
    const more = callArgs(source, segs.shift(), next.node, next.name).map((a) => value(source, a, depth + 1));
    cmd = new Command('query', next.name, [cmd, ...(more.length === 1 && Array.isArray(more[0]) ? (more[0] as unknown[]) : more)]);
  }
  return cmd;
}
