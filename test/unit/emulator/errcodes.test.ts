// One test per errcode path of the seeds (and of the token endpoints around them).
import * as assert from 'node:assert/strict';
import type { RunningEmulator } from '../../../src/emulator/index';
import { call, DEMO_ENV, ManualClock, RID, start, type Answer } from './helpers';

function expectErr(r: Answer, errcode: number, detail?: RegExp): void {
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json?.errcode, errcode, r.text);
  assert.match(r.json.errmsg, RID);
  if (detail) assert.match(r.json.errmsg, detail);
}

const LIST = { env: DEMO_ENV, limit: 20, offset: 0 };

describe('emulator: errcodes', function () {
  let emu: RunningEmulator;
  let auth: string;
  let comp: string;
  let mp: string;
  before(async () => {
    emu = await start();
    ({ authorizer_access_token: auth, component_access_token: comp, access_token: mp } = emu.credentials);
  });
  after(() => emu.close());

  it('41001 when the token is missing', async () => {
    expectErr(await call(emu, 'tcb/listfunctions', {}, LIST), 41001, /^access_token missing/);
    expectErr(await call(emu, 'tcb/invokecloudfunction', { env: DEMO_ENV, name: 'sum' }, {}), 41001);
  });

  it('40014 for a token the emulator never issued', async () => {
    expectErr(await call(emu, 'tcb/listfunctions', { access_token: 'not-a-token' }, LIST), 40014, /^invalid access_token/);
  });

  it('40014 for a valid token of a kind the endpoint does not take', async () => {
    expectErr(await call(emu, 'tcb/listfunctions', { access_token: mp }, LIST), 40014, /authorizer_access_token/);
    expectErr(await call(emu, 'tcb/getfuncconfig', { access_token: mp }, { type: 3, env: DEMO_ENV, function_name: 'sum' }), 40014);
    expectErr(await call(emu, 'tcb/getenvinfo', { access_token: mp }, {}), 40014);
    expectErr(await call(emu, 'tcb/listfunctions', { access_token: comp }, LIST), 40014);
    expectErr(await call(emu, 'componenttcb/gettriggers', { access_token: auth }, { env: DEMO_ENV, funcname: 'dailyReport' }), 40014, /component_access_token/);
    expectErr(await call(emu, 'componenttcb/describestaticstore', { access_token: mp }, { env: DEMO_ENV }), 40014);
    expectErr(await call(emu, 'componenttcb/describeenvs', { access_token: auth }, {}), 40014);
  });

  it('invoke takes all three kinds; component calls also read component_access_token=', async () => {
    for (const t of [mp, auth, comp]) {
      const r = await call(emu, 'tcb/invokecloudfunction', { access_token: t, env: DEMO_ENV, name: 'login' }, {});
      assert.equal(r.json.errcode, 0, r.text);
    }
    const r = await call(emu, 'componenttcb/gettriggers', { component_access_token: comp }, { env: DEMO_ENV, funcname: 'dailyReport' });
    assert.equal(r.json.errcode, 0);
    assert.equal(r.json.triggers.length, 1);
  });

  it('43002 for a GET', async () => {
    expectErr(await call(emu, 'tcb/listfunctions', { access_token: auth }, undefined, 'GET'), 43002, /^require POST method/);
  });

  it('44002 for an empty body', async () => {
    expectErr(await call(emu, 'tcb/invokecloudfunction', { access_token: mp, env: DEMO_ENV, name: 'sum' }, ''), 44002, /^empty post data/);
    expectErr(await call(emu, 'componenttcb/describestaticstore', { access_token: comp }, undefined), 44002);
  });

  it('47001 for a body that is not JSON (or not an object where parameters are expected)', async () => {
    expectErr(await call(emu, 'tcb/listfunctions', { access_token: auth }, 'env=demo'), 47001, /^data format error/);
    expectErr(await call(emu, 'tcb/invokecloudfunction', { access_token: mp, env: DEMO_ENV, name: 'sum' }, '{"a":1,'), 47001);
    expectErr(await call(emu, 'tcb/listfunctions', { access_token: auth }, '[1,2]'), 47001);
  });

  it('40101 for each missing parameter', async () => {
    expectErr(await call(emu, 'tcb/listfunctions', { access_token: auth }, { limit: 20, offset: 0 }), 40101, /^missing parameter: env/);
    expectErr(await call(emu, 'tcb/listfunctions', { access_token: auth }, { env: DEMO_ENV, offset: 0 }), 40101, /limit/);
    expectErr(await call(emu, 'tcb/getfuncconfig', { access_token: auth }, { env: DEMO_ENV, function_name: 'sum' }), 40101, /type/);
    expectErr(await call(emu, 'tcb/getfuncconfig', { access_token: auth }, { type: 1, env: DEMO_ENV }), 40101, /function_name/);
    expectErr(await call(emu, 'componenttcb/gettriggers', { access_token: comp }, { env: DEMO_ENV }), 40101, /funcname/);
    expectErr(await call(emu, 'componenttcb/describestaticstore', { access_token: comp }, {}), 40101, /env/);
    expectErr(await call(emu, 'tcb/invokecloudfunction', { access_token: mp, env: DEMO_ENV }, {}), 40101, /name/);
    expectErr(await call(emu, 'tcb/invokecloudfunction', { access_token: mp, name: 'sum' }, {}), 40101, /env/);
  });

  it('40097 for invalid arguments', async () => {
    expectErr(await call(emu, 'tcb/getfuncconfig', { access_token: auth }, { type: 4, env: DEMO_ENV, function_name: 'sum' }), 40097, /^invalid args: type must be 1, 2 or 3/);
    expectErr(await call(emu, 'tcb/getfuncconfig', { access_token: auth }, { type: '1', env: DEMO_ENV, function_name: 'sum' }), 40097);
    expectErr(await call(emu, 'tcb/listfunctions', { access_token: auth }, { ...LIST, limit: 0 }), 40097, /limit/);
    expectErr(await call(emu, 'tcb/listfunctions', { access_token: auth }, { ...LIST, limit: '20' }), 40097, /limit/);
    expectErr(await call(emu, 'tcb/listfunctions', { access_token: auth }, { ...LIST, offset: -1 }), 40097, /offset/);
    expectErr(await call(emu, 'tcb/listfunctions', { access_token: auth }, { ...LIST, env: 42 }), 40097, /env/);
    const c = emu.credentials;
    expectErr(await call(emu, 'cgi-bin/component/api_get_authorizer_list', { access_token: comp }, { component_appid: c.component_appid, offset: 0, count: 501 }), 40097, /count/);
  });

  it('85088 for a mini program that has not enabled cloud development', async () => {
    const c = emu.credentials;
    const noCloud = emu.authorizers.find((a) => !a.cloud)!;
    const t = await call(emu, 'cgi-bin/component/api_authorizer_token', { component_access_token: comp }, { component_appid: c.component_appid, authorizer_appid: noCloud.appid, authorizer_refresh_token: noCloud.refresh_token });
    const token = t.json.authorizer_access_token as string;
    assert.ok(token);
    expectErr(await call(emu, 'tcb/listfunctions', { access_token: token }, LIST), 85088, /^no qbase privilege/);
    expectErr(await call(emu, 'tcb/getenvinfo', { access_token: token }, {}), 85088);
    expectErr(await call(emu, 'tcb/invokecloudfunction', { access_token: token, env: DEMO_ENV, name: 'sum' }, {}), 85088);
  });

  it('85089 for a config the function does not have', async () => {
    expectErr(await call(emu, 'tcb/getfuncconfig', { access_token: auth }, { type: 2, env: DEMO_ENV, function_name: 'sum' }), 85089, /^config not found/);
    expectErr(await call(emu, 'tcb/getfuncconfig', { access_token: auth }, { type: 1, env: DEMO_ENV, function_name: 'fail' }), 85089);
  });

  it('-501000 for an unknown env, another mini program’s env, or a HALTED env', async () => {
    expectErr(await call(emu, 'tcb/listfunctions', { access_token: auth }, { ...LIST, env: 'nope-000000' }), -501000, /nope-000000/);
    expectErr(await call(emu, 'tcb/listfunctions', { access_token: auth }, { ...LIST, env: 'shop-prod-4f5a6b' }), -501000);
    expectErr(await call(emu, 'tcb/getenvinfo', { access_token: auth }, { env: 'shop-prod-4f5a6b' }), -501000);
    expectErr(await call(emu, 'tcb/invokecloudfunction', { access_token: mp, env: 'nope-000000', name: 'sum' }, {}), -501000);
    expectErr(await call(emu, 'componenttcb/describestaticstore', { access_token: comp }, { env: 'nope-000000' }), -501000);
    expectErr(await call(emu, 'tcb/invokecloudfunction', { access_token: comp, env: 'blog-old-1b2c3d', name: 'echo' }, {}), -501000, /HALTED/);
  });

  it('-501009 for an unknown function', async () => {
    expectErr(await call(emu, 'tcb/invokecloudfunction', { access_token: mp, env: DEMO_ENV, name: 'nope' }, {}), -501009, /nope/);
    expectErr(await call(emu, 'tcb/getfuncconfig', { access_token: auth }, { type: 3, env: DEMO_ENV, function_name: 'nope' }), -501009);
    expectErr(await call(emu, 'componenttcb/gettriggers', { access_token: comp }, { env: DEMO_ENV, funcname: 'nope' }), -501009);
  });

  it('stable_token: 40125 wrong secret, 40013 unknown appid, 41002/41004/40002 missing or bad fields', async () => {
    const base = { grant_type: 'client_credential', appid: emu.credentials.appid, secret: emu.credentials.secret };
    expectErr(await call(emu, 'cgi-bin/stable_token', {}, { ...base, secret: '0'.repeat(32) }), 40125, /^invalid appsecret/);
    expectErr(await call(emu, 'cgi-bin/stable_token', {}, { ...base, appid: 'wx0000000000000000' }), 40013);
    expectErr(await call(emu, 'cgi-bin/stable_token', {}, { ...base, appid: undefined }), 41002);
    expectErr(await call(emu, 'cgi-bin/stable_token', {}, { ...base, secret: undefined }), 41004);
    expectErr(await call(emu, 'cgi-bin/stable_token', {}, { ...base, grant_type: 'password' }), 40002);
  });

  it('component and authorizer tokens: 61006 bad ticket, 61023 bad refresh token, 61003 unknown authorizer', async () => {
    const c = emu.credentials;
    expectErr(await call(emu, 'cgi-bin/component/api_component_token', {}, { component_appid: c.component_appid, component_appsecret: c.component_appsecret, component_verify_ticket: 'ticket@@@stale' }), 61006);
    expectErr(await call(emu, 'cgi-bin/component/api_component_token', {}, { component_appid: c.component_appid, component_appsecret: 'x', component_verify_ticket: c.component_verify_ticket }), 40125);
    const body = { component_appid: c.component_appid, authorizer_appid: c.appid, authorizer_refresh_token: 'refreshtoken@@@wrong' };
    expectErr(await call(emu, 'cgi-bin/component/api_authorizer_token', { component_access_token: comp }, body), 61023);
    expectErr(await call(emu, 'cgi-bin/component/api_authorizer_token', { component_access_token: comp }, { ...body, authorizer_appid: 'wx0000000000000000' }), 61003);
    expectErr(await call(emu, 'cgi-bin/component/api_authorizer_token', { component_access_token: auth }, body), 40014);
  });

  it('every errmsg ends in a fresh rid, also sent as x-wxcloud-rid', async () => {
    const a = await call(emu, 'tcb/listfunctions', {}, LIST);
    const b = await call(emu, 'tcb/listfunctions', {}, LIST);
    const ridA = RID.exec(a.json.errmsg)![0];
    assert.notEqual(ridA, RID.exec(b.json.errmsg)![0]);
    assert.equal(` rid: ${a.headers.get('x-wxcloud-rid')}`, ridA);
  });

  it('an unknown path answers 404 with errcode 40066', async () => {
    const r = await call(emu, 'tcb/nosuchapi', { access_token: auth }, {});
    assert.equal(r.status, 404);
    assert.equal(r.json.errcode, 40066);
  });
});

describe('emulator: token lifetime', function () {
  it('42001 once a token has outlived --token-ttl; stable_token then gives a fresh one', async () => {
    const clock = new ManualClock();
    const emu = await start({ tokenTtlSeconds: 1, clock });
    try {
      clock.advance(999);
      const ok = await call(emu, 'tcb/listfunctions', { access_token: emu.credentials.authorizer_access_token }, LIST);
      assert.equal(ok.json.errcode, 0);
      clock.advance(1);
      expectErr(await call(emu, 'tcb/listfunctions', { access_token: emu.credentials.authorizer_access_token }, LIST), 42001, /^access_token expired/);
      expectErr(await call(emu, 'tcb/invokecloudfunction', { access_token: emu.credentials.access_token, env: DEMO_ENV, name: 'login' }, {}), 42001);
      const fresh = await call(emu, 'cgi-bin/stable_token', {}, { grant_type: 'client_credential', appid: emu.credentials.appid, secret: emu.credentials.secret });
      assert.notEqual(fresh.json.access_token, emu.credentials.access_token);
      assert.equal(fresh.json.expires_in, 1);
    } finally {
      await emu.close();
    }
  });

  it('mpCanList: the mini program’s own token may also list', async () => {
    const emu = await start({ mpCanList: true });
    try {
      const mp = emu.credentials.access_token;
      assert.equal((await call(emu, 'tcb/listfunctions', { access_token: mp }, LIST)).json.errcode, 0);
      assert.equal((await call(emu, 'tcb/getfuncconfig', { access_token: mp }, { type: 3, env: DEMO_ENV, function_name: 'sum' })).json.errcode, 0);
      assert.equal((await call(emu, 'tcb/getenvinfo', { access_token: mp }, {})).json.errcode, 0);
      expectErr(await call(emu, 'componenttcb/gettriggers', { access_token: mp }, { env: DEMO_ENV, funcname: 'dailyReport' }), 40014);
    } finally {
      await emu.close();
    }
  });
});
