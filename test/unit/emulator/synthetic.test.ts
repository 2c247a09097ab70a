// Generated data at scale for benchmarks: thousands of functions and authorizers stay fast.
import * as assert from 'node:assert/strict';
import type { RunningEmulator } from '../../../src/emulator/index';
import { call, start } from './helpers';

describe('emulator: synthetic data', function () {
  let emu: RunningEmulator;
  before(async () => {
    emu = await start({ synthetic: { authorizers: 1200, envs: 3, functions: 5000 } });
  });
  after(() => emu.close());

  it('adds synthetic envs to the project mini program', async () => {
    assert.equal(emu.envs.length, 4);
    const r = await call(emu, 'tcb/getenvinfo', { access_token: emu.credentials.authorizer_access_token }, {});
    assert.deepEqual(
      r.json.info_list.map((e: { env: string }) => e.env),
      emu.envs,
    );
  });

  it('pages 5000 functions by offset/limit', async () => {
    const env = emu.envs[1];
    const names = new Set<string>();
    for (let offset = 0; ; offset += 100) {
      const r = await call(emu, 'tcb/listfunctions', { access_token: emu.credentials.authorizer_access_token }, { env, limit: 100, offset });
      assert.equal(r.json.total_count, 5000);
      if (r.json.functions.length === 0) break;
      for (const f of r.json.functions) names.add(f.name);
    }
    assert.equal(names.size, 5000);
    assert.ok(names.has('fn_00000') && names.has('fn_04999'));
  });

  it('a page past the end is empty; a synthetic function invokes the built-in echo', async () => {
    const env = emu.envs[2];
    const r = await call(emu, 'tcb/listfunctions', { access_token: emu.credentials.authorizer_access_token }, { env, limit: 10, offset: 5000 });
    assert.deepEqual(r.json.functions, []);
    const inv = await call(emu, 'tcb/invokecloudfunction', { access_token: emu.credentials.access_token, env, name: 'fn_01234' }, { n: 1 });
    assert.deepEqual(JSON.parse(inv.json.resp_data), { event: { n: 1, userInfo: { appId: emu.credentials.appid } } });
    assert.equal(emu.stats().coldStarts, 0);
    const trig = await call(emu, 'componenttcb/gettriggers', { access_token: emu.credentials.component_access_token }, { env, funcname: 'fn_00010' });
    assert.equal(trig.json.triggers.length, 1);
  });

  it('pages 1204 authorizers by 500', async () => {
    const c = emu.credentials;
    const seen: string[] = [];
    for (let offset = 0; offset < 2000; offset += 500) {
      const r = await call(emu, 'cgi-bin/component/api_get_authorizer_list', { component_access_token: c.component_access_token }, { component_appid: c.component_appid, offset, count: 500 });
      assert.equal(r.json.total_count, 1204);
      seen.push(...r.json.list.map((a: { authorizer_appid: string }) => a.authorizer_appid));
    }
    assert.equal(new Set(seen).size, 1204);
    assert.ok(seen.every((a) => /^wx[0-9a-f]{16}$/.test(a)));
  });
});
