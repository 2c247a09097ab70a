// invokecloudfunction really runs the demo's functions in warm child processes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunningEmulator } from '../../../src/emulator/index';
import { addPidFunction, call, control, copyDemo, decodeLogs, DEMO_DIR, DEMO_ENV, isAlive, ManualClock, RID, start, waitUntil } from './helpers';

describe('emulator: invoking the demo functions', function () {
  let emu: RunningEmulator;
  const clock = new ManualClock();
  const invoke = (name: string, body: unknown = {}) => call(emu, 'tcb/invokecloudfunction', { access_token: emu.credentials.access_token, env: DEMO_ENV, name }, body);
  before(async () => {
    emu = await start({ functionTimeoutCapMs: 2500, clock });
  });
  after(() => emu.close());

  it('login returns {event, appid} with event.userInfo.appId set by the emulator', async () => {
    const r = await invoke('login', { hello: 'world', userInfo: { appId: 'forged' } });
    assert.equal(r.json.errcode, 0, r.text);
    assert.deepEqual(JSON.parse(r.json.resp_data), { event: { hello: 'world', userInfo: { appId: 'wx7d3c9a1b5e2f4068' } }, appid: 'wx7d3c9a1b5e2f4068' });
  });

  it('sum returns a + b and sees its environment variables; logs come in x-wxcloud-logs and by rid', async () => {
    const r = await invoke('sum', { a: 40, b: 2 });
    assert.equal(r.json.resp_data, '42');
    assert.match(r.json.errmsg, /^ok rid: /);
    assert.deepEqual(decodeLogs(r.headers.get('x-wxcloud-logs')), ['hello: 40 + 2']);
    const rid = / rid: (\S+)$/.exec(r.json.errmsg)![1];
    const logs = await (await control(emu, `/_emulator/logs?rid=${rid}`)).json();
    assert.deepEqual(logs, { rid, logs: ['hello: 40 + 2'] });
    assert.equal((await control(emu, '/_emulator/logs?rid=nope')).status, 404);
  });

  it('fail answers -504002 with the thrown message, its stack in the logs', async () => {
    const r = await invoke('fail', { reason: 'testing' });
    assert.equal(r.json.errcode, -504002);
    assert.match(r.json.errmsg, /Error: fail: this function always throws \(reason: testing\)/);
    assert.match(r.json.errmsg, RID);
    const logs = decodeLogs(r.headers.get('x-wxcloud-logs'));
    assert.equal(logs[0], 'about to fail, reason: testing');
    assert.match(logs[1], /^\s+at .*\(cloudfunctions\/fail\/index\.js:\d+:\d+\)$/m, 'the frame is relative to the project folder');
    assert.ok(!logs[1].includes(DEMO_DIR), logs[1]);
    assert.doesNotMatch(logs[1], /functionWorker|wxcloud-emulator-worker|node:internal/);
    assert.equal(logs[1].split('\n').length, 2, logs[1]);
  });

  it('slow answers within its time', async () => {
    const r = await invoke('slow', { ms: 50 });
    assert.deepEqual(JSON.parse(r.json.resp_data), { waited: 50 });
  });

  it('slow past the cap answers -504003 when the cap is reached, keeping what it printed', async () => {
    const answer = invoke('slow', { ms: 60_000 });
    // Armed at the request: the cap; armed when its code starts: its own timeout (3 s, cut to the cap).
    await waitUntil(() => clock.pending(2500) === 2, 'the function has started');
    clock.advance(2500);
    const r = await answer;
    assert.equal(r.json.errcode, -504003);
    assert.match(r.json.errmsg, /within 2\.5 s/);
    assert.deepEqual(decodeLogs(r.headers.get('x-wxcloud-logs')), ['waiting 60000 ms']);
    const again = await invoke('slow', { ms: 10 });
    assert.equal(again.json.errcode, 0, 'a new process takes over after the kill');
  });

  it('a warm sum reuses its process (its speed is measured by npm run bench)', async () => {
    for (let i = 0; i < 10; i++) {
      const r = await invoke('sum', { a: i, b: 1 });
      assert.equal(JSON.parse(r.json.resp_data), i + 1);
    }
    assert.equal(emu.stats().coldStarts, 5, 'one process each for login, sum, fail and slow (twice: killed once)');
  });

  it('built-in functions of the other mini programs run without a process', async () => {
    const before = emu.stats().coldStarts;
    const r = await call(emu, 'tcb/invokecloudfunction', { access_token: emu.credentials.component_access_token, env: 'shop-prod-4f5a6b', name: 'getGoods' }, {});
    assert.equal(r.json.errcode, 0);
    assert.deepEqual(decodeLogs(r.headers.get('x-wxcloud-logs')), ['listing 3 goods']);
    const echo = await call(emu, 'tcb/invokecloudfunction', { access_token: emu.credentials.component_access_token, env: 'blog-5e6f7a', name: 'echo' }, { x: 1 });
    assert.deepEqual(JSON.parse(echo.json.resp_data), { event: { x: 1, userInfo: { appId: 'wx2a4c6e8b0d1f3a57' } } });
    assert.equal(emu.stats().coldStarts, before);
  });

  it('passes a non-object body on as the event', async () => {
    const dir = copyDemo();
    const other = await start({ projectDir: dir });
    try {
      const fn = path.join(dir, 'cloudfunctions', 'echo');
      fs.mkdirSync(fn);
      fs.writeFileSync(path.join(fn, 'index.js'), 'exports.main = async (event, context) => ({ event, fn: context.function_name, ns: context.namespace, rid: typeof context.request_id });\n');
      const r = await call(other, 'tcb/invokecloudfunction', { access_token: other.credentials.access_token, env: DEMO_ENV, name: 'echo' }, '[1,2]');
      assert.deepEqual(JSON.parse(r.json.resp_data), { event: [1, 2], fn: 'echo', ns: DEMO_ENV, rid: 'string' });
    } finally {
      await other.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('emulator: warm processes', function () {
  let emu: RunningEmulator;
  const clock = new ManualClock();
  let dir: string;
  let fnDir: string;
  const invoke = async (body: unknown = {}) => {
    const r = await call(emu, 'tcb/invokecloudfunction', { access_token: emu.credentials.access_token, env: DEMO_ENV, name: 'pid' }, body);
    return r;
  };
  before(async () => {
    dir = copyDemo();
    fnDir = addPidFunction(dir, 1);
    emu = await start({ projectDir: dir, clock });
  });
  after(async () => {
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reuses one process per function between invokes', async () => {
    const a = JSON.parse((await invoke()).json.resp_data);
    const b = JSON.parse((await invoke()).json.resp_data);
    assert.equal(a.pid, b.pid);
    assert.notEqual(a.pid, process.pid);
  });

  it('restarts the process after a file of the function changes', async () => {
    const a = JSON.parse((await invoke()).json.resp_data);
    const file = path.join(fnDir, 'index.js');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('version: 1', 'version: 2'));
    const b = JSON.parse((await invoke()).json.resp_data);
    assert.equal(b.version, 2);
    assert.notEqual(b.pid, a.pid);
    await waitUntil(() => !isAlive(a.pid), 'the old process is gone');
  });

  it('restarts with new environment variables after config.json changes', async () => {
    fs.writeFileSync(path.join(fnDir, 'config.json'), JSON.stringify({ timeout: 1, envVariables: { GREETING: 'bonjour' } }));
    const r = JSON.parse((await invoke()).json.resp_data);
    assert.equal(r.greeting, 'bonjour');
  });

  it('kills the process at the function’s own timeout (config timeout 1 s)', async () => {
    const answer = invoke({ ms: 60_000 });
    await waitUntil(() => clock.pending(1000) === 1, 'the function has started');
    clock.advance(1000);
    const r = await answer;
    assert.equal(r.json.errcode, -504003);
    assert.match(r.json.errmsg, /within 1 s/);
    const pid = Number(/pid (\d+)/.exec(decodeLogs(r.headers.get('x-wxcloud-logs'))[0])![1]);
    await waitUntil(() => !isAlive(pid), 'the function process is gone');
  });

  it('runs concurrent invokes in separate processes', async () => {
    const rs = await Promise.all([invoke({ ms: 200 }), invoke({ ms: 200 })]);
    const pids = rs.map((r) => JSON.parse(r.json.resp_data).pid);
    assert.notEqual(pids[0], pids[1]);
  });

  it('close() kills the function processes', async () => {
    const other = await start({ projectDir: dir });
    const r = await call(other, 'tcb/invokecloudfunction', { access_token: other.credentials.access_token, env: DEMO_ENV, name: 'pid' }, {});
    const pid = JSON.parse(r.json.resp_data).pid;
    assert.equal(isAlive(pid), true);
    await other.close();
    await waitUntil(() => !isAlive(pid), 'the function process is gone');
  });

  it('a function added to the folder is listed and invokable without a restart', async () => {
    const fn = path.join(dir, 'cloudfunctions', 'added');
    fs.mkdirSync(fn);
    fs.writeFileSync(path.join(fn, 'index.js'), 'exports.main = async () => "added";\n');
    const list = await call(emu, 'tcb/listfunctions', { access_token: emu.credentials.authorizer_access_token }, { env: DEMO_ENV, limit: 50, offset: 0 });
    assert.ok(list.json.functions.some((f: { name: string }) => f.name === 'added'));
    const r = await call(emu, 'tcb/invokecloudfunction', { access_token: emu.credentials.access_token, env: DEMO_ENV, name: 'added' }, {});
    assert.equal(r.json.resp_data, '"added"');
  });

  it('caps the logs header near 8 KB, keeping the last lines; /_emulator/logs keeps all of a moderate output', async () => {
    const fn = path.join(dir, 'cloudfunctions', 'chatty');
    fs.mkdirSync(fn);
    fs.writeFileSync(path.join(fn, 'index.js'), 'exports.main = async () => { for (let i = 0; i < 3000; i++) console.log("line " + i + " " + "x".repeat(40)); return 1; };\n');
    const r = await call(emu, 'tcb/invokecloudfunction', { access_token: emu.credentials.access_token, env: DEMO_ENV, name: 'chatty' }, {});
    const header = r.headers.get('x-wxcloud-logs')!;
    assert.ok(header.length <= 8192, `header is ${header.length} bytes`);
    const lines = decodeLogs(header);
    assert.ok(lines.length > 50, `only ${lines.length} lines`);
    assert.match(lines[lines.length - 1], /^line 2999 /);
    const rid = / rid: (\S+)$/.exec(r.json.errmsg)![1];
    const kept = (await (await control(emu, `/_emulator/logs?rid=${rid}`)).json()) as { logs: string[] };
    assert.equal(kept.logs.length, 3000, 'all of its 150 KB are kept');
    assert.match(kept.logs[2999], /^line 2999 /);
  });

  it('returning nothing gives an empty resp_data; a missing main gives -504002', async () => {
    const fn = path.join(dir, 'cloudfunctions', 'quiet');
    fs.mkdirSync(fn);
    fs.writeFileSync(path.join(fn, 'index.js'), 'exports.main = async () => {};\n');
    const r = await call(emu, 'tcb/invokecloudfunction', { access_token: emu.credentials.access_token, env: DEMO_ENV, name: 'quiet' }, {});
    assert.equal(r.json.errcode, 0);
    assert.equal(r.json.resp_data, '');
    fs.writeFileSync(path.join(fn, 'index.js'), 'exports.handler = async () => 1;\n');
    const bad = await call(emu, 'tcb/invokecloudfunction', { access_token: emu.credentials.access_token, env: DEMO_ENV, name: 'quiet' }, {});
    assert.equal(bad.json.errcode, -504002);
    assert.match(bad.json.errmsg, /does not export a function named main/);
  });
});
