// Migrate jobs over real HTTP: an export writes a storage file from a query, an import reads
// one into a collection, and queryinfo reports each job; what crosses the wire.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunningEmulator } from '../../../../src/emulator/index';
import { call, copyDemo, DEMO_ENV, RID, start, type Answer } from '../helpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function expectOk(r: Answer): any {
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json?.errcode, 0, r.text);
  return r.json;
}

function expectErr(r: Answer, errcode: number, detail?: RegExp): void {
  assert.equal(r.json?.errcode, errcode, r.text);
  assert.match(r.json.errmsg, RID);
  if (detail) assert.match(r.json.errmsg, detail);
}

describe('emulator storage: migrate jobs', function () {
  let emu: RunningEmulator;
  const api = (p: string, body: unknown, token = emu.credentials.access_token) => call(emu, p, { access_token: token }, body);

  /** Asks queryinfo until the job ends (each ask is a request; the job runs between them). */
  const finished = async (jobId: number): Promise<Record<string, unknown>> => {
    for (let i = 0; i < 100; i++) {
      const info = expectOk(await api('tcb/databasemigratequeryinfo', { env: DEMO_ENV, job_id: jobId }));
      if (info.status === 'success' || info.status === 'fail') return info;
      assert.ok(['waiting', 'reading', 'writing', 'migrating'].includes(info.status), info.status);
    }
    throw new Error(`job ${jobId} did not end`);
  };
  const put = async (cloudPath: string, text: string): Promise<void> => {
    const t = expectOk(await api('tcb/uploadfile', { env: DEMO_ENV, path: cloudPath }));
    const fd = new FormData();
    for (const [k, v] of Object.entries({ key: cloudPath, Signature: t.authorization, 'x-cos-security-token': t.token, 'x-cos-meta-fileid': t.cos_file_id })) fd.append(k, v);
    fd.append('file', new Blob([text]), 'f');
    assert.equal((await fetch(t.url, { method: 'POST', body: fd })).status, 204);
  };
  const titles = async (q = 'db.collection("todos").orderBy("_id", "asc").limit(100).get()') =>
    expectOk(await api('tcb/databasequery', { env: DEMO_ENV, query: q })).data.map((d: string) => JSON.parse(d).title);

  beforeEach(async () => {
    emu = await start({ projectDir: copyDemo(), dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'wxcloud-data-')) });
  });
  afterEach(() => emu.close());

  it('exports a query as JSON Lines into storage and serves it at file_url', async () => {
    const { job_id } = expectOk(await api('tcb/databasemigrateexport', { env: DEMO_ENV, file_path: 'exports/todos.json', file_type: 1, query: 'db.collection("todos").where({done: false}).get()' }));
    assert.equal(typeof job_id, 'number');
    const info = await finished(job_id);
    assert.equal(info.status, 'success', JSON.stringify(info));
    assert.equal(info.record_success, 2);
    assert.equal(info.record_fail, 0);
    const text = await (await fetch(info.file_url as string)).text();
    const lines = text.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((d) => d._id), ['todo-0001', 'todo-0003']);
    assert.deepEqual(lines[0].due, { $date: Date.parse('2026-01-05T02:00:00.000Z') });
  });

  it('exports past the 1000 documents of one get(), honouring skip and limit', async () => {
    await emu.close();
    emu = await start({ projectDir: copyDemo(), dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'wxcloud-data-')), syntheticDocuments: 2500 });
    const run = async (query: string) => finished(expectOk(await api('tcb/databasemigrateexport', { env: DEMO_ENV, file_path: 'all.json', file_type: 1, query })).job_id);
    assert.equal((await run('db.collection("synthetic").get()')).record_success, 2500);
    const part = await run('db.collection("synthetic").orderBy("n", "asc").skip(900).limit(1200).get()');
    assert.equal(part.record_success, 1200);
    const lines = (await (await fetch(part.file_url as string)).text()).trim().split('\n');
    assert.equal(lines.length, 1200);
    assert.deepEqual([JSON.parse(lines[0]).n, JSON.parse(lines[1199]).n], [900, 2099]);
  });

  it('exports CSV with a header of every field, quoting where needed', async () => {
    const { job_id } = expectOk(await api('tcb/databasemigrateexport', { env: DEMO_ENV, file_path: 'todos.csv', file_type: 2, query: 'db.collection("todos").orderBy("_id", "asc").field({title: true, tags: true}).get()' }));
    const info = await finished(job_id);
    const got = await fetch(info.file_url as string);
    assert.match(got.headers.get('content-type') ?? '', /text\/csv/);
    assert.equal(await got.text(), '_id,tags,title\ntodo-0001,"[""shop""]",Buy tea\ntodo-0002,"[""work""]",Write the weekly report\ntodo-0003,"[""home"",""urgent""]",Call the plumber\n');
  });

  it('imports JSON Lines with insert, counting records that fail, and upserts on conflict_mode 2', async () => {
    await put('in/todos.json', '{"_id":"todo-0001","title":"dup"}\n{"title":"New one","due":{"$date":0}}\nnot json\n');
    const insert = { env: DEMO_ENV, collection_name: 'todos', file_path: 'in/todos.json', file_type: 1, stop_on_error: false, conflict_mode: 1 };
    const a = await finished(expectOk(await api('tcb/databasemigrateimport', insert)).job_id);
    assert.equal(a.status, 'success');
    assert.deepEqual([a.record_success, a.record_fail], [1, 2]);
    assert.match(a.error_msg as string, /duplicate key/);
    assert.equal(a.err_msg, a.error_msg);
    assert.equal(a.file_url, '');
    assert.ok((await titles()).includes('New one'));

    const b = await finished(expectOk(await api('tcb/databasemigrateimport', { ...insert, conflict_mode: 2 })).job_id);
    assert.deepEqual([b.record_success, b.record_fail], [2, 1]);
    assert.deepEqual(await titles('db.collection("todos").doc("todo-0001").get()'), ['dup']);

    const c = await finished(expectOk(await api('tcb/databasemigrateimport', { ...insert, stop_on_error: true })).job_id);
    assert.equal(c.status, 'fail');
    assert.deepEqual([c.record_success, c.record_fail], [0, 1]);
  });

  it('imports CSV, reading numbers, booleans and JSON cells back', async () => {
    expectOk(await api('tcb/databasecollectionadd', { env: DEMO_ENV, collection_name: 'items' }));
    await put('items.csv', 'name,price,ok,tags\n"Tea, green",12.5,true,"[""a""]"\nCup,3,false,\n');
    const info = await finished(expectOk(await api('tcb/databasemigrateimport', { env: DEMO_ENV, collection_name: 'items', file_path: 'items.csv', file_type: 2, stop_on_error: true, conflict_mode: 1 })).job_id);
    assert.equal(info.status, 'success', JSON.stringify(info));
    const docs = expectOk(await api('tcb/databasequery', { env: DEMO_ENV, query: 'db.collection("items").field({_id: false}).get()' })).data.map((d: string) => JSON.parse(d));
    assert.deepEqual(docs, [
      { name: 'Tea, green', price: 12.5, ok: true, tags: ['a'] },
      { name: 'Cup', price: 3, ok: false },
    ]);
  });

  it('fails a job whose file or collection is missing, and checks parameters, env, then the query', async () => {
    const base = { env: DEMO_ENV, collection_name: 'todos', file_path: 'none.json', file_type: 1, stop_on_error: false, conflict_mode: 1 };
    const missing = await finished(expectOk(await api('tcb/databasemigrateimport', base)).job_id);
    assert.equal(missing.status, 'fail');
    assert.match(missing.error_msg as string, /STORAGE_FILE_NONEXIST/);
    await put('x.json', '{"a":1}\n');
    const noColl = await finished(expectOk(await api('tcb/databasemigrateimport', { ...base, collection_name: 'nope', file_path: 'x.json' })).job_id);
    assert.equal(noColl.status, 'fail');
    assert.match(noColl.error_msg as string, /nope/);

    expectErr(await api('tcb/databasemigrateimport', { ...base, stop_on_error: undefined }), 40101, /stop_on_error/);
    expectErr(await api('tcb/databasemigrateimport', { ...base, conflict_mode: 3 }), 40097, /conflict_mode/);
    expectErr(await api('tcb/databasemigrateimport', { ...base, file_path: '../x' }), 40097, /file_path/);
    expectErr(await api('tcb/databasemigrateexport', { env: 'shop-prod-4f5a6b', file_path: 'a', file_type: 1, query: 'process.exit()' }), -501000);
    expectErr(await api('tcb/databasemigrateexport', { env: DEMO_ENV, file_path: 'a', file_type: 3, query: 'x' }), 40097, /file_type/);
    expectErr(await api('tcb/databasemigrateexport', { env: DEMO_ENV, file_path: 'a', file_type: 1, query: 'db.collection("todos").count()' }), -501007, /get\(\)/);
    expectErr(await api('tcb/databasemigratequeryinfo', { env: DEMO_ENV, job_id: 1 }), -501009);
    expectErr(await api('tcb/databasemigratequeryinfo', { env: DEMO_ENV, job_id: 1 }, emu.credentials.component_access_token), 40014);
  });
});
