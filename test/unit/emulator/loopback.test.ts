// Only this machine's own clients: a loopback Host, no Origin of a foreign page, the
// control path for loopback peers holding the per-start key, and secrets made per start.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as os from 'node:os';
import type { RunningEmulator } from '../../../src/emulator/index';
import { call, DEMO_ENV, start } from './helpers';

interface Raw {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** A request with exactly these headers (fetch would not let a test set Host). */
function raw(base: string, pathAndQuery: string, headers: Record<string, string>, options: { method?: string; body?: string; setHost?: boolean } = {}): Promise<Raw> {
  const url = new URL(pathAndQuery, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: options.method ?? 'POST', headers, setHost: options.setHost ?? !('host' in headers) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('error', reject);
    req.end(req.method === 'GET' ? undefined : (options.body ?? '{}'));
  });
}

describe('emulator: only this machine’s own clients', function () {
  let emu: RunningEmulator;
  let port: string;
  const list = (headers: Record<string, string>, options?: { setHost?: boolean }) =>
    raw(emu.url, `/tcb/listfunctions?access_token=${emu.credentials.authorizer_access_token}`, headers, { body: JSON.stringify({ env: DEMO_ENV, limit: 1, offset: 0 }), ...options });
  before(async () => {
    emu = await start();
    port = new URL(emu.url).port;
  });
  after(() => emu.close());

  it('answers a loopback Host: localhost, 127.x.x.x, [::1], with or without a port', async () => {
    for (const host of [`localhost:${port}`, 'LOCALHOST', `127.0.0.1:${port}`, '127.9.8.7:1', '[::1]', `[::1]:${port}`]) {
      const r = await list({ host });
      assert.equal(r.status, 200, host);
      assert.equal(r.json.errcode, 0, host);
    }
  });

  it('refuses any other Host (DNS rebinding, another machine) with 403 and a JSON error, before any handling', async () => {
    const before = emu.stats().requests;
    for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1.evil.example', 'localhost.evil.example', '127.0.0.256', '192.168.1.10', '[::2]', '[::ffff:7f00:1]x', '']) {
      const r = await list({ host });
      assert.equal(r.status, 403, host);
      assert.match(r.json.error, /localhost, 127\.x\.x\.x or \[::1\] only/, host);
    }
    const r = await list({}, { setHost: false });
    assert.ok(r.status === 400 || r.status === 403, `no Host at all: ${r.status}`);
    assert.equal(emu.stats().requests, before, 'a refused request reaches no endpoint');
  });

  it('refuses a request whose Origin is not a loopback origin; answers a loopback one', async () => {
    for (const origin of ['http://evil.example', `http://evil.example:${port}`, 'null', 'file://', 'http://127.0.0.1.evil.example', 'chrome-extension://abc']) {
      const r = await list({ origin });
      assert.equal(r.status, 403, origin);
      assert.match(r.json.error, /other origins/, origin);
    }
    for (const origin of [`http://localhost:${port}`, 'http://127.0.0.1:8080', 'https://[::1]']) {
      assert.equal((await list({ origin })).status, 200, origin);
    }
    const ctl = await raw(emu.url, '/_emulator/stats', { origin: 'http://evil.example', 'x-wxcloud-emulator-key': emu.controlKey }, { method: 'GET' });
    assert.equal(ctl.status, 403, 'the control path too');
  });

  it('the control path wants the per-start key', async () => {
    assert.equal((await raw(emu.url, '/_emulator/stats', {}, { method: 'GET' })).status, 403);
    const wrong = await raw(emu.url, '/_emulator/stats', { 'x-wxcloud-emulator-key': 'f'.repeat(32) }, { method: 'GET' });
    assert.equal(wrong.status, 403);
    assert.match(wrong.json.error, /x-wxcloud-emulator-key/);
    const right = await raw(emu.url, '/_emulator/stats', { 'x-wxcloud-emulator-key': emu.controlKey }, { method: 'GET' });
    assert.equal(right.status, 200);
    assert.equal(typeof right.json.requests, 'number');
  });

  it('makes its secrets per start: one start’s secrets open nothing in another', async () => {
    const other = await start();
    try {
      const a = emu.credentials;
      const b = other.credentials;
      for (const k of ['secret', 'component_appsecret', 'component_verify_ticket', 'authorizer_refresh_token'] as const) assert.notEqual(a[k], b[k], k);
      assert.notEqual(emu.controlKey, other.controlKey);
      assert.match(a.secret, /^[0-9a-f]{32}$/);
      assert.equal(emu.authorizers.filter((x) => other.authorizers.some((y) => y.refresh_token === x.refresh_token)).length, 0);
      const stable = (secret: string) => call(other, 'cgi-bin/stable_token', {}, { grant_type: 'client_credential', appid: b.appid, secret });
      assert.equal((await stable(a.secret)).json.errcode, 40125);
      assert.ok((await stable(b.secret)).json.access_token);
      const component = (c: typeof a) =>
        call(other, 'cgi-bin/component/api_component_token', {}, { component_appid: c.component_appid, component_appsecret: c.component_appsecret, component_verify_ticket: b.component_verify_ticket });
      assert.equal((await component(a)).json.errcode, 40125);
      assert.ok((await component(b)).json.component_access_token);
      const refresh = await call(other, 'cgi-bin/component/api_authorizer_token', { component_access_token: b.component_access_token }, { component_appid: b.component_appid, authorizer_appid: b.appid, authorizer_refresh_token: a.authorizer_refresh_token });
      assert.equal(refresh.json.errcode, 61023);
      const ctl = await raw(other.url, '/_emulator/stats', { 'x-wxcloud-emulator-key': emu.controlKey }, { method: 'GET' });
      assert.equal(ctl.status, 403);
    } finally {
      await other.close();
    }
  });
});

describe('emulator: the control path answers loopback peers only', function () {
  it('refuses a control request from a non-loopback address, even with a loopback Host and the key', async function () {
    const addr = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!addr) this.skip();
    const emu = await start({ host: '0.0.0.0' });
    try {
      const port = new URL(emu.url).port;
      const headers = { host: `127.0.0.1:${port}`, 'x-wxcloud-emulator-key': emu.controlKey };
      const remote = await raw(`http://${addr}:${port}`, '/_emulator/stats', headers, { method: 'GET' });
      assert.equal(remote.status, 403);
      assert.match(remote.json.error, /loopback only/);
      const byName = await raw(`http://${addr}:${port}`, '/tcb/listfunctions', {}, {});
      assert.equal(byName.status, 403, 'the API refuses a non-loopback Host');
      const local = await raw(`http://127.0.0.1:${port}`, '/_emulator/stats', headers, { method: 'GET' });
      assert.equal(local.status, 200);
    } finally {
      await emu.close();
    }
  });

  it('says so when it listens on an address its clients cannot use as Host', async function () {
    const addr = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!addr) this.skip();
    const lines: string[] = [];
    const emu = await start({ host: addr, log: (l) => lines.push(l) });
    try {
      assert.equal((await raw(emu.url, '/tcb/listfunctions', {})).status, 403);
      assert.deepEqual(lines, [`emulator: listening on ${addr}, but it answers only requests addressed to localhost, 127.x.x.x or [::1]`]);
    } finally {
      await emu.close();
    }
  });
});
