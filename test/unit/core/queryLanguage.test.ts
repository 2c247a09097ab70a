import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyseQuery, whereObjectText, withSkip, type QueryAnalysis, type QueryProblem } from '../../../src/core/database/queryLanguage';
// The emulator's own planner reads what the editor sends: a derived query it refuses is a bug here.
import { planQuery } from '../../../src/emulator/database/query/plan';

function ok(text: string): QueryAnalysis {
  const result = analyseQuery(text);
  assert.ok(result.ok, `refused ${text}: ${(result as QueryProblem).message}`);
  return result;
}

function refused(text: string): QueryProblem {
  const result = analyseQuery(text);
  assert.ok(!result.ok, `accepted ${text}`);
  return result;
}

describe('core/database/queryLanguage', () => {
  it('chooses the endpoint from the last call of every kind of query', () => {
    const cases: [string, string, string][] = [
      ["db.collection('todos').where({done: _.eq(false)}).orderBy('due', 'asc').limit(50).get()", 'get', 'query'],
      ["db.collection('todos').where({n: _.gt(1).and(_.lt(5))}).count()", 'count', 'count'],
      ["db.collection('todos').add({data: [{a: 1}, {a: 2}, {a: 3}]})", 'add', 'add'],
      ["db.collection('todos').where({done: true}).update({data: {n: _.inc(1)}})", 'update', 'update'],
      ["db.collection('todos').doc('a1').set({data: {title: 'x', due: new Date('2026-01-01')}})", 'set', 'update'],
      ["db.collection('todos').doc('a1').update({data: {n: -1}})", 'update', 'update'],
      ["db.collection('todos').where({done: true}).remove()", 'remove', 'remove'],
      ["db.collection('todos').doc('a1').remove()", 'remove', 'remove'],
      ["db.collection('todos').doc('a1').get()", 'get', 'query'],
      ["db.collection('todos').aggregate().match({done: false}).group({_id: '$owner', n: $.sum(1)}).sort({n: -1}).end()", 'aggregate', 'aggregate'],
    ];
    for (const [text, action, endpoint] of cases) {
      const a = ok(text);
      assert.equal(a.action, action, text);
      assert.equal(a.endpoint, endpoint, text);
      assert.equal(a.collection, 'todos');
      planQuery(a.query);
      if (a.countQuery) assert.equal(planQuery(a.countQuery).action, 'count', a.countQuery);
    }
  });

  it('sends the expression alone and counts what a write touches with the same where', () => {
    const a = ok("// open todos\ndb.collection('todos')\n  .where({done: false, tags: _.in(['a'])})\n  .update({data: {done: true}});\n");
    assert.equal(a.query, "db.collection('todos')\n  .where({done: false, tags: _.in(['a'])})\n  .update({data: {done: true}})");
    assert.equal(a.countQuery, `db.collection("todos").where({done: false, tags: _.in(['a'])}).count()`);
    assert.equal(ok("db.collection('t').doc('x\"1').remove()").countQuery, 'db.collection("t").where({"_id":"x\\"1"}).count()');
    assert.equal(ok("db.collection('t').remove()").countQuery, 'db.collection("t").count()');
    assert.equal(ok("db.collection('t').add({data: {a: 1}})").addCount, 1);
    assert.equal(ok("db.collection('t').add({data: [{a: 1}, {a: 2}]})").addCount, 2);
    const read = ok("db.collection('t').skip(10).limit(5).get()");
    assert.equal(read.skip, 10);
    assert.equal(read.limit, 5);
  });

  it('says where a syntax error is', () => {
    const p = refused("db.collection('todos')\n  .where({done: false,, })\n  .get()");
    assert.equal(p.line, 2);
    assert.equal(p.column, 23);
    assert.equal(p.offset, "db.collection('todos')\n  .where({done: false,".length);
    assert.match(p.message, /^Syntax error: Unexpected token/);
    assert.equal(p.template, 'Syntax error: {0}.');
    const unclosed = refused("db.collection('todos').get(");
    assert.equal(unclosed.line, 1);
    assert.equal(refused('').line, 1);
  });

  it('refuses anything but the language, with its position, and runs none of it', () => {
    const hostile = [
      ['process.exit()', 0, /starts with db, not process/],
      ["db.collection('t').get(); process.exit()", 26, /second statement/],
      ["db.collection('t').where({a: process.exit()}).get()", 29, /process is not defined/],
      ["db.collection('t').where({a: require('fs')}).get()", 29, /require is not defined/],
      ["db.collection('t').where({a: (() => 1)()}).get()", 30, /ArrowFunctionExpression/],
      ["db.collection('t').where({['a' + 'b']: 1}).get()", 27, /computed key/],
      ["db.collection('t').where({__proto__: 1}).get()", 26, /__proto__/],
      ["db.collection('t').where({a: _.constructor.constructor('return 1')()}).get()", 43, /constructor/],
      ["db.collection('t').where({a: `${x}`}).get()", 29, /template literal/],
      ["db['collection']('t').get()", 3, /Computed member access/],
      ["db.collection('t').where({a: new Function('x')}).get()", 33, /new Date/],
      ['const x = 1', 0, /VariableDeclaration/],
      ["db.collection('t').where({a: 1}).drop()", 33, /drop\(\) cannot end/],
      ["db.collection('t').get().then(x => x)", 30, /then|ArrowFunction/],
    ] as const;
    for (const [text, offset, message] of hostile) {
      const p = refused(text);
      assert.match(p.message, message, text);
      assert.equal(p.offset, offset, `${text}: ${p.message}`);
    }
  });

  it('checks a where object and gives it back without what surrounds it', () => {
    assert.deepEqual(whereObjectText(' {done: false, n: _.gte(2)} '), { ok: true, text: '{done: false, n: _.gte(2)}' });
    assert.deepEqual(whereObjectText('// mine\n{"owner": "me"};'), { ok: false, message: 'Syntax error: Unexpected token.', template: 'Syntax error: {0}.', args: ['Unexpected token'], line: 2, column: 16, offset: 23, length: 1 });
    const notObject = whereObjectText("db.collection('t')");
    assert.ok(!notObject.ok);
    assert.match(notObject.message, /one object/);
    const bad = whereObjectText('{a: process.env}');
    assert.ok(!bad.ok);
    assert.equal(bad.offset, 4);
    assert.match(bad.message, /process is not defined/);
    assert.ok(!whereObjectText('{a: 1}) || ({b: 2}').ok);
  });

  it('pages a read by replacing or adding its skip', () => {
    assert.equal(withSkip("db.collection('t').where({a: 1}).limit(2).get()", 4), "db.collection('t').where({a: 1}).limit(2).skip(4).get()");
    assert.equal(withSkip("// c\ndb.collection('t').skip(2).limit(2).get();", 6), "db.collection('t').skip(6).limit(2).get()");
    assert.equal(planQuery(withSkip("db.collection('t').limit(2).get()", 4)).skip, 4);
    assert.throws(() => withSkip("db.collection('t').count()", 2));
    assert.throws(() => withSkip("db.collection('t').doc('a').get()", 2));
  });

  it('has a zh-CN translation for every message it can give', () => {
    const root = path.resolve(__dirname, '../../..');
    const source = readFileSync(path.join(root, 'src/core/database/queryLanguage.ts'), 'utf8');
    const zh = JSON.parse(readFileSync(path.join(root, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    const templates = [...source.matchAll(/'((?:[^'\\\n]|\\.)* (?:[^'\\\n]|\\.)*\.)'/g)].map((m) => m[1]!.replace(/\\'/g, "'"));
    assert.ok(templates.length > 30, `${templates.length} templates found`);
    const missing = templates.filter((t) => !(t in zh));
    assert.deepEqual(missing, []);
  });
});
