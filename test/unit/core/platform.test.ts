// The platform's component-token reads (src/core/platform.ts) against the emulator over real
// HTTP, and the other spellings WeChat's pages show against a scripted server.
import assert from 'node:assert/strict';
import { WxCloudClient } from '../../../src/core/client';
import { ApiError } from '../../../src/core/errors';
import { getAuthorizerInfo, listAllPlatformFunctions, listPlatformFunctions } from '../../../src/core/platform';
import { createStaticTokenSource } from '../../../src/core/tokens/staticToken';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { sendJson, startServer, type ScriptedServer } from './helpers/scriptedServer';

describe('core/platform', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ log: () => {}, synthetic: { authorizers: 1200 } });
  });
  after(() => emu.close());

  const platform = (baseUrl = emu.url, token = emu.credentials.component_access_token) =>
    new WxCloudClient({ baseUrl, identity: 'platform', credentials: { component: createStaticTokenSource({ kind: 'component', token }) }, sleep: async () => undefined });

  it('getAuthorizerInfo: the name, the principal and the AppID, and nothing secret', async () => {
    const info = await getAuthorizerInfo(platform(), { componentAppid: emu.credentials.component_appid, authorizerAppid: emu.credentials.appid });
    assert.deepEqual(info, { appid: emu.credentials.appid, nickName: '云开发演示', principalName: '深圳市演示科技有限公司' });
  });

  it('getAuthorizerInfo: an appid that has not authorized the platform is an ApiError 61003', async () => {
    await assert.rejects(getAuthorizerInfo(platform(), { componentAppid: emu.credentials.component_appid, authorizerAppid: 'wx0000000000000000' }), (e: unknown) => e instanceof ApiError && e.code === 61003);
  });

  it('listAllAuthorizers reads 1204 mini programs in pages of 500, each once, in order', async () => {
    emu.resetStats();
    const page = await platform().listAllAuthorizers({ componentAppid: emu.credentials.component_appid });
    assert.equal(page.totalCount, 1204);
    assert.equal(page.list.length, 1204);
    assert.equal(new Set(page.list.map((a) => a.appid)).size, 1204);
    assert.equal(page.list[4]!.appid, 'wxf000000000000000');
    assert.equal(page.list[1203]!.appid, `wxf0${(1199).toString(16).padStart(14, '0')}`);
    assert.equal(emu.stats().byEndpoint['cgi-bin/component/api_get_authorizer_list'], 3);
  });

  it('listPlatformFunctions: offset, limit and searchkey go on the wire; status_reason is kept', async () => {
    const client = platform();
    const first = await listPlatformFunctions(client, { env: 'shop-prod-4f5a6b', limit: 2 });
    assert.equal(first.totalCount, 4);
    assert.deepEqual(first.functions.map((f) => f.name), ['getGoods', 'createOrder']);
    assert.equal(first.functions[0]!.runtime, 'Nodejs16.13');
    const next = await listPlatformFunctions(client, { env: 'shop-prod-4f5a6b', limit: 2, offset: 2 });
    assert.deepEqual(next.functions.map((f) => f.name), ['syncStock', 'echo']);
    const found = await listAllPlatformFunctions(client, { env: 'shop-prod-4f5a6b', searchKey: 'o', pageSize: 1 });
    assert.deepEqual(found.functions.map((f) => f.name), ['getGoods', 'createOrder', 'syncStock', 'echo']);
    const one = await listAllPlatformFunctions(client, { env: 'shop-prod-4f5a6b', searchKey: 'stock' });
    assert.deepEqual([one.totalCount, one.functions.map((f) => f.name)], [1, ['syncStock']]);
  });

  describe('other spellings', () => {
    let server: ScriptedServer;
    afterEach(() => server?.close());

    it('reads Functions/FunctionName/TotalCount/StatusReason as well, and sends the documented body', async () => {
      server = await startServer((_req, res) =>
        sendJson(res, { errcode: 0, TotalCount: 7, Functions: [{ FunctionName: 'a', Runtime: 'Nodejs16.13', Status: 'Creating', StatusReason: 'installing dependencies' }] }),
      );
      const page = await listPlatformFunctions(platform(server.url, 'COMPONENT'), { env: 'e1', searchKey: 'a' });
      assert.deepEqual(page, { totalCount: 7, functions: [{ name: 'a', runtime: 'Nodejs16.13', status: 'Creating', addTime: '', modTime: '', statusReason: 'installing dependencies' }] });
      assert.equal(server.requests[0]!.path, 'componenttcb/getscflist');
      assert.deepEqual(server.requests[0]!.body, { env: 'e1', offset: 0, limit: 20, searchkey: 'a' });
      assert.equal(server.requests[0]!.query.get('access_token'), 'COMPONENT');
    });

    it('an answer without names is still a profile: the AppID asked for, empty names', async () => {
      server = await startServer((_req, res) => sendJson(res, { errcode: 0, authorizer_info: 'unexpected' }));
      const info = await getAuthorizerInfo(platform(server.url, 'COMPONENT'), { componentAppid: 'wxc', authorizerAppid: 'wxa' });
      assert.deepEqual(info, { appid: 'wxa', nickName: '', principalName: '' });
    });
  });
});
