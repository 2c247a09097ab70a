// wx-server-sdk inside the functions the emulator runs: real functions (sdk-project/) invoked
// over HTTP, their database calls run on the same engine the HTTP API reads back.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunningEmulator } from '../../../src/emulator/index';
import { call, DEMO_ENV, start } from './helpers';

const PROJECT = path.join(__dirname, 'sdk-project');
const APPID = 'wx7d3c9a1b5e2f4068';

const BOOKS = [
  { title: 'The Left Hand of Darkness', author: 'Ursula K. Le Guin', year: 1969, tags: ['sf'], pages: 304 },
  { title: 'A Wizard of Earthsea', author: 'Ursula K. Le Guin', year: 1968, tags: ['fantasy'] },
  { title: 'The Dispossessed', author: 'Ursula K. Le Guin', year: 1974, tags: ['sf'], pages: 387 },
  { title: 'Neuromancer', author: 'William Gibson', year: 1984, tags: ['sf', 'cyberpunk'], pages: 271 },
  { title: 'Foundation', author: 'Isaac Asimov', year: 1951, tags: ['sf'] },
  { title: 'Frankenstein', author: 'Mary Shelley', year: 1818, tags: ['gothic'] },
  { title: 'Nineteen Eighty-Four', author: 'George Orwell', year: 1949, tags: ['dystopia'] },
];

describe('emulator: wx-server-sdk in local functions', function () {
  let emu: RunningEmulator;
  let dir: string;
  let seeded: { created: unknown; added: { _id: string; errMsg: string }[] };

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const invoke = async (name: string, body: unknown = {}): Promise<any> => {
    const r = await call(emu, 'tcb/invokecloudfunction', { access_token: emu.credentials.access_token, env: DEMO_ENV, name }, body);
    assert.equal(r.json.errcode, 0, r.text);
    return JSON.parse(r.json.resp_data);
  };
  /** The same data through the HTTP API's own door. */
  const query = async (q: string): Promise<Record<string, unknown>[]> => {
    const r = await call(emu, 'tcb/databasequery', { access_token: emu.credentials.access_token }, { env: DEMO_ENV, query: q });
    assert.equal(r.json.errcode, 0, r.text);
    return (r.json.data as string[]).map((s) => JSON.parse(s) as Record<string, unknown>);
  };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxcloud-sdk-'));
    fs.cpSync(PROJECT, path.join(dir, 'project'), { recursive: true });
    emu = await start({ projectDir: path.join(dir, 'project'), dataDir: path.join(dir, 'data') });
    seeded = await invoke('books', { op: 'seed', books: BOOKS });
  });
  afterEach(async () => {
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('createCollection and add answer as wx-server-sdk does, and the documents are in the database', async () => {
    assert.deepEqual(seeded.created, { errMsg: 'createCollection:ok' });
    assert.equal(seeded.added.length, BOOKS.length);
    for (const a of seeded.added) {
      assert.equal(a.errMsg, 'collection.add:ok');
      assert.match(a._id, /^[0-9a-f]{32}$/);
    }
    const docs = await query("db.collection('books').orderBy('year', 'asc').limit(100).get()");
    assert.deepEqual(
      docs.map((d) => d.title),
      [...BOOKS].sort((a, b) => a.year - b.year).map((b) => b.title),
    );
    assert.deepEqual(Object.keys(docs[0].addedAt as object), ['$date'], 'db.serverDate() became a date');
  });

  it('where with commands, orderBy, skip, limit and field', async () => {
    const r = await invoke('books', { op: 'query' });
    assert.equal(r.errMsg, 'collection.get:ok');
    assert.deepEqual(
      r.data.map((d: Record<string, unknown>) => ({ ...d, _id: typeof d._id })),
      [
        { _id: 'string', title: 'The Dispossessed', year: 1974 },
        { _id: 'string', title: 'The Left Hand of Darkness', year: 1969 },
      ],
    );
  });

  it('_.or at the top with db.RegExp, and count with elemMatch and exists', async () => {
    const r = await invoke('books', { op: 'or' });
    assert.deepEqual(
      r.data.map((d: { title: string }) => d.title),
      ['Frankenstein', 'Nineteen Eighty-Four', 'The Dispossessed'],
    );
    assert.deepEqual(await invoke('books', { op: 'count' }), { total: 3, errMsg: 'collection.count:ok' });
  });

  it('update merges nested data and applies update commands; the HTTP API reads the result', async () => {
    assert.deepEqual(await invoke('books', { op: 'update' }), { stats: { updated: 3 }, errMsg: 'collection.update:ok' });
    const docs = await query("db.collection('books').where({author: 'Ursula K. Le Guin'}).orderBy('year', 'asc').get()");
    assert.deepEqual(
      docs.map((d) => [d.title, d.reads, d.tags, d.shelf]),
      [
        ['A Wizard of Earthsea', 2, ['fantasy', 'classic'], { row: 3 }],
        ['The Left Hand of Darkness', 2, ['sf', 'classic'], { row: 3 }],
        ['The Dispossessed', 2, ['sf', 'classic'], { row: 3 }],
      ],
    );
  });

  it('doc(id).get gives the document with dates as Date; set, update and remove on one document', async () => {
    const id = seeded.added[3]._id;
    const got = await invoke('books', { op: 'doc', id });
    assert.equal(got.errMsg, 'document.get:ok');
    assert.equal(got.data.title, 'Neuromancer');
    assert.equal(got.addedAtIsDate, true);
    const w = await invoke('books', { op: 'docWrites', removeId: id });
    assert.deepEqual(w, {
      set: { _id: 'custom-id', stats: { updated: 0, created: 1 }, errMsg: 'document.set:ok' },
      update: { stats: { updated: 1 }, errMsg: 'document.update:ok' },
      removed: { stats: { removed: 1 }, errMsg: 'document.remove:ok' },
    });
    assert.deepEqual(await query("db.collection('books').doc('custom-id').get()"), [{ _id: 'custom-id', title: 'Kindred', year: 1980, tags: ['sf', 'classic'] }]);
    assert.deepEqual(await query(`db.collection('books').doc('${id}').get()`), []);
  });

  it('remove with where answers stats.removed', async () => {
    assert.deepEqual(await invoke('books', { op: 'removeWhere' }), { stats: { removed: 2 }, errMsg: 'collection.remove:ok' });
    assert.equal((await query("db.collection('books').limit(100).get()")).length, BOOKS.length - 2);
  });

  it('get() gives 100 documents unless limit() says, as wx-server-sdk does', async () => {
    assert.deepEqual(await invoke('books', { op: 'many' }), { byDefault: 100, withLimit: 120 });
  });

  it('aggregate()…end() answers {list}', async () => {
    assert.deepEqual(await invoke('books', { op: 'aggregate' }), {
      list: [
        { _id: 'George Orwell', n: 1, first: 1949 },
        { _id: 'Isaac Asimov', n: 1, first: 1951 },
        { _id: 'Ursula K. Le Guin', n: 3, first: 1968 },
        { _id: 'William Gibson', n: 1, first: 1984 },
      ],
      errMsg: 'collection.aggregate:ok',
    });
  });

  it('failures reject with errCode and errMsg: a missing collection, another mini program’s env, a forged command', async () => {
    const missing = await invoke('books', { op: 'missing' });
    assert.equal(missing.collection.errCode, -502005);
    assert.match(missing.collection.errMsg, /^collection\.get:fail -502005 .*nope/);
    assert.equal(missing.collection.isError, true);
    assert.deepEqual(missing.doc, { errCode: -1, errMsg: 'document.get:fail document with _id no-such-id does not exist', isError: true });
    const foreign = await invoke('books', { op: 'foreignEnv' });
    assert.equal(foreign.errCode, -501000);
    assert.match(foreign.errMsg, /^collection\.get:fail -501000 .*shop-prod-4f5a6b not found/);
    const forged = await invoke('books', { op: 'badCommand' });
    assert.equal(forged.errCode, -501007);
    assert.match(forged.errMsg, /the command query\.where/);
  });

  it('the emulator checks requests written on the channel without the SDK: foreign env, $where, unknown stage or request', async () => {
    assert.deepEqual(await invoke('forger'), [
      { ok: false, errCode: -501000 },
      { ok: false, errCode: -501007 },
      { ok: false, errCode: -501007 },
      { ok: false, errCode: -501007 },
    ]);
  });

  it('getWXContext says what WeChat gives an HTTP API call; openapi rejects clearly', async () => {
    assert.deepEqual(await invoke('context'), {
      event: { userInfo: { appId: APPID } },
      wxContext: { APPID, ENV: DEMO_ENV, SOURCE: 'wx_http' },
      openapi: 'cloud.openapi.security.msgSecCheck:fail cloud.openapi is not available in the local emulator',
    });
  });

  it('transactions, watch and geo are refused by name', async () => {
    assert.deepEqual(await invoke('unsupported'), {
      transaction: 'database.runTransaction:fail a transaction is not supported in the local emulator',
      startTransaction: 'database.startTransaction:fail a transaction is not supported in the local emulator',
      watch: 'collection.watch:fail watch (real-time listening) is not supported in the local emulator',
      geo: 'database.Geo:fail geo (Geo values and geo queries) is not supported in the local emulator',
    });
  });

  it('uploadFile, getTempFileURL, downloadFile and deleteFile use the storage the HTTP API serves', async () => {
    const put = await invoke('files', { action: 'put', cloudPath: 'notes/你好.txt', text: '云存储 works' });
    assert.equal(put.errMsg, 'uploadFile:ok');
    assert.match(put.fileID, new RegExp(`^cloud://${DEMO_ENV}\\.[^/]+/notes/你好\\.txt$`));
    // The same file through the HTTP API's door.
    const listed = await call(emu, 'tcb/batchdownloadfile', { access_token: emu.credentials.access_token }, { env: DEMO_ENV, file_list: [{ fileid: put.fileID, max_age: 60 }] });
    assert.equal(listed.json.errcode, 0, listed.text);
    assert.equal(await (await fetch(listed.json.file_list[0].download_url)).text(), '云存储 works');

    const got = await invoke('files', { action: 'get', fileID: put.fileID });
    assert.deepEqual(got, { text: '云存储 works', statusCode: 200, tempStatus: 0, served: '云存储 works', foreign: -503002 });

    const del = await invoke('files', { action: 'del', fileID: put.fileID });
    assert.deepEqual(del, { fileList: [{ fileID: put.fileID, status: 0, errMsg: 'ok' }], errMsg: 'cloud.deleteFile:ok' });
    const gone = await call(emu, 'tcb/batchdownloadfile', { access_token: emu.credentials.access_token }, { env: DEMO_ENV, file_list: [{ fileid: put.fileID, max_age: 60 }] });
    assert.equal(gone.json.file_list[0].status, -503003);
  });

  it('callFunction runs another function: {result, errMsg, requestID}, SOURCE followed by scf', async () => {
    const r = await invoke('caller', { hello: 1 });
    assert.equal(r.counted.errMsg, 'cloud.callFunction:ok');
    assert.deepEqual(r.counted.result, { total: 3, errMsg: 'collection.count:ok' });
    assert.match(r.counted.requestID, /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    assert.deepEqual(r.context, { APPID, ENV: DEMO_ENV, SOURCE: 'wx_http,scf' });
    assert.deepEqual(r.calleeEvent, { at: '1970-01-01T00:00:00.000Z', userInfo: { appId: APPID } }, 'data crosses as JSON, as WeChat sends it');
    assert.equal(r.missing.errCode, -501009);
    assert.match(r.missing.errMsg, /^cloud\.callFunction:fail -501009 .*nope/);
  });

  it('a wx-server-sdk planted in the function’s node_modules is not the one it gets', async () => {
    const planted = path.join(dir, 'project', 'cloudfunctions', 'planted', 'node_modules', 'wx-server-sdk');
    fs.mkdirSync(planted, { recursive: true });
    fs.writeFileSync(path.join(planted, 'package.json'), '{"name":"wx-server-sdk","version":"3.0.0","main":"index.js"}\n');
    fs.writeFileSync(path.join(planted, 'index.js'), "module.exports = { planted: true, database() { throw new Error('the real cloud'); } };\n");
    assert.deepEqual(await invoke('planted'), { planted: false, same: true, hasDatabase: true });
  });
});
