// The engine without the query language: WeChat's commands translated onto mingo.
import * as assert from 'node:assert/strict';
import { Collection } from '../../../../src/emulator/database/collection';
import { expression, plainDoc, updateDoc, where } from '../../../../src/emulator/database/translate';
import { Command, ServerDate } from '../../../../src/emulator/database/values';

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);
const q = (op: string, ...args: unknown[]) => new Command('query', op, args);
const u = (op: string, ...args: unknown[]) => new Command('update', op, args);
const a = (op: string, ...args: unknown[]) => new Command('aggregate', op, args);

function todos(): Collection {
  const c = new Collection('todos');
  c.insert([
    { _id: 't1', title: 'tea', n: 1, done: false, tags: ['a', 'b'], owner: { name: 'li', age: 30 }, due: new Date(Date.UTC(2026, 0, 1)) },
    { _id: 't2', title: 'cup', n: 5, done: true, tags: ['b'], owner: { name: 'wang', age: 41 }, due: new Date(Date.UTC(2026, 5, 1)) },
    { _id: 't3', title: 'pot', n: 9, done: false, tags: [], owner: { name: 'li', age: 30 } },
  ]);
  return c;
}

const ids = (docs: Record<string, unknown>[]) => docs.map((d) => d._id);
const find = (c: Collection, w: unknown) => ids(c.find(where(w, NOW)).docs);

describe('emulator database: engine', () => {
  it('generates 32-hex _ids when a document has none, and keeps given ones', () => {
    const c = new Collection('x');
    const [id, given] = c.insert([{ a: 1 }, { _id: 'mine', a: 2 }]);
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.equal(given, 'mine');
    assert.throws(() => c.insert([{ _id: 'mine' }]), (e: Error & { errcode?: number }) => e.errcode === -502001 && /duplicate key/.test(e.message));
  });

  it('query commands: comparison, sets, logic, existence, arrays', () => {
    const c = todos();
    assert.deepEqual(find(c, { done: false }), ['t1', 't3']);
    assert.deepEqual(find(c, { n: q('gt', 1) }), ['t2', 't3']);
    assert.deepEqual(find(c, { n: q('gte', 5), done: q('neq', true) }), ['t3']);
    assert.deepEqual(find(c, { n: q('lt', 5) }), ['t1']);
    assert.deepEqual(find(c, { n: q('lte', 5) }), ['t1', 't2']);
    assert.deepEqual(find(c, { n: q('eq', 9) }), ['t3']);
    assert.deepEqual(find(c, { title: q('in', ['tea', 'pot']) }), ['t1', 't3']);
    assert.deepEqual(find(c, { title: q('nin', ['tea', 'pot']) }), ['t2']);
    assert.deepEqual(find(c, { n: q('and', q('gt', 1), q('lt', 9)) }), ['t2']);
    assert.deepEqual(find(c, q('or', [{ n: 1 }, { n: 9 }])), ['t1', 't3']);
    assert.deepEqual(find(c, q('nor', [{ n: 1 }, { n: 9 }])), ['t2']);
    assert.deepEqual(find(c, { n: q('not', q('gt', 1)) }), ['t1']);
    assert.deepEqual(find(c, { due: q('exists', false) }), ['t3']);
    assert.deepEqual(find(c, { tags: q('size', 1) }), ['t2']);
    assert.deepEqual(find(c, { tags: q('all', ['a', 'b']) }), ['t1']);
    assert.deepEqual(find(c, { tags: 'b' }), ['t1', 't2']);
    assert.deepEqual(find(c, { tags: q('elemMatch', q('eq', 'a')) }), ['t1']);
  });

  it('nested objects in where() are dotted paths; dates and regexps compare', () => {
    const c = todos();
    assert.deepEqual(find(c, { owner: { name: 'li' } }), ['t1', 't3']);
    assert.deepEqual(find(c, { 'owner.age': q('gt', 35) }), ['t2']);
    assert.deepEqual(find(c, { due: q('gt', new Date(Date.UTC(2026, 2, 1))) }), ['t2']);
    assert.deepEqual(find(c, { title: /^T/i }), ['t1']);
  });

  it('orderBy, skip, limit, field; total counts every match', () => {
    const c = todos();
    const r = c.find({}, { sort: { n: -1 }, skip: 1, limit: 1, projection: { title: true } });
    assert.deepEqual(r.docs, [{ _id: 't2', title: 'cup' }]);
    assert.equal(r.total, 3);
    assert.equal(c.countWhere(where({ done: false }, NOW)), 2);
  });

  it('update commands: set, remove, inc, mul, push, pop, shift, unshift, pull, pullAll, addToSet, min, max, rename', () => {
    const c = todos();
    const run = (data: unknown) => c.update(where({ _id: 't1' }, NOW), updateDoc(data, NOW));
    run({ n: u('inc', 2), owner: { age: u('mul', 2) } });
    run({ tags: u('push', ['c', 'd']) });
    run({ tags: u('pop') });
    run({ tags: u('shift') });
    run({ tags: u('unshift', ['z']) });
    run({ tags: u('addToSet', 'z') });
    run({ tags: u('addToSet', { each: ['y', 'z'] }) });
    run({ tags: u('pull', 'y') });
    run({ tags: u('pullAll', ['b']) });
    run({ n: u('min', 2), hi: u('max', 7) });
    run({ title: u('rename', 'name'), done: u('remove'), owner: u('set', { name: 'zhao' }), seen: new ServerDate(1000) });
    const doc = c.get('t1')!;
    assert.deepEqual(doc, { _id: 't1', n: 2, tags: ['z', 'c'], owner: { name: 'zhao' }, due: new Date(Date.UTC(2026, 0, 1)), hi: 7, name: 'tea', seen: new Date(NOW + 1000) });
  });

  it('update merges nested objects instead of replacing them, and reports matched/modified', () => {
    const c = todos();
    const r = c.update(where({ owner: { name: 'li' } }, NOW), updateDoc({ owner: { city: 'sh' } }, NOW));
    assert.deepEqual(r, { matched: 2, modified: 2 });
    assert.deepEqual(c.get('t3')!.owner, { name: 'li', age: 30, city: 'sh' });
    assert.deepEqual(c.update(where({ _id: 't3' }, NOW), updateDoc({ n: 9 }, NOW)), { matched: 1, modified: 0 });
  });

  it('set replaces or creates a document; remove deletes matches', () => {
    const c = todos();
    assert.deepEqual(c.replace('t2', plainDoc({ only: 1 }, NOW)), { matched: 1, modified: 1, upserted: false });
    assert.deepEqual(c.get('t2'), { _id: 't2', only: 1 });
    assert.deepEqual(c.replace('new', plainDoc({ x: 1 }, NOW)), { matched: 0, modified: 0, upserted: true });
    assert.equal(c.remove(where({ done: false }, NOW)), 2);
    assert.deepEqual(ids(c.all()), ['t2', 'new']);
  });

  it('refuses _id updates, commands of the wrong family and unknown field operators', () => {
    const c = todos();
    const code = (e: Error & { errcode?: number }) => e.errcode === -501007;
    assert.throws(() => updateDoc({ _id: 'x' }, NOW), code);
    assert.throws(() => where({ n: u('inc', 1) }, NOW), code);
    assert.throws(() => updateDoc({ n: q('gt', 1) }, NOW), code);
    assert.throws(() => where({ $where: 'x' }, NOW), code);
    assert.throws(() => where({ loc: q('geoNear', {}) }, NOW), (e: Error) => /geo queries \(geoNear\) are not supported/.test(e.message));
    assert.equal(c.count, 3);
  });

  it('aggregates: match, group with accumulators, sort, project, unwind, lookup, count', () => {
    const c = todos();
    const owners = new Collection('owners');
    owners.insert([{ _id: 'o1', name: 'li', city: 'sh' }]);
    const stage = (name: string, arg: unknown) => ({ [`$${name}`]: name === 'match' ? where(arg, NOW) : expression(arg, NOW) });
    const grouped = c.aggregate(
      [
        stage('match', { n: q('gt', 0) }),
        stage('group', { _id: '$owner.name', total: a('sum', '$n'), avg: a('avg', '$n'), lo: a('min', '$n'), hi: a('max', '$n'), titles: a('push', '$title'), first: a('first', '$title'), last: a('last', '$title') }),
        stage('sort', { _id: 1 }),
      ],
      () => undefined,
    );
    assert.deepEqual(grouped, [
      { _id: 'li', total: 10, avg: 5, lo: 1, hi: 9, titles: ['tea', 'pot'], first: 'tea', last: 'pot' },
      { _id: 'wang', total: 5, avg: 5, lo: 5, hi: 5, titles: ['cup'], first: 'cup', last: 'cup' },
    ]);
    const unwound = c.aggregate([stage('unwind', '$tags'), stage('count', 'n')], () => undefined);
    assert.deepEqual(unwound, [{ n: 3 }]);
    const joined = c.aggregate(
      [stage('match', { _id: 't1' }), stage('lookup', { from: 'owners', localField: 'owner.name', foreignField: 'name', as: 'who' }), stage('project', { _id: 0, city: a('arrayElemAt', '$who.city', 0) })],
      (name) => (name === 'owners' ? owners : undefined),
    );
    assert.deepEqual(joined, [{ city: 'sh' }]);
  });
});
