// The platform's own reads: mini programs by name (api_get_authorizer_info) and the functions
// of the platform's environments (componenttcb/getscflist), with WeChat's errcodes.
import * as assert from 'node:assert/strict';
import type { RunningEmulator } from '../../../src/emulator/index';
import { parseArgs } from '../../../src/emulator/cli';
import { DEMO_DIR, DEMO_ENV, RID, call, start } from './helpers';

describe('emulator: platform reads', function () {
  let emu: RunningEmulator;
  before(async () => {
    emu = await start({ projectDir: DEMO_DIR, synthetic: { authorizers: 300 } });
  });
  after(() => emu.close());

  const comp = () => ({ component_access_token: emu.credentials.component_access_token });
  const info = (authorizer_appid: unknown, component_appid: unknown = emu.credentials.component_appid) =>
    call(emu, 'cgi-bin/component/api_get_authorizer_info', comp(), { component_appid, authorizer_appid });

  it('names every authorized mini program, built-in and synthetic', async () => {
    const own = await info(emu.credentials.appid);
    assert.equal(own.json.errcode, 0);
    assert.equal(own.json.authorizer_info.nick_name, '云开发演示');
    assert.equal(own.json.authorizer_info.principal_name, '深圳市演示科技有限公司');
    assert.equal(own.json.authorization_info.authorizer_appid, emu.credentials.appid);
    const list = await call(emu, 'cgi-bin/component/api_get_authorizer_list', comp(), { component_appid: emu.credentials.component_appid, offset: 250, count: 500 });
    assert.equal(list.json.total_count, 304);
    assert.equal(list.json.list.length, 54);
    const last = list.json.list.at(-1).authorizer_appid as string;
    const named = await info(last);
    assert.match(named.json.authorizer_info.nick_name, / 0299$/);
  });

  it('synthetic mini programs vary: some without cloud development, some listed without a refresh token', async () => {
    const list = await call(emu, 'cgi-bin/component/api_get_authorizer_list', comp(), { component_appid: emu.credentials.component_appid, offset: 4, count: 300 });
    const hidden = list.json.list.filter((a: { refresh_token?: string }) => a.refresh_token === undefined);
    assert.equal(hidden.length, 43);
    const appid = (i: number) => list.json.list[i].authorizer_appid as string;
    // The 3rd synthetic one has no cloud development: its token is refused with 85088.
    const token = async (a: string) => {
      const t = await call(emu, 'cgi-bin/component/api_authorizer_token', comp(), {
        component_appid: emu.credentials.component_appid,
        authorizer_appid: a,
        authorizer_refresh_token: (await info(a)).json.authorization_info.authorizer_refresh_token,
      });
      return t.json.authorizer_access_token as string;
    };
    const noCloud = await call(emu, 'tcb/getenvinfo', { access_token: await token(appid(3)) }, {});
    assert.equal(noCloud.json.errcode, 85088);
    const cloud = await call(emu, 'tcb/getenvinfo', { access_token: await token(appid(0)) }, {});
    assert.equal(cloud.json.info_list.length, 1);
    // Their environments are their own: the platform's describeenvs does not list them.
    const platform = await call(emu, 'componenttcb/describeenvs', comp(), {});
    assert.ok(!platform.json.info_list.some((e: { env: string }) => e.env === cloud.json.info_list[0].env));
  });

  it('refuses a missing or unknown appid, another component and another kind of token', async () => {
    const missing = await info(undefined);
    assert.equal(missing.json.errcode, 40101);
    const unknown = await info('wx0000000000000000');
    assert.equal(unknown.json.errcode, 61003);
    assert.match(unknown.json.errmsg, RID);
    const other = await info(emu.credentials.appid, 'wx1111111111111111');
    assert.equal(other.json.errcode, 40013);
    const wrongKind = await call(emu, 'cgi-bin/component/api_get_authorizer_info', { access_token: emu.credentials.authorizer_access_token }, { component_appid: emu.credentials.component_appid, authorizer_appid: emu.credentials.appid });
    assert.equal(wrongKind.json.errcode, 40014);
  });

  const scf = (body: Record<string, unknown>) => call(emu, 'componenttcb/getscflist', comp(), body);

  it('lists a platform environment’s functions by page, 20 by default, with status_reason', async () => {
    const first = await scf({ env: 'shop-prod-4f5a6b' });
    assert.equal(first.json.errcode, 0);
    assert.equal(first.json.total_count, 4);
    assert.deepEqual(
      first.json.functions.map((f: { function_name: string }) => f.function_name),
      ['getGoods', 'createOrder', 'syncStock', 'echo'],
    );
    assert.equal(first.json.functions[0].status_reason, '');
    const second = await scf({ env: 'shop-prod-4f5a6b', offset: 2, limit: 1 });
    assert.deepEqual(
      second.json.functions.map((f: { function_name: string }) => f.function_name),
      ['syncStock'],
    );
    const project = await scf({ env: DEMO_ENV, limit: 100 });
    assert.ok(project.json.total_count > 0, 'the workspace’s functions are the project environment’s');
  });

  it('searchkey filters by part of the name, ignoring case, and the total counts the matches', async () => {
    const r = await scf({ env: 'shop-prod-4f5a6b', searchkey: 'ORD' });
    assert.equal(r.json.total_count, 1);
    assert.equal(r.json.functions[0].function_name, 'createOrder');
    const none = await scf({ env: 'shop-prod-4f5a6b', searchkey: 'zzz' });
    assert.deepEqual([none.json.total_count, none.json.functions], [0, []]);
  });

  it('getscflist errcodes: env missing, bad limit, unknown env, another token kind', async () => {
    assert.equal((await scf({})).json.errcode, 40101);
    assert.equal((await scf({ env: DEMO_ENV, limit: 0 })).json.errcode, 40097);
    assert.equal((await scf({ env: DEMO_ENV, searchkey: 3 })).json.errcode, 40097);
    assert.equal((await scf({ env: 'nope-000000' })).json.errcode, -501000);
    const wrongKind = await call(emu, 'componenttcb/getscflist', { access_token: emu.credentials.authorizer_access_token }, { env: DEMO_ENV });
    assert.equal(wrongKind.json.errcode, 40014);
  });

  it('invokes a platform environment’s function with the component token', async () => {
    const r = await call(emu, 'tcb/invokecloudfunction', { access_token: emu.credentials.component_access_token, env: 'shop-prod-4f5a6b', name: 'getGoods' }, {});
    assert.equal(r.json.errcode, 0);
    assert.equal(JSON.parse(r.json.resp_data).goods.length, 3);
  });

  it('--authorizers N is the synthetic authorizers option', () => {
    assert.deepEqual(parseArgs(['--authorizers', '300']).synthetic, { authorizers: 300 });
  });
});
