// The database over real HTTP against the emulator: what crosses the wire.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunningEmulator } from '../../../../src/emulator/index';
import { call, copyDemo, DEMO_ENV, RID, start, type Answer } from '../helpers';

function expectErr(r: Answer, errcode: number, detail?: RegExp): void {
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json?.errcode, errcode, r.text);
  assert.match(r.json.errmsg, RID);
  if (detail) assert.match(r.json.errmsg, detail);
}

function expectOk(r: Answer): Record<string, unknown> {
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json?.errcode, 0, r.text);
  assert.equal(r.json.errmsg, 'ok');
  return r.json;
}

const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'wxcloud-data-'));

describe('emulator database: HTTP', function () {
  let emu: RunningEmulator;
  let mp: string;
  let auth: string;
  let dir: string;
  const db = (p: string, body: unknown, token = emu.credentials.access_token) => call(emu, p, { access_token: token }, body);
  const query = (p: string, q: string, token = emu.credentials.access_token) => db(p, { env: DEMO_ENV, query: q }, token);

  beforeEach(async () => {
    dir = dataDir();
    emu = await start({ projectDir: copyDemo({ seeds: ['todos'] }), dataDir: dir });
    ({ access_token: mp, authorizer_access_token: auth } = emu.credentials);
  });
  afterEach(() => emu.close());

  it('lists the seeded collection, adds and deletes collections (pager, counts, index_count)', async () => {
    const first = expectOk(await db('tcb/databasecollectionget', { env: DEMO_ENV }));
    assert.deepEqual(first.pager, { Offset: 0, Limit: 10, Total: 1 });
    const [todos] = first.collections as Record<string, unknown>[];
    assert.equal(todos.name, 'todos');
    assert.equal(todos.count, 3);
    assert.equal(todos.index_count, 1);
    assert.ok((todos.size as number) > 0);
    expectOk(await db('tcb/databasecollectionadd', { env: DEMO_ENV, collection_name: 'books' }, auth));
    expectErr(await db('tcb/databasecollectionadd', { env: DEMO_ENV, collection_name: 'books' }), -501001, /DATABASE_COLLECTION_ALREADY_EXIST/);
    const page = expectOk(await db('tcb/databasecollectionget', { env: DEMO_ENV, limit: 1, offset: 0 }));
    assert.deepEqual(page.pager, { Offset: 0, Limit: 1, Total: 2 });
    assert.deepEqual((page.collections as { name: string }[]).map((c) => c.name), ['books']);
    expectOk(await db('tcb/databasecollectiondelete', { env: DEMO_ENV, collection_name: 'books' }));
    expectErr(await db('tcb/databasecollectiondelete', { env: DEMO_ENV, collection_name: 'books' }), -502005, /^database collection not exist: collection books does not exist/);
    expectErr(await db('tcb/databasecollectionadd', { env: DEMO_ENV, collection_name: '../../etc' }), -501007);
  });

  it('add, query, count, update, delete, aggregate: the answers and their fields', async () => {
    const added = expectOk(await query('tcb/databaseadd', 'db.collection("todos").add({data: [{title: "new", done: false, priority: 5, due: new Date(1767225600000)}, {_id: "mine", title: "x", done: true}]})'));
    assert.equal((added.id_list as string[]).length, 2);
    assert.match((added.id_list as string[])[0], /^[0-9a-f]{32}$/);
    assert.equal((added.id_list as string[])[1], 'mine');

    const got = expectOk(await query('tcb/databasequery', 'db.collection("todos").where({done: false}).orderBy("priority", "desc").limit(2).get()', auth));
    assert.deepEqual(got.pager, { Offset: 0, Limit: 2, Total: 3 });
    const data = got.data as string[];
    assert.ok(data.every((s) => typeof s === 'string'));
    const docs = data.map((s) => JSON.parse(s));
    assert.deepEqual(docs.map((d) => d.priority), [5, 3]);
    assert.deepEqual(docs[0].due, { $date: 1767225600000 });

    const seeded = expectOk(await query('tcb/databasequery', 'db.collection("todos").doc("todo-0001").field({due: true}).get()'));
    assert.deepEqual(seeded.data, ['{"_id":"todo-0001","due":{"$date":1767578400000}}']);

    assert.equal(expectOk(await query('tcb/databasecount', 'db.collection("todos").where({done: _.eq(false)}).count()')).count, 3);

    const upd = expectOk(await query('tcb/databaseupdate', 'db.collection("todos").where({done: false}).update({data: {priority: _.inc(10), seen: db.serverDate()}})'));
    assert.deepEqual([upd.matched, upd.modified, upd.id], [3, 3, '']);
    const set = expectOk(await query('tcb/databaseupdate', 'db.collection("todos").doc("fresh").set({data: {title: "set"}})'));
    assert.deepEqual([set.matched, set.modified, set.id], [0, 0, 'fresh']);

    const agg = expectOk(await query('tcb/databaseaggregate', 'db.collection("todos").aggregate().group({_id: "$done", n: $.sum(1), top: $.max("$priority")}).sort({_id: 1}).end()'));
    assert.deepEqual((agg.data as string[]).map((s) => JSON.parse(s)), [
      { _id: null, n: 1, top: null },
      { _id: false, n: 3, top: 15 },
      { _id: true, n: 2, top: 1 },
    ]);

    const del = expectOk(await query('tcb/databasedelete', 'db.collection("todos").where({priority: _.gte(13)}).remove()'));
    assert.equal(del.deleted, 2);
    assert.equal(expectOk(await query('tcb/databasecount', 'db.collection("todos").count()')).count, 4);
  });

  it('takes a mini program or authorizer token, in the order of checks of every tcb endpoint', async () => {
    const body = { env: DEMO_ENV, query: 'db.collection("todos").count()' };
    expectErr(await call(emu, 'tcb/databasecount', {}, body), 41001);
    expectErr(await db('tcb/databasecount', body, emu.credentials.component_access_token), 40014, /access_token or authorizer_access_token|authorizer_access_token or access_token/);
    expectErr(await call(emu, 'tcb/databasecount', { access_token: mp }, undefined, 'GET'), 43002);
    expectErr(await db('tcb/databasecount', ''), 44002);
    expectErr(await db('tcb/databasecount', { query: body.query }), 40101, /env/);
    expectErr(await db('tcb/databasecount', { env: DEMO_ENV }), 40101, /query/);
    expectErr(await db('tcb/databasecount', { env: DEMO_ENV, query: 5 }), 40097, /query/);
    expectErr(await db('tcb/databasecount', { env: 'shop-prod-4f5a6b', query: body.query }), -501000);
    expectErr(await query('tcb/databasecount', 'db.collection("todos").get()'), -501007, /tcb\/databasecount runs a query ending in \.count\(\), not \.get\(\)/);
    expectErr(await query('tcb/databasecount', 'db.collection("missing").count()'), -502005);
  });

  it('refuses hostile queries with -501007 and their position, and keeps serving', async () => {
    expectErr(await query('tcb/databasequery', 'process.exit(1)'), -501007, /the identifier process at line 1, column 1 is not allowed/);
    expectErr(await query('tcb/databaseadd', 'db.collection("todos").add({data: {__proto__: {x: 1}}})'), -501007, /the key __proto__/);
    expectErr(await query('tcb/databasequery', 'db.collection("todos").where({a: this}).get()'), -501007, /ThisExpression/);
    assert.equal(expectOk(await query('tcb/databasecount', 'db.collection("todos").count()')).count, 3);
  });

  it('updateindex creates and drops indexes; a unique index refuses duplicates; geo is refused by name', async () => {
    const idx = (body: Record<string, unknown>) => db('tcb/updateindex', { env: DEMO_ENV, collection_name: 'todos', ...body });
    expectOk(await idx({ create_indexes: [{ name: 'title_unique', unique: true, keys: [{ name: 'title', direction: '1' }] }] }));
    expectErr(await query('tcb/databaseadd', 'db.collection("todos").add({data: {title: "Buy tea"}})'), -502001, /E11000 duplicate key error collection: todos index: title_unique/);
    expectErr(await idx({ create_indexes: [{ name: 'title_unique', keys: [{ name: 'title', direction: '1' }] }] }), -501007, /already exists/);
    expectErr(await idx({ create_indexes: [{ name: 'where', keys: [{ name: 'loc', direction: '2dsphere' }] }] }), -501007, /geo indexes \(2dsphere, where\) are not supported/);
    expectErr(await idx({ drop_indexes: [{ name: 'nope' }] }), -501007, /no index "nope"/);
    const listed = expectOk(await db('tcb/databasecollectionget', { env: DEMO_ENV }));
    assert.equal((listed.collections as { index_count: number }[])[0].index_count, 2);
    expectOk(await idx({ drop_indexes: [{ name: 'title_unique' }] }));
    expectOk(await query('tcb/databaseadd', 'db.collection("todos").add({data: {title: "Buy tea"}})'));
  });

  it('keeps every write across a restart, and starts over with resetData', async () => {
    const projectDir = copyDemo({ seeds: ['todos'] });
    const opts = { projectDir, dataDir: dir };
    await emu.close();
    emu = await start(opts);
    expectOk(await query('tcb/databaseadd', 'db.collection("todos").add({data: {_id: "kept", title: "kept"}})'));
    expectOk(await db('tcb/updateindex', { env: DEMO_ENV, collection_name: 'todos', create_indexes: [{ name: 'p', keys: [{ name: 'priority', direction: '-1' }] }] }));
    await emu.close();
    emu = await start(opts);
    assert.equal(expectOk(await query('tcb/databasecount', 'db.collection("todos").count()')).count, 4);
    assert.equal((expectOk(await db('tcb/databasecollectionget', { env: DEMO_ENV })).collections as { index_count: number }[])[0].index_count, 2);
    await emu.close();
    emu = await start({ ...opts, resetData: true });
    assert.equal(expectOk(await query('tcb/databasecount', 'db.collection("todos").count()')).count, 3);
    assert.equal(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8').trim().split('\n').pop(), '*');
  });

  it('writes nothing to disk until the database is used', async () => {
    await emu.close();
    const unused = path.join(dataDir(), 'not-yet');
    emu = await start({ projectDir: copyDemo({ seeds: ['todos'] }), dataDir: unused });
    expectOk(await call(emu, 'tcb/getenvinfo', { access_token: emu.credentials.authorizer_access_token }, {}));
    assert.equal(fs.existsSync(unused), false);
    expectOk(await query('tcb/databasecount', 'db.collection("todos").count()'));
    assert.deepEqual(fs.readdirSync(unused).sort(), ['.gitignore', DEMO_ENV]);
  });

  it('serves syntheticDocuments for benchmarks', async () => {
    await emu.close();
    emu = await start({ projectDir: copyDemo({ seeds: ['todos'] }), dataDir: dataDir(), syntheticDocuments: 2000 });
    assert.equal(expectOk(await query('tcb/databasecount', 'db.collection("synthetic").where({group: "g3"}).count()')).count, 200);
    const page = expectOk(await query('tcb/databasequery', 'db.collection("synthetic").orderBy("n", "desc").skip(5).limit(3).field({n: true}).get()'));
    assert.deepEqual(page.pager, { Offset: 5, Limit: 3, Total: 2000 });
    assert.deepEqual((page.data as string[]).map((s) => JSON.parse(s).n), [1994, 1993, 1992]);
  });
});

describe('emulator database: HTTP, the platform family (componenttcb/db*)', function () {
  let emu: RunningEmulator;
  beforeEach(async () => {
    emu = await start({ projectDir: copyDemo({ seeds: ['todos'] }), dataDir: dataDir() });
  });
  afterEach(() => emu.close());
  const comp = (p: string, body: unknown, query: Record<string, string> = {}) => call(emu, p, { access_token: emu.credentials.component_access_token, ...query }, body);

  it('dbcollection takes action get/add/del in the body or the query string; its pager is lower-case', async () => {
    expectOk(await comp('componenttcb/dbcollection', { action: 'add', env: DEMO_ENV, collection_name: 'books' }));
    const listed = expectOk(await comp('componenttcb/dbcollection', { env: DEMO_ENV }, { action: 'get' }));
    assert.deepEqual(listed.pager, { offset: 0, limit: 10, total: 2 });
    assert.deepEqual((listed.collections as { name: string }[]).map((c) => c.name), ['books', 'todos']);
    expectOk(await comp('componenttcb/dbcollection', { action: 'del', env: DEMO_ENV, collection_name: 'books' }));
    expectErr(await comp('componenttcb/dbcollection', { env: DEMO_ENV }), 40101, /action/);
    expectErr(await comp('componenttcb/dbcollection', { action: 'drop', env: DEMO_ENV }), 40097, /action must be one of get, add, del/);
  });

  it('dbrecord inserts, queries, updates and deletes; dbaggregate aggregates; dbindex indexes', async () => {
    const rec = (action: string, query: string) => comp('componenttcb/dbrecord', { action, env: DEMO_ENV, query });
    assert.deepEqual(expectOk(await rec('insert', 'db.collection("todos").add({data: {_id: "c1", title: "from the platform", priority: 9}})')).id_list, ['c1']);
    const got = expectOk(await rec('query', 'db.collection("todos").where({priority: _.gt(2)}).orderBy("priority", "asc").get()'));
    assert.deepEqual(got.pager, { offset: 0, limit: 10, total: 2 });
    assert.deepEqual((got.data as string[]).map((s) => JSON.parse(s)._id), ['todo-0003', 'c1']);
    assert.equal(expectOk(await rec('update', 'db.collection("todos").doc("c1").update({data: {priority: _.mul(2)}})')).modified, 1);
    expectErr(await rec('delete', 'db.collection("todos").doc("c1").get()'), -501007, /componenttcb\/dbrecord\?action=delete runs a query ending in \.remove\(\), not \.get\(\)/);
    assert.equal(expectOk(await rec('delete', 'db.collection("todos").doc("c1").remove()')).deleted, 1);
    const agg = expectOk(await comp('componenttcb/dbaggregate', { env: DEMO_ENV, query: 'db.collection("todos").aggregate().group({_id: null, n: $.sum(1)}).end()' }));
    assert.deepEqual(agg.data, ['{"_id":null,"n":3}']);
    expectOk(await comp('componenttcb/dbindex', { env: DEMO_ENV, collection_name: 'todos', create_indexes: [{ name: 'p', unique: false, keys: [{ name: 'priority', direction: '1' }] }] }));
    const listed = expectOk(await comp('componenttcb/dbcollection', { action: 'get', env: DEMO_ENV }));
    assert.equal((listed.collections as { index_count: number }[])[0].index_count, 2);
  });

  it('takes only the component token, and the tcb endpoints refuse it', async () => {
    const body = { action: 'get', env: DEMO_ENV };
    expectErr(await call(emu, 'componenttcb/dbcollection', { access_token: emu.credentials.access_token }, body), 40014, /component_access_token/);
    expectErr(await call(emu, 'tcb/databasecollectionget', { access_token: emu.credentials.component_access_token }, { env: DEMO_ENV }), 40014);
    expectOk(await call(emu, 'componenttcb/dbcollection', { component_access_token: emu.credentials.component_access_token }, body));
    expectErr(await comp('componenttcb/dbcollection', { action: 'get', env: 'blog-old-1b2c3d' }), -501000, /blog-old-1b2c3d is HALTED/);
  });
});
