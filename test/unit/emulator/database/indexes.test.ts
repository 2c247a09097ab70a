// Indexes narrow the documents a filter tests, and never change the answer.
import * as assert from 'node:assert/strict';
import { Collection } from '../../../../src/emulator/database/collection';
import { syntheticDocs } from '../../../../src/emulator/database/synthetic';

const spec = (field: string, unique = false) => ({ name: `${field}_1`, unique, keys: [{ name: field, direction: '1' }] });

function pair(n: number): [Collection, Collection] {
  const plain = new Collection('plain');
  const indexed = new Collection('indexed');
  plain.insert(syntheticDocs(n));
  indexed.insert(syntheticDocs(n));
  indexed.createIndex(spec('n'));
  indexed.createIndex(spec('group'));
  indexed.createIndex(spec('created'));
  indexed.createIndex(spec('tags'));
  return [plain, indexed];
}

describe('emulator database: indexes', () => {
  const filters: [string, Record<string, unknown>, number][] = [
    ['equality', { n: 77 }, 1],
    ['$eq', { n: { $eq: 77 } }, 1],
    ['$in', { group: { $in: ['g1', 'g2'] } }, 200],
    ['number range', { n: { $gte: 100, $lt: 150 } }, 50],
    ['open range', { n: { $gt: 990 } }, 9],
    ['date range', { created: { $lte: new Date(Date.UTC(2025, 0, 1, 0, 9)) } }, 10],
    ['array element', { tags: 't6' }, 142],
    ['inside $and, with another condition', { $and: [{ group: 'g3' }, { done: true }] }, 100],
  ];
  for (const [what, filter, scannedAtMost] of filters) {
    it(`${what}: same answer as a full scan, far fewer documents tested`, () => {
      const [plain, indexed] = pair(1000);
      const want = plain.find(filter, { sort: { n: 1 } });
      const got = indexed.find(filter, { sort: { n: 1 } });
      assert.deepEqual(got, want);
      assert.ok(want.total > 0, 'the filter matches something');
      assert.equal(plain.stats.scanned, 1000);
      assert.ok(indexed.stats.scanned <= scannedAtMost, `scanned ${indexed.stats.scanned}`);
    });
  }

  it('falls back to a scan for what it cannot key (regexps, objects), with the same answer', () => {
    const [plain, indexed] = pair(100);
    for (const f of [{ group: /^g1/ }, { n: { $ne: 3 } }]) {
      assert.deepEqual(indexed.find(f), plain.find(f));
    }
    assert.equal(indexed.stats.scanned, 200);
  });

  it('stays right after updates and removals', () => {
    const [plain, indexed] = pair(50);
    for (const c of [plain, indexed]) {
      c.update({ n: { $lt: 10 } }, { $inc: { n: 1000 } });
      c.remove({ n: 20 });
    }
    for (const f of [{ n: { $gt: 1000 } }, { n: 5 }, { n: 20 }, { n: 1005 }]) assert.deepEqual(indexed.find(f), plain.find(f));
  });

  it('a unique index refuses a duplicate on insert and on update, changing nothing', () => {
    const c = new Collection('users');
    c.insert([{ _id: 'a', email: 'a@x' }, { _id: 'b', email: 'b@x' }]);
    c.createIndex(spec('email', true));
    const dup = (e: Error & { errcode?: number }) => e.errcode === -502001 && /E11000 duplicate key error collection: users index: email_1/.test(e.message);
    assert.throws(() => c.insert([{ email: 'a@x' }]), dup);
    assert.throws(() => c.update({ _id: 'b' }, { $set: { email: 'a@x' } }), dup);
    assert.throws(() => c.insert([{ email: 'c@x' }, { email: 'c@x' }]), dup);
    assert.deepEqual(c.all(), [{ _id: 'a', email: 'a@x' }, { _id: 'b', email: 'b@x' }]);
    c.update({}, { $set: { email: 'same' } }, true);
    assert.equal(c.get('a')!.email, 'same');
  });

  it('dropping an index goes back to scanning', () => {
    const [, indexed] = pair(100);
    assert.ok(indexed.dropIndex('n_1'));
    indexed.find({ n: 3 });
    assert.equal(indexed.stats.scanned, 100);
  });
});
