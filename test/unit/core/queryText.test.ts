import assert from 'node:assert/strict';
import { parseIndexKeys } from '../../../src/core/database/indexKeys';
import { addQuery, getQuery, isSingleObjectText, setQuery, toQueryLiteral } from '../../../src/core/database/queryText';

describe('core/database/queryText', () => {
  it('writes values as literals: names quoted, {$date} as new Date, nothing spliced in as code', () => {
    assert.equal(toQueryLiteral({ a: 'x"); db.collection("y").remove(); ("', n: 1, d: { $date: 0 } }), '{"a":"x\\"); db.collection(\\"y\\").remove(); (\\"","n":1,"d":new Date("1970-01-01T00:00:00.000Z")}');
    assert.equal(toQueryLiteral([null, true, { $date: 'nonsense' }]), '[null,true,{"$date":"nonsense"}]');
    assert.throws(() => toQueryLiteral(Number.NaN), RangeError);
    assert.equal(getQuery({ collection: 'to"dos', where: '{done:false}', orderBy: [{ field: '_id', direction: 'asc' }], skip: 20, limit: 10 }), 'db.collection("to\\"dos").where({done:false}).orderBy("_id","asc").skip(20).limit(10).get()');
    assert.equal(setQuery('c', 'id"1', { _id: 'ignored', v: 1 }), 'db.collection("c").doc("id\\"1").set({data:{"v":1}})');
    assert.equal(addQuery('c', [{ a: 1 }]), 'db.collection("c").add({data:[{"a":1}]})');
  });

  it('accepts one object literal as a filter and nothing that would reshape the query', () => {
    for (const ok of ['{}', '{done: false}', '{a: _.gt(1).and(_.lt(5))}', '{s: "})"}', "{s: '\\'}'}", '{ tags: _.in(["a", "b"]) }']) assert.equal(isSingleObjectText(ok), true, ok);
    for (const bad of ['', '{}).remove({', '{}).get(); db.collection("x").remove({', '{a: 1}}', '{a: "open}', 'x', '{} // comment', '{a: 1} {b: 2}', '{a: (1}']) assert.equal(isSingleObjectText(bad), false, bad);
  });

  it('reads index keys with their directions, in order', () => {
    assert.deepEqual(parseIndexKeys('city:1, age:-1'), { ok: true, keys: [{ name: 'city', direction: '1' }, { name: 'age', direction: '-1' }] });
    assert.deepEqual(parseIndexKeys('address.city'), { ok: true, keys: [{ name: 'address.city', direction: '1' }] });
    for (const bad of ['', 'a:2', 'a:1:1', '1a', 'a, a', 'a b']) assert.equal(parseIndexKeys(bad).ok, false, bad);
  });
});
