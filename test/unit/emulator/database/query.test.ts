// The query language: WeChat's chains read from an acorn AST onto the engine, and
// everything outside the whitelist refused by position before anything runs.
import * as assert from 'node:assert/strict';
import { Database } from '../../../../src/emulator/database/database';
import { planQuery } from '../../../../src/emulator/database/query/plan';
import { execute, type Outcome } from '../../../../src/emulator/database/query/run';

const NOW = Date.UTC(2026, 0, 2);

function todos(): Database {
  const db = new Database('env', undefined, []);
  db.create('todos').insert([
    { _id: 't1', title: 'tea', n: 1, done: false, tags: ['a'], due: new Date(Date.UTC(2026, 0, 1)) },
    { _id: 't2', title: 'cup', n: 5, done: true, tags: ['a', 'b'] },
    { _id: 't3', title: 'pot', n: 9, done: false, tags: [] },
  ]);
  db.create('owners').insert([{ _id: 'o1', title: 'tea', owner: 'li' }]);
  return db;
}

const q = (db: Database, text: string): Outcome => execute(planQuery(text), db, NOW);
const ids = (o: Outcome) => ('docs' in o ? o.docs.map((d) => d._id) : assert.fail('no docs'));

function refused(db: Database, text: string, detail: RegExp): void {
  assert.throws(
    () => q(db, text),
    (e: Error & { errcode?: number }) => {
      assert.equal(e.errcode, -501007, e.message);
      assert.match(e.message, /^invalid parameters: /);
      assert.match(e.message, detail);
      return true;
    },
  );
}

describe('emulator database: query language', () => {
  it('where/orderBy/skip/limit/field/get with commands from _ and db.command', () => {
    const db = todos();
    const r = q(db, 'db.collection("todos").where({done: false, n: _.gt(0).and(_.lt(10))}).orderBy("n", "desc").skip(0).limit(10).field({title: true}).get()');
    assert.deepEqual(r, { action: 'get', docs: [{ _id: 't3', title: 'pot' }, { _id: 't1', title: 'tea' }], offset: 0, limit: 10, total: 2 });
    assert.deepEqual(ids(q(db, "db.collection('todos').where({n: db.command.in([1, 9])}).get()")), ['t1', 't3']);
    assert.deepEqual(ids(q(db, 'db.collection("todos").where(_.or([{n: 1}, {tags: _.size(2)}])).get()')), ['t1', 't2']);
    assert.deepEqual(ids(q(db, 'db.collection("todos").where({title: db.RegExp({regexp: "^T", options: "i"})}).get()')), ['t1']);
    assert.deepEqual(ids(q(db, 'db.collection("todos").where({title: /p$/}).get()')), ['t2']);
    assert.deepEqual(ids(q(db, 'db.collection("todos").where({due: _.lt(new Date("2026-06-01"))}).get()')), ['t1']);
    assert.deepEqual(ids(q(db, 'db.collection("todos").where({n: _.gte(-1)}).skip(1).limit(1).get()')), ['t2']);
    assert.deepEqual(ids(q(db, 'db.collection("todos").doc("t2").get()')), ['t2']);
  });

  it('get() returns 10 unless told, and at most 1000', () => {
    const db = new Database('env', undefined, []);
    db.create('many').insert(Array.from({ length: 1005 }, (_, i) => ({ i })));
    const r = q(db, 'db.collection("many").get()');
    assert.equal(ids(r).length, 10);
    const big = q(db, 'db.collection("many").limit(5000).get()') as Extract<Outcome, { action: 'get' }>;
    assert.deepEqual([big.docs.length, big.limit, big.total], [1000, 1000, 1005]);
  });

  it('count, add, update, set, remove', () => {
    const db = todos();
    assert.deepEqual(q(db, 'db.collection("todos").where({done: false}).count()'), { action: 'count', count: 2 });
    const added = q(db, 'db.collection("todos").add({data: [{title: "new", at: db.serverDate()}, {_id: "x", title: "x"}]})');
    assert.equal(added.action, 'add');
    assert.match((added as { ids: string[] }).ids[0], /^[0-9a-f]{32}$/);
    assert.equal((added as { ids: string[] }).ids[1], 'x');
    assert.deepEqual(db.get('todos').get('x'), { _id: 'x', title: 'x' });
    assert.deepEqual(q(db, 'db.collection("todos").where({done: false}).update({data: {n: _.inc(1), tags: _.push("z")}})'), { action: 'update', matched: 2, modified: 2, id: '' });
    assert.deepEqual(db.get('todos').get('t1')!.tags, ['a', 'z']);
    assert.deepEqual(q(db, 'db.collection("todos").doc("t1").update({data: {owner: {name: "li"}}})'), { action: 'update', matched: 1, modified: 1, id: '' });
    assert.deepEqual(q(db, 'db.collection("todos").doc("t9").set({data: {title: "set"}})'), { action: 'set', matched: 0, modified: 0, id: 't9' });
    assert.deepEqual(q(db, 'db.collection("todos").where({n: _.gte(10)}).remove()'), { action: 'remove', deleted: 1 });
    assert.deepEqual(q(db, 'db.collection("todos").doc("t2").remove()'), { action: 'remove', deleted: 1 });
    const stamped = db.get('todos').find({ title: 'new' }).docs[0];
    assert.deepEqual(stamped.at, new Date(NOW));
  });

  it('aggregate().match().group().sort().end() with $ and db.command.aggregate', () => {
    const db = todos();
    const r = q(db, 'db.collection("todos").aggregate().match({n: _.gt(0)}).group({_id: "$done", total: $.sum("$n"), titles: db.command.aggregate.push("$title")}).sort({_id: 1}).end()');
    assert.deepEqual(r, { action: 'aggregate', docs: [{ _id: false, total: 10, titles: ['tea', 'pot'] }, { _id: true, total: 5, titles: ['cup'] }] });
    const joined = q(db, 'db.collection("todos").aggregate().lookup({from: "owners", localField: "title", foreignField: "title", as: "o"}).unwind("$o").project({_id: 0, who: "$o.owner"}).end()');
    assert.deepEqual(joined, { action: 'aggregate', docs: [{ who: 'li' }] });
    assert.deepEqual(q(db, 'db.collection("todos").aggregate().count("n").end()'), { action: 'aggregate', docs: [{ n: 3 }] });
  });

  it('a missing collection is WeChat\'s -502005', () => {
    assert.throws(() => q(todos(), 'db.collection("nope").get()'), (e: Error & { errcode?: number }) => e.errcode === -502005 && /database collection not exist/.test(e.message));
  });

  describe('refuses, by position and without running anything', () => {
    const hostile: [string, string, RegExp][] = [
      ['a foreign identifier', 'db.collection("todos").where({done: process.exit()}).get()', /identifier process at line 1, column 37/],
      ['a bare call', 'process.exit(1)', /identifier process at line 1, column 1/],
      ['a second statement', 'db.collection("todos").get(); process.exit()', /a second statement at line 1, column 31/],
      ['constructor access', 'db.collection("todos").constructor("return process")()', /property constructor/],
      ['a __proto__ key', 'db.collection("todos").add({data: {__proto__: {admin: true}}})', /the key __proto__/],
      ['a constructor key', 'db.collection("todos").add({data: {constructor: 1}})', /the key constructor/],
      ['member access off the chain', 'db.collection("todos").where({a: ({}).x}).get()', /member access on a ObjectExpression/],
      ['computed member access', 'db["collection"]("todos").get()', /computed member access/],
      ['a template literal with an expression', 'db.collection(`${process.env.HOME}`).get()', /template literal with an expression at line 1, column 18/],
      ['an assignment', 'db.collection("todos").where({a: (globalThis.pwned = 1)}).get()', /AssignmentExpression/],
      ['a function', 'db.collection("todos").where({a: () => 1}).get()', /ArrowFunctionExpression/],
      ['an operator key', 'db.collection("todos").where({$where: "sleep(1000)"}).get()', /operator key \$where/],
      ['an unknown command', 'db.collection("todos").where({a: _.where("1")}).get()', /the command where/],
      ['an unknown aggregation operator', 'db.collection("todos").aggregate().project({a: $.function({body: "x"})}).end()', /aggregation operator function/],
      ['an unknown method', 'db.collection("todos").drop()', /\.drop\(\)/],
      ['new of something else', 'db.collection("todos").where({a: new Function("x")}).get()', /new of anything but Date/],
      ['geo', 'db.collection("todos").aggregate().geoNear({}).end()', /geo aggregation \(geoNear\), which the emulator does not support/],
      ['watch', 'db.collection("todos").where({}).watch({})', /realtime watch/],
      ['a query that does not finish', 'db.collection("todos").where({})', /without its last call/],
      ['update without where', 'db.collection("todos").update({data: {a: 1}})', /without \.where\(\) or \.doc\(id\)/],
      ['a syntax error', 'db.collection("todos".get()', /not valid JavaScript: .* at line 1, column/],
      ['multi-line position', 'db.collection("todos")\n  .where({\n    a: require("fs")\n  }).get()', /identifier require at line 3, column 8/],
    ];
    for (const [what, text, detail] of hostile) {
      it(what, () => {
        const db = todos();
        const before = JSON.stringify(db.get('todos').all());
        refused(db, text, detail);
        assert.equal(JSON.stringify(db.get('todos').all()), before);
        assert.equal((globalThis as Record<string, unknown>).pwned, undefined);
      });
    }

    it('a query over 512 KB', () => {
      refused(todos(), `db.collection("todos").where({a: "${'x'.repeat(512 * 1024)}"}).get()`, /larger than 512 KB/);
    });

    it('nesting deeper than 64, and far deeper', () => {
      refused(todos(), `db.collection("todos").where({a: ${'['.repeat(70)}1${']'.repeat(70)}}).get()`, /nesting deeper than 64/);
      refused(todos(), `db.collection("todos").where({a: ${'['.repeat(200_000)}1${']'.repeat(200_000)}}).get()`, /nest/);
    });
  });
});
