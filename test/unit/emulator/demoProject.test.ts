// The demo project's functions, written as real cloud functions are (with wx-server-sdk), run
// on its seeded database: what `npm start` shows a new user.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunningEmulator } from '../../../src/emulator/index';
import { call, DEMO_DIR, DEMO_ENV, start } from './helpers';

describe('emulator: the demo project', function () {
  let emu: RunningEmulator;
  let dataDir: string;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const invoke = async (name: string, event: unknown): Promise<any> => {
    const r = await call(emu, 'tcb/invokecloudfunction', { access_token: emu.credentials.access_token, env: DEMO_ENV, name }, event);
    assert.equal(r.json.errcode, 0, r.text);
    return JSON.parse(r.json.resp_data);
  };
  const count = async (collection: string): Promise<number> => {
    const r = await call(emu, 'tcb/databasecount', { access_token: emu.credentials.access_token }, { env: DEMO_ENV, query: `db.collection("${collection}").count()` });
    assert.equal(r.json.errcode, 0, r.text);
    return r.json.count as number;
  };

  beforeEach(async () => {
    // The data of each test lives in its own folder, never in the repository's demo project.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxcloud-demo-data-'));
    emu = await start({ projectDir: DEMO_DIR, dataDir });
  });
  afterEach(async () => {
    await emu.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds todos, users and orders from database/*.json', async () => {
    assert.deepEqual([await count('todos'), await count('users'), await count('orders')], [3, 60, 240]);
  });

  it('todos lists the open ones by priority, adds, completes and removes', async () => {
    const open = await invoke('todos', { action: 'list' });
    assert.deepEqual(open.todos.map((t: { title: string }) => t.title), ['Buy tea', 'Call the plumber']);
    const { _id } = await invoke('todos', { action: 'add', title: '给妈妈打电话', priority: 1 });
    assert.match(_id, /^[0-9a-f]{32}$/);
    assert.equal((await invoke('todos', { action: 'list' })).todos[0].title, '给妈妈打电话');
    assert.deepEqual(await invoke('todos', { action: 'complete', id: _id }), { updated: 1 });
    assert.equal((await invoke('todos', { action: 'list' })).todos.length, 2);
    assert.deepEqual(await invoke('todos', { action: 'remove', id: _id }), { removed: 1 });
    assert.equal(await count('todos'), 3);
  });

  it('orderStats groups every order by status, and by a product when asked', async () => {
    const all = (await invoke('orderStats', {})).byStatus as Array<{ status: string; orders: number; revenue: number }>;
    assert.deepEqual(all.map((g) => g.status).sort(), ['done', 'paid', 'refunded', 'shipped']);
    assert.equal(all.reduce((n, g) => n + g.orders, 0), 240);
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.revenue >= all[i]!.revenue, 'sorted by revenue');
    const teapots = (await invoke('orderStats', { sku: 'C002' })).byStatus as Array<{ orders: number }>;
    const withTeapot = fs.readFileSync(path.join(DEMO_DIR, 'database', 'orders.json'), 'utf8').split('\n').filter((l) => l.includes('"C002"')).length;
    assert.equal(teapots.reduce((n, g) => n + g.orders, 0), withTeapot);
  });

  it('orderReport stores a CSV of the orders of a status and hands out a link that serves it', async () => {
    const report = await invoke('orderReport', { status: 'refunded' });
    assert.equal(report.status, 'refunded');
    assert.match(report.fileID, new RegExp(`^cloud://${DEMO_ENV}\\.[^/]+/reports/orders-refunded\\.csv$`));
    const csv = await (await fetch(report.url)).text();
    const lines = csv.trim().split('\n');
    assert.equal(lines[0], 'orderId,userId,total,createdAt');
    assert.equal(lines.length - 1, report.orders);
    const refunded = fs.readFileSync(path.join(DEMO_DIR, 'database', 'orders.json'), 'utf8').split('\n').filter((l) => l.includes('"status": "refunded"')).length;
    assert.equal(report.orders, refunded);
  });

  it('login answers from its wx-server-sdk context: the AppID, and no OpenID over HTTP', async () => {
    const answer = await invoke('login', { hello: '世界' });
    assert.deepEqual(Object.keys(answer), ['event', 'appid']);
    assert.equal(answer.appid, emu.credentials.appid);
    assert.equal(answer.event.hello, '世界');
  });
});
