// Faults on demand and the quirks, set at start, by setFaults() and by the control path.
import * as assert from 'node:assert/strict';
import type { RunningEmulator } from '../../../src/emulator/index';
import { makeRandom } from '../../../src/emulator/wire';
import { call, control, DEMO_ENV, ManualClock, RID, start, waitUntil } from './helpers';

const LIST = { env: DEMO_ENV, limit: 20, offset: 0 };

async function controlJson(emu: RunningEmulator, method: string, p: string, body?: unknown): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await control(emu, p, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

describe('emulator: faults and quirks', function () {
  let emu: RunningEmulator;
  const clock = new ManualClock();
  const list = () => call(emu, 'tcb/listfunctions', { access_token: emu.credentials.authorizer_access_token }, LIST);
  before(async () => {
    emu = await start({ clock });
  });
  after(() => emu.close());
  afterEach(async () => {
    await controlJson(emu, 'POST', '/_emulator/faults', { latencyMs: 0, jitterMs: 0, busyRate: 0, resetRate: 0, html502Rate: 0, truncateRate: 0, quirks: false, seed: null, endpoints: null });
  });

  it('latency delays every API answer', async () => {
    emu.setFaults({ latencyMs: 150 });
    const answer = list();
    await waitUntil(() => clock.pending(150) === 1, 'the answer waits 150 ms');
    clock.advance(150);
    assert.equal((await answer).json.errcode, 0);
  });

  it('jitter adds a random delay below jitterMs, drawn from the seeded source', async () => {
    emu.setFaults({ latencyMs: 10, jitterMs: 200, seed: 7 });
    const draw = makeRandom(7);
    for (let i = 0; i < 5; i++) {
      const expected = 10 + draw() * 200;
      const answer = list();
      await waitUntil(() => clock.pending(expected) === 1, `the answer waits ${expected} ms`);
      clock.advance(expected);
      assert.equal((await answer).json.errcode, 0);
    }
  });

  it('busyRate answers errcode -1 without handling the request', async () => {
    emu.setFaults({ busyRate: 1 });
    const before = emu.stats().invocations;
    const r = await call(emu, 'tcb/invokecloudfunction', { access_token: emu.credentials.access_token, env: DEMO_ENV, name: 'sum' }, { a: 1, b: 2 });
    assert.equal(r.status, 200);
    assert.equal(r.json.errcode, -1);
    assert.match(r.json.errmsg, /^system error/);
    assert.match(r.json.errmsg, RID);
    assert.equal(emu.stats().invocations, before);
    assert.equal(emu.stats().faults.busy, 1);
  });

  it('resetRate destroys the connection without an answer', async () => {
    emu.setFaults({ resetRate: 1 });
    await assert.rejects(list(), (e: Error) => e instanceof TypeError && /fetch failed/.test(e.message));
  });

  it('html502Rate answers an nginx HTML 502 page', async () => {
    emu.setFaults({ html502Rate: 1 });
    const r = await list();
    assert.equal(r.status, 502);
    assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(r.text, /<title>502 Bad Gateway<\/title>/);
    assert.match(r.text, /nginx/);
    assert.equal(r.json, undefined);
  });

  it('truncateRate cuts the JSON body in half after handling the request', async () => {
    emu.setFaults({ truncateRate: 1 });
    const before = emu.stats().invocations;
    const r = await call(emu, 'tcb/invokecloudfunction', { access_token: emu.credentials.access_token, env: DEMO_ENV, name: 'login' }, {});
    assert.equal(r.status, 200);
    assert.equal(r.json, undefined, 'the body should not parse');
    assert.ok(r.text.startsWith('{"errcode":0'), r.text);
    assert.equal(emu.stats().invocations, before + 1, 'the function ran');
    emu.setFaults({ truncateRate: 0 });
    const whole = await call(emu, 'tcb/invokecloudfunction', { access_token: emu.credentials.access_token, env: DEMO_ENV, name: 'login' }, {});
    assert.equal(r.text.length, Math.floor(whole.text.length / 2));
  });

  it('quirks: describestaticstore answers Data and regoin', async () => {
    const body = { env: DEMO_ENV };
    const plain = await call(emu, 'componenttcb/describestaticstore', { access_token: emu.credentials.component_access_token }, body);
    assert.ok(plain.json.data[0].region);
    emu.setFaults({ quirks: true });
    const q = await call(emu, 'componenttcb/describestaticstore', { access_token: emu.credentials.component_access_token }, body);
    assert.equal(q.json.data, undefined);
    assert.equal(q.json.Data[0].regoin, 'ap-shanghai');
    assert.equal(q.json.Data[0].region, undefined);
  });

  it('quirks: listfunctions answers run_time instead of runtime', async () => {
    assert.ok((await list()).json.functions[0].runtime);
    emu.setFaults({ quirks: true });
    const f = (await list()).json.functions[0];
    assert.equal(f.runtime, undefined);
    assert.match(f.run_time, /^Nodejs/);
  });

  it('endpoints limits faults to the named paths', async () => {
    emu.setFaults({ busyRate: 1, endpoints: ['tcb/getenvinfo'] });
    assert.equal((await list()).json.errcode, 0);
    assert.equal((await call(emu, 'tcb/getenvinfo', { access_token: emu.credentials.authorizer_access_token }, {})).json.errcode, -1);
  });

  it('a seed makes the rates repeatable', async () => {
    const run = async () => {
      emu.setFaults({ busyRate: 0.5, seed: 42 });
      const codes: number[] = [];
      for (let i = 0; i < 16; i++) codes.push((await list()).json.errcode);
      return codes;
    };
    const a = await run();
    const b = await run();
    assert.deepEqual(a, b);
    assert.ok(a.includes(0) && a.includes(-1), `${a}`);
  });

  it('the control path: GET/POST faults (partial merge), stats, reset; faults and stats skip it', async () => {
    emu.resetStats();
    const set = await controlJson(emu, 'POST', '/_emulator/faults', { resetRate: 1 });
    assert.equal(set.status, 200);
    assert.equal(set.json.resetRate, 1);
    assert.equal(set.json.busyRate, 0);
    const got = await controlJson(emu, 'GET', '/_emulator/faults');
    assert.equal(got.json.resetRate, 1, 'control requests are not reset');
    await assert.rejects(list());
    await controlJson(emu, 'POST', '/_emulator/faults', { resetRate: 0, quirks: true });
    assert.equal(emu.faults().quirks, true);
    await list();
    const stats = await controlJson(emu, 'GET', '/_emulator/stats');
    assert.equal(stats.json.requests, 2);
    assert.deepEqual(stats.json.byEndpoint, { 'tcb/listfunctions': 2 });
    assert.equal(stats.json.faults.reset, 1);
    assert.deepEqual((await controlJson(emu, 'POST', '/_emulator/stats/reset')).json, { ok: true });
    assert.equal(emu.stats().requests, 0);
    assert.equal((await controlJson(emu, 'POST', '/_emulator/reset-stats')).status, 404, 'one route resets the stats');
    assert.equal((await controlJson(emu, 'POST', '/_emulator/faults', { busyRate: 2 })).status, 400);
    assert.equal((await controlJson(emu, 'POST', '/_emulator/faults', { nosuch: 1 })).status, 400);
    assert.throws(() => emu.setFaults({ html502Rate: -1 }));
  });

  it('faults given at start apply from the first request', async () => {
    const other = await start({ faults: { html502Rate: 1 } });
    try {
      const r = await call(other, 'tcb/listfunctions', { access_token: other.credentials.authorizer_access_token }, LIST);
      assert.equal(r.status, 502);
    } finally {
      await other.close();
    }
  });
});
