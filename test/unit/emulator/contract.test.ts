// Each seed's sample request, sent as the seed shows it, answered in the seed's shape.
// The seeds name envs and functions of their own (test-777bb9, openapi, testfunc): the
// emulator serves a project laid out with exactly those.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunningEmulator } from '../../../src/emulator/index';
import { call, copyDemo, start } from './helpers';

const SEED_OPENAPI = [
  'wxacode.get',
  'wxacode.getUnlimited',
  'templateMessage.send',
  'templateMessage.addTemplate',
  'templateMessage.deleteTemplate',
  'templateMessage.getTemplateList',
  'templateMessage.getTemplateLibraryById',
  'templateMessage.getTemplateLibraryList',
];
const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** The demo project, re-pointed at the seeds' env with the seeds' functions. */
function seedProject(env: string): string {
  const dir = copyDemo();
  fs.writeFileSync(path.join(dir, 'cloudbaserc.json'), JSON.stringify({ envId: env }));
  const fn = (name: string, config: unknown) => {
    const d = path.join(dir, 'cloudfunctions', name);
    fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(d, 'index.js'), 'exports.main = async (event) => event;\n');
    fs.writeFileSync(path.join(d, 'config.json'), JSON.stringify(config));
  };
  fn('openapi', { permissions: { openapi: SEED_OPENAPI } });
  fn('testfunc', { triggers: [{ name: 'myTrigger', type: 'timer', config: '0 0 2 1 * * *' }] });
  return dir;
}

describe('emulator: seed contracts', function () {
  let emu: RunningEmulator;
  let dirs: string[];
  before(async () => {
    dirs = [seedProject('test-777bb9')];
    emu = await start({ projectDir: dirs[0] });
  });
  after(async () => {
    await emu.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('seed 000 gettriggers: triggers[] {trigger_name, config, type}', async () => {
    const r = await call(emu, 'componenttcb/gettriggers', { access_token: emu.credentials.component_access_token }, { funcname: 'testfunc', env: 'test-777bb9' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { errcode: 0, errmsg: 'ok', triggers: [{ trigger_name: 'myTrigger', config: '0 0 2 1 * * *', type: 'timer' }] });
  });

  it('seed 001 getfuncconfig type 1: config is a JSON string of the permissions', async () => {
    const r = await call(emu, 'tcb/getfuncconfig', { access_token: emu.credentials.authorizer_access_token }, { type: 1, env: 'test-777bb9', function_name: 'openapi' });
    assert.equal(r.json.errcode, 0);
    assert.equal(r.json.errmsg, 'ok');
    assert.equal(typeof r.json.config, 'string');
    assert.deepEqual(JSON.parse(r.json.config), { permissions: { openapi: SEED_OPENAPI } });
  });

  it('seed 002 listfunctions: total_count and functions[] {mod_time, add_time, runtime, name, status}', async () => {
    const r = await call(emu, 'tcb/listfunctions', { access_token: emu.credentials.authorizer_access_token }, { env: 'test-777bb9', limit: 20, offset: 0 });
    assert.equal(r.json.errcode, 0);
    assert.equal(r.json.total_count, 10);
    assert.deepEqual(
      r.json.functions.map((f: { name: string }) => f.name),
      ['dailyReport', 'fail', 'login', 'openapi', 'orderReport', 'orderStats', 'slow', 'sum', 'testfunc', 'todos'],
    );
    for (const f of r.json.functions) {
      assert.deepEqual(Object.keys(f).sort(), ['add_time', 'mod_time', 'name', 'runtime', 'status']);
      assert.match(f.add_time, TIME);
      assert.match(f.mod_time, TIME);
      assert.match(f.runtime, /^Nodejs\d+\.\d+$/);
      assert.equal(f.status, 'Active');
      assert.ok(f.add_time <= f.mod_time);
    }
  });

  it("seed 003 invokecloudfunction: curl -d '{}' …&name=login answers resp_data as in the example", async () => {
    const r = await call(emu, 'tcb/invokecloudfunction', { access_token: emu.credentials.access_token, env: 'test-777bb9', name: 'login' }, '{}');
    assert.equal(r.json.errcode, 0);
    assert.match(r.json.errmsg, /^ok rid: /);
    assert.equal(typeof r.json.resp_data, 'string');
    const appid = emu.credentials.appid;
    assert.equal(r.json.resp_data, JSON.stringify({ event: { userInfo: { appId: appid } }, appid }));
  });

  it('seed 004 describestaticstore: data[] {env, domain, bucket, region, status}', async () => {
    const r = await call(emu, 'componenttcb/describestaticstore', { access_token: emu.credentials.component_access_token }, { env: 'test-777bb9' });
    assert.equal(r.json.errcode, 0);
    assert.equal(r.json.Data, undefined);
    assert.equal(r.json.data.length, 1);
    const site = r.json.data[0];
    assert.deepEqual(Object.keys(site).sort(), ['bucket', 'domain', 'env', 'region', 'status']);
    assert.equal(site.env, 'test-777bb9');
    assert.match(site.domain, /^test-777bb9-\d+\.tcloudbaseapp\.com$/);
    assert.match(site.bucket, /^[0-9a-f]{4}-static-test-777bb9-\d+$/);
    assert.equal(site.region, 'ap-shanghai');
    assert.equal(site.status, 'online');
  });
});

describe('emulator: the rest of the API on the demo project', function () {
  let emu: RunningEmulator;
  before(async () => {
    emu = await start();
  });
  after(() => emu.close());

  it('reads the demo project: appid, env and credentials', () => {
    assert.equal(emu.credentials.appid, 'wx7d3c9a1b5e2f4068');
    assert.deepEqual(emu.envs, ['demo-env-1a2b3c']);
    for (const k of ['secret', 'component_appid', 'component_appsecret', 'component_verify_ticket', 'access_token', 'authorizer_access_token', 'component_access_token', 'authorizer_refresh_token'] as const) {
      assert.ok(emu.credentials[k].length > 10, k);
    }
    assert.match(emu.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('getenvinfo lists the mini program’s own envs with the documented fields', async () => {
    const r = await call(emu, 'tcb/getenvinfo', { access_token: emu.credentials.authorizer_access_token }, {});
    assert.equal(r.json.errcode, 0);
    assert.deepEqual(r.json.info_list, [
      { env: 'demo-env-1a2b3c', alias: 'demo-env', status: 'NORMAL', create_time: '2024-03-05 10:02:11', update_time: '2025-01-18 16:40:07', package_id: 'baas_basic', package_name: '基础版' },
    ]);
    const one = await call(emu, 'tcb/getenvinfo', { access_token: emu.credentials.authorizer_access_token }, { env: 'demo-env-1a2b3c' });
    assert.equal(one.json.info_list.length, 1);
  });

  it('describeenvs lists every platform env, one HALTED, with dbinstance_id and bucket_id', async () => {
    const r = await call(emu, 'componenttcb/describeenvs', { access_token: emu.credentials.component_access_token }, {});
    assert.equal(r.json.errcode, 0);
    const envs = r.json.info_list as Array<Record<string, string>>;
    assert.deepEqual(
      envs.map((e) => e.env),
      ['demo-env-1a2b3c', 'shop-prod-4f5a6b', 'shop-test-7c8d9e', 'blog-5e6f7a', 'blog-old-1b2c3d'],
    );
    assert.deepEqual(envs.filter((e) => e.status === 'HALTED').map((e) => e.env), ['blog-old-1b2c3d']);
    for (const e of envs) {
      assert.match(e.dbinstance_id, /^tnt-[0-9a-f]+$/);
      assert.ok(e.bucket_id.includes(e.env));
      assert.match(e.create_time, TIME);
    }
  });

  it('getfuncconfig type 2 and 3: timer triggers and the environment config', async () => {
    const t = emu.credentials.authorizer_access_token;
    const two = await call(emu, 'tcb/getfuncconfig', { access_token: t }, { type: 2, env: 'demo-env-1a2b3c', function_name: 'dailyReport' });
    assert.deepEqual(JSON.parse(two.json.config), { triggers: [{ name: 'dailyReportTimer', type: 'timer', config: '0 0 2 * * * *' }] });
    const three = await call(emu, 'tcb/getfuncconfig', { access_token: t }, { type: 3, env: 'demo-env-1a2b3c', function_name: 'sum' });
    assert.deepEqual(JSON.parse(three.json.config), {
      timeout: 5,
      environment: [
        { key: 'GREETING', value: 'hello' },
        { key: 'API_KEY', value: 'demo-not-a-secret' },
      ],
    });
    const defaults = await call(emu, 'tcb/getfuncconfig', { access_token: t }, { type: 3, env: 'demo-env-1a2b3c', function_name: 'login' });
    assert.deepEqual(JSON.parse(defaults.json.config), { timeout: 3, environment: [] });
    const one = await call(emu, 'tcb/getfuncconfig', { access_token: t }, { type: 1, env: 'demo-env-1a2b3c', function_name: 'dailyReport' });
    assert.deepEqual(JSON.parse(one.json.config), { permissions: { openapi: ['subscribeMessage.send', 'wxacode.getUnlimited'] } });
  });

  it('listfunctions takes runtime from package.json engines, default Nodejs16.13', async () => {
    const r = await call(emu, 'tcb/listfunctions', { access_token: emu.credentials.authorizer_access_token }, { env: 'demo-env-1a2b3c', limit: 2, offset: 0 });
    assert.equal(r.json.total_count, 8);
    assert.deepEqual(
      r.json.functions.map((f: { name: string; runtime: string }) => [f.name, f.runtime]),
      [
        ['dailyReport', 'Nodejs18.15'],
        ['fail', 'Nodejs16.13'],
      ],
    );
  });

  it('stable_token hands out the same token while valid; force_refresh replaces it', async () => {
    const body = { grant_type: 'client_credential', appid: emu.credentials.appid, secret: emu.credentials.secret, force_refresh: false };
    const a = await call(emu, 'cgi-bin/stable_token', {}, body);
    const b = await call(emu, 'cgi-bin/stable_token', {}, body);
    assert.equal(a.json.access_token, emu.credentials.access_token);
    assert.equal(b.json.access_token, a.json.access_token);
    assert.ok(a.json.expires_in > 7000 && a.json.expires_in <= 7200);
    assert.equal(a.json.errcode, undefined);
    const forced = await call(emu, 'cgi-bin/stable_token', {}, { ...body, force_refresh: true });
    assert.notEqual(forced.json.access_token, a.json.access_token);
    const old = await call(emu, 'tcb/invokecloudfunction', { access_token: a.json.access_token, env: 'demo-env-1a2b3c', name: 'login' }, {});
    assert.equal(old.json.errcode, 40014);
    const fresh = await call(emu, 'tcb/getenvinfo', { access_token: forced.json.access_token }, {});
    assert.equal(fresh.json.errcode, 40014, 'an mp token does not list envs by default');
  });

  it('component token from the verify ticket, then authorizer tokens for each authorized mini program', async () => {
    const c = emu.credentials;
    const comp = await call(emu, 'cgi-bin/component/api_component_token', {}, { component_appid: c.component_appid, component_appsecret: c.component_appsecret, component_verify_ticket: c.component_verify_ticket });
    assert.match(comp.json.component_access_token, /\S{40,}/);
    assert.equal(comp.json.expires_in, 7200);
    const list = await call(emu, 'cgi-bin/component/api_get_authorizer_list', { component_access_token: comp.json.component_access_token }, { component_appid: c.component_appid, offset: 0, count: 500 });
    assert.equal(list.json.total_count, 4);
    const apps = list.json.list as Array<{ authorizer_appid: string; refresh_token?: string; auth_time: number }>;
    assert.equal(apps[0].authorizer_appid, c.appid);
    assert.equal(apps[0].refresh_token, c.authorizer_refresh_token);
    assert.equal(apps.filter((a) => a.refresh_token === undefined).length, 1, 'one authorizer comes without its refresh_token');
    const shop = emu.authorizers.find((a) => a.envs.includes('shop-prod-4f5a6b'))!;
    const auth = await call(emu, 'cgi-bin/component/api_authorizer_token', { component_access_token: comp.json.component_access_token }, { component_appid: c.component_appid, authorizer_appid: shop.appid, authorizer_refresh_token: shop.refresh_token });
    assert.equal(auth.json.authorizer_refresh_token, shop.refresh_token);
    const fns = await call(emu, 'tcb/listfunctions', { access_token: auth.json.authorizer_access_token }, { env: 'shop-prod-4f5a6b', limit: 10, offset: 0 });
    assert.deepEqual(
      fns.json.functions.map((f: { name: string }) => f.name),
      ['getGoods', 'createOrder', 'syncStock', 'echo'],
    );
    const goods = await call(emu, 'tcb/invokecloudfunction', { access_token: auth.json.authorizer_access_token, env: 'shop-prod-4f5a6b', name: 'getGoods' }, {});
    assert.equal(JSON.parse(goods.json.resp_data).goods.length, 3);
    const envs = await call(emu, 'tcb/getenvinfo', { access_token: auth.json.authorizer_access_token }, {});
    assert.deepEqual(
      envs.json.info_list.map((e: { env: string }) => e.env),
      ['shop-prod-4f5a6b', 'shop-test-7c8d9e'],
    );
  });

  it('authorizer list pages with offset and count', async () => {
    const c = emu.credentials;
    const page = await call(emu, 'cgi-bin/component/api_get_authorizer_list', { access_token: c.component_access_token }, { component_appid: c.component_appid, offset: 3, count: 2 });
    assert.equal(page.json.total_count, 4);
    assert.equal(page.json.list.length, 1);
  });
});
