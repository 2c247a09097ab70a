import assert from 'node:assert/strict';
import { WxCloudClient, type ClientOptions, type Credentials } from '../../../src/core/client';
import { ENDPOINTS } from '../../../src/core/endpoints';
import { ApiError, CancelledError, InvalidInputError, InvokeMayHaveRunError, TokenKindError, TokenSourceError, describeError } from '../../../src/core/errors';
import { HttpTransport } from '../../../src/core/http';
import { MAX_EVENT_BYTES } from '../../../src/core/jsonEvent';
import { ReadCache } from '../../../src/core/readCache';
import { createStableTokenSource } from '../../../src/core/tokens/stableToken';
import { createStaticTokenSource } from '../../../src/core/tokens/staticToken';
import type { TokenSource } from '../../../src/core/tokens/tokenSource';
import type { TokenKind } from '../../../src/core/types';
import { Gate, hold, sendErrcode, sendJson, sendText, startServer, waitFor, type Handler, type ScriptedServer } from './helpers/scriptedServer';
import { LogCollector, assertNoSecrets, errorTexts, rejectionOf } from './helpers/secrets';

const SECRET = 'APPSECRET-client-0a1b2c3d4e5f';
const STATIC = 'STATIC-TOKEN-9z8y7x6w5v4u';

/** Routes by path; tokens minted by stable_token are MP-1, MP-2, … in order. */
function wechat(routes: Record<string, Handler>): Handler {
  let minted = 0;
  return (req, res, raw) => {
    if (req.path === 'cgi-bin/stable_token') return sendJson(res, { access_token: `MP-TOKEN-${++minted}-secretish`, expires_in: 7200 });
    const route = routes[req.path];
    if (!route) return sendJson(res, { errcode: 40097, errmsg: `no route ${req.path}` });
    return route(req, res, raw);
  };
}

describe('core/client', () => {
  let server: ScriptedServer;
  const log = new LogCollector();
  const seenErrors: unknown[] = [];
  afterEach(async () => {
    await server?.close();
  });
  after(() => {
    // Every error and log line any client test produced, searched for every secret used.
    const minted = Array.from({ length: 20 }, (_, i) => `MP-TOKEN-${i + 1}-secretish`);
    assertNoSecrets([...log.lines, ...seenErrors.flatMap(errorTexts), ...seenErrors.map((e) => describeError(e))], [SECRET, STATIC, ...minted]);
  });

  async function failure(promise: Promise<unknown>): Promise<unknown> {
    const error = await rejectionOf(promise);
    seenErrors.push(error);
    return error;
  }

  function client(kinds: Partial<Record<TokenKind, 'stable' | 'static'>>, extra: Partial<ClientOptions> = {}): WxCloudClient {
    const credentials: Credentials = {};
    for (const [kind, how] of Object.entries(kinds) as Array<[TokenKind, 'stable' | 'static']>) {
      credentials[kind] =
        how === 'static'
          ? createStaticTokenSource({ kind, token: STATIC })
          : refreshableSource(kind);
    }
    return new WxCloudClient({ baseUrl: server.url, identity: 'wxapp', credentials, logger: log, sleep: async () => undefined, ...extra });
  }
  /** A refreshable source of any kind that mints through the server's stable_token (MP-TOKEN-n). */
  function refreshableSource(kind: TokenKind): TokenSource {
    const stable = createStableTokenSource({ transport: new HttpTransport({ baseUrl: server.url, logger: log }), appid: 'wxapp', secret: SECRET });
    return { kind, refreshable: true, getToken: (options) => stable.getToken(options) };
  }
  const api = (path: string) => server.requests.filter((r) => r.path === path);
  const ok = (body: object) => ({ errcode: 0, errmsg: 'ok', ...body });

  describe('endpoints and normalisation', () => {
    it('getEnvInfo: {} or {env}, info_list normalised', async () => {
      server = await startServer(
        wechat({
          'tcb/getenvinfo': (_r, res) =>
            sendJson(res, ok({ info_list: [{ env: 'prod-1a', alias: 'prod', status: 'NORMAL', create_time: '2024-01-01', update_time: '2024-02-01', package_id: 'p1', package_name: 'Basic' }] })),
        }),
      );
      const c = client({ authorizer: 'stable' });
      const envs = await c.getEnvInfo();
      await c.getEnvInfo({ env: 'prod-1a' });
      assert.deepEqual(envs, [{ env: 'prod-1a', alias: 'prod', status: 'NORMAL', createTime: '2024-01-01', updateTime: '2024-02-01', packageId: 'p1', packageName: 'Basic' }]);
      assert.deepEqual(api('tcb/getenvinfo').map((r) => r.body), [{}, { env: 'prod-1a' }]);
      assert.equal(api('tcb/getenvinfo')[0]?.query.get('access_token'), 'MP-TOKEN-1-secretish');
    });

    it('describeEnvs: the platform environments with dbinstance_id and bucket_id', async () => {
      server = await startServer(wechat({ 'componenttcb/describeenvs': (_r, res) => sendJson(res, ok({ info_list: [{ env: 'b-1', alias: 'b', status: 'HALTED', dbinstance_id: 'db1', bucket_id: 'bk1' }] })) }));
      const envs = await client({ component: 'stable' }).describeEnvs();
      assert.deepEqual(envs, [{ env: 'b-1', alias: 'b', status: 'HALTED', dbInstanceId: 'db1', bucketId: 'bk1' }]);
      assert.deepEqual(api('componenttcb/describeenvs')[0]?.body, {});
    });

    it('listFunctions: sends {env, limit, offset}; reads runtime and run_time', async () => {
      server = await startServer(
        wechat({
          'tcb/listfunctions': (_r, res) =>
            sendJson(res, ok({ total_count: 2, functions: [
              { name: 'login', runtime: 'Nodejs8.9', status: 'Active', add_time: '2019-02-27 15:34:59', mod_time: '2019-06-21 15:23:54' },
              { name: 'old', run_time: 'Nodejs10.15', status: 'Active', add_time: 'a', mod_time: 'm' },
            ] })),
        }),
      );
      const page = await client({ authorizer: 'stable' }).listFunctions({ env: 'e1', limit: 5, offset: 10 });
      assert.deepEqual(api('tcb/listfunctions')[0]?.body, { env: 'e1', limit: 5, offset: 10 });
      assert.equal(page.totalCount, 2);
      assert.deepEqual(page.functions.map((f) => f.runtime), ['Nodejs8.9', 'Nodejs10.15']);
      assert.deepEqual(page.functions[0], { name: 'login', runtime: 'Nodejs8.9', status: 'Active', addTime: '2019-02-27 15:34:59', modTime: '2019-06-21 15:23:54' });
    });

    it('listAllFunctions: first page, then the rest concurrently within the limit, in order', async () => {
      const all = Array.from({ length: 45 }, (_, i) => ({ name: `fn${String(i).padStart(2, '0')}`, runtime: 'Nodejs16.13', status: 'Active', add_time: '', mod_time: '' }));
      let inFlight = 0;
      let maxInFlight = 0;
      const held: Array<{ offset: number; answer: () => void }> = [];
      server = await startServer(
        wechat({
          'tcb/listfunctions': (req, res) => {
            const { offset, limit } = req.body as { offset: number; limit: number };
            const answer = () => {
              inFlight--;
              sendJson(res, ok({ total_count: all.length, functions: all.slice(offset, offset + limit) }));
            };
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            if (offset === 0) return answer();
            // The later pages come two at a time; answer each pair last page first.
            held.push({ offset, answer });
            if (held.length < 2) return;
            for (const page of held.splice(0).sort((a, b) => b.offset - a.offset)) page.answer();
          },
        }),
      );
      const result = await client({ authorizer: 'stable' }).listAllFunctions({ env: 'e1', pageSize: 10, concurrency: 2 });
      assert.equal(result.totalCount, 45);
      assert.deepEqual(result.functions.map((f) => f.name), all.map((f) => f.name));
      assert.deepEqual(api('tcb/listfunctions').map((r) => (r.body as { offset: number }).offset).sort((a, b) => a - b), [0, 10, 20, 30, 40]);
      assert.equal(maxInFlight, 2);
    });

    it('listAllFunctions: steps by what the server gives when it caps the page size', async () => {
      const all = Array.from({ length: 7 }, (_, i) => ({ name: `f${i}` }));
      server = await startServer(
        wechat({ 'tcb/listfunctions': (req, res) => {
          const { offset } = req.body as { offset: number };
          sendJson(res, ok({ total_count: all.length, functions: all.slice(offset, offset + 3) }));
        } }),
      );
      const result = await client({ authorizer: 'stable' }).listAllFunctions({ env: 'e1', pageSize: 100 });
      assert.deepEqual(result.functions.map((f) => f.name), all.map((f) => f.name));
    });

    it('getFunctionConfig: sends {type, env, function_name}; parses the JSON string, keeps raw text', async () => {
      const config = '{"permissions":{"openapi":["wxacode.get"]}}';
      server = await startServer(
        wechat({ 'tcb/getfuncconfig': (req, res) => {
          const { type } = req.body as { type: number };
          if (type === 1) sendJson(res, ok({ config }));
          else if (type === 3) sendJson(res, ok({ config: 'not json {' }));
          else sendErrcode(res, 85089, 'config not found', 'rid-85089');
        } }),
      );
      const c = client({ authorizer: 'stable' });
      const parsed = await c.getFunctionConfig({ env: 'e1', functionName: 'openapi', type: 1 });
      assert.deepEqual(parsed, { type: 1, raw: config, parsed: true, value: { permissions: { openapi: ['wxacode.get'] } } });
      assert.deepEqual(api('tcb/getfuncconfig')[0]?.body, { type: 1, env: 'e1', function_name: 'openapi' });
      assert.deepEqual(await c.getFunctionConfig({ env: 'e1', functionName: 'x', type: 3 }), { type: 3, raw: 'not json {', parsed: false, value: 'not json {' });
      const missing = await failure(c.getFunctionConfig({ env: 'e1', functionName: 'x', type: 2 }));
      assert.ok(missing instanceof ApiError && missing.code === 85089 && missing.messageKey === 'configNotFound');
      assert.equal(describeError(missing), 'No configuration of this type was found for the function. (errcode 85089, rid rid-85089)');
    });

    it('getTriggers: sends {env, funcname}; normalises trigger_name', async () => {
      server = await startServer(wechat({ 'componenttcb/gettriggers': (_r, res) => sendJson(res, ok({ triggers: [{ trigger_name: 'myTrigger', config: '0 0 2 1 * * *', type: 'timer' }] })) }));
      const triggers = await client({ component: 'stable' }).getTriggers({ env: 'test-env1', functionName: 'testfunc' });
      assert.deepEqual(api('componenttcb/gettriggers')[0]?.body, { env: 'test-env1', funcname: 'testfunc' });
      assert.deepEqual(triggers, [{ name: 'myTrigger', type: 'timer', config: '0 0 2 1 * * *' }]);
    });

    it('describeStaticWebsite: reads Data/data and regoin/region', async () => {
      server = await startServer(
        wechat({ 'componenttcb/describestaticstore': (req, res) => {
          const site = { env: 'e', domain: 'e.tcloudbaseapp.com', bucket: 'b', status: 'online' };
          if ((req.body as { env: string }).env === 'upper') sendJson(res, ok({ Data: [{ ...site, regoin: 'ap-shanghai' }] }));
          else sendJson(res, ok({ data: [{ ...site, region: 'ap-guangzhou' }] }));
        } }),
      );
      const c = client({ component: 'stable' });
      const upper = await c.describeStaticWebsite({ env: 'upper' });
      const lower = await c.describeStaticWebsite({ env: 'lower' });
      assert.deepEqual(upper, [{ env: 'e', domain: 'e.tcloudbaseapp.com', bucket: 'b', region: 'ap-shanghai', status: 'online' }]);
      assert.equal(lower[0]?.region, 'ap-guangzhou');
      assert.deepEqual(api('componenttcb/describestaticstore')[0]?.body, { env: 'upper' });
    });

    it('getAuthorizerList and listAllAuthorizers: count ≤ 500, refresh_token sometimes missing', async () => {
      const list = Array.from({ length: 1200 }, (_, i) => ({ authorizer_appid: `wx${i}`, auth_time: 1700000000 + i, ...(i % 2 ? {} : { refresh_token: `rt${i}` }) }));
      server = await startServer(
        wechat({ 'cgi-bin/component/api_get_authorizer_list': (req, res) => {
          const { offset, count } = req.body as { offset: number; count: number };
          sendJson(res, ok({ total_count: list.length, list: list.slice(offset, offset + count) }));
        } }),
      );
      const c = client({ component: 'stable' });
      const page = await c.getAuthorizerList({ componentAppid: 'wxComp', count: 9999 });
      assert.deepEqual(api('cgi-bin/component/api_get_authorizer_list')[0]?.body, { component_appid: 'wxComp', offset: 0, count: 500 });
      assert.deepEqual(page.list.slice(0, 2), [{ appid: 'wx0', refreshToken: 'rt0', authTime: 1700000000 }, { appid: 'wx1', authTime: 1700000001 }]);
      const all = await c.listAllAuthorizers({ componentAppid: 'wxComp' });
      assert.equal(all.list.length, 1200);
      assert.equal(all.list[1199]?.appid, 'wx1199');
    });
  });

  describe('invoke', () => {
    it('puts env and name URL-encoded in the query and the event in the body', async () => {
      server = await startServer(wechat({ 'tcb/invokecloudfunction': (_r, res) => sendJson(res, ok({ resp_data: '{"sum":3}' })) }));
      const result = await client({ mp: 'stable' }).invoke({ env: 'prod env&1', name: '登录/login?x', event: { a: 1, b: 2 } });
      const [req] = api('tcb/invokecloudfunction');
      assert.match(req?.rawUrl ?? '', /^\/tcb\/invokecloudfunction\?access_token=MP-TOKEN-1-secretish&env=prod%20env%261&name=%E7%99%BB%E5%BD%95%2Flogin%3Fx$/);
      assert.equal(req?.query.get('env'), 'prod env&1');
      assert.equal(req?.query.get('name'), '登录/login?x');
      assert.equal(req?.bodyText, '{"a":1,"b":2}');
      assert.deepEqual(result.value, { sum: 3 });
      assert.equal(result.parsed, true);
      assert.equal(result.errmsg, 'ok');
      assert.ok(result.durationMs >= 0);
    });

    it('sends {} when there is no event (an empty body is errcode 44002)', async () => {
      server = await startServer(wechat({ 'tcb/invokecloudfunction': (_r, res) => sendJson(res, ok({ resp_data: 'null' })) }));
      const result = await client({ mp: 'stable' }).invoke({ env: 'e', name: 'f' });
      assert.equal(api('tcb/invokecloudfunction')[0]?.bodyText, '{}');
      assert.deepEqual([result.parsed, result.value], [true, null]);
    });

    it('keeps resp_data raw when it is not JSON, and handles a missing one', async () => {
      let answer: object = {};
      server = await startServer(wechat({ 'tcb/invokecloudfunction': (_r, res) => sendJson(res, ok(answer)) }));
      const c = client({ mp: 'stable' });
      answer = { resp_data: 'hello world' };
      assert.deepEqual(await c.invoke({ env: 'e', name: 'f' }).then((r) => [r.raw, r.parsed, r.value]), ['hello world', false, 'hello world']);
      answer = {};
      assert.deepEqual(await c.invoke({ env: 'e', name: 'f' }).then((r) => [r.raw, r.parsed, r.value]), ['', false, undefined]);
      answer = { resp_data: '' };
      assert.deepEqual(await c.invoke({ env: 'e', name: 'f' }).then((r) => [r.raw, r.parsed, r.value]), ['', false, undefined]);
      answer = { resp_data: '"hi"', errmsg: 'ok rid: 1a2b3c4d-5e6f7a8b-9c0d1e2f' };
      assert.deepEqual(await c.invoke({ env: 'e', name: 'f' }).then((r) => [r.value, r.rid]), ['hi', '1a2b3c4d-5e6f7a8b-9c0d1e2f']);
      answer = { resp_data: '42' };
      assert.equal((await c.invoke({ env: 'e', name: 'f' })).value, 42);
    });

    it('reads the function logs from x-wxcloud-logs and measures the duration', async () => {
      const logs = ['start', 'done 中文'];
      server = await startServer(
        wechat({ 'tcb/invokecloudfunction': (_r, res) =>
          sendJson(res, ok({ resp_data: '{}' }), 200, { 'x-wxcloud-logs': Buffer.from(JSON.stringify(logs)).toString('base64') }) }),
      );
      let tick = 0;
      // The clock reads once when the attempt starts and once when its answer is in.
      const result = await client({ mp: 'stable' }, { clock: () => (tick += 1_250) }).invoke({ env: 'e', name: 'f' });
      assert.deepEqual(result.logs, logs);
      assert.equal(result.durationMs, 1_250);
    });

    it('ignores a malformed logs header', async () => {
      server = await startServer(wechat({ 'tcb/invokecloudfunction': (_r, res) => sendJson(res, ok({ resp_data: '{}' }), 200, { 'x-wxcloud-logs': 'not-base64-json' }) }));
      assert.equal((await client({ mp: 'stable' }).invoke({ env: 'e', name: 'f' })).logs, undefined);
    });

    it('reports cloud errors with the detail from errmsg', async () => {
      server = await startServer(wechat({ 'tcb/invokecloudfunction': (_r, res) => sendErrcode(res, -504002, 'functions execute fail: TypeError: x is not a function', 'rid-inv') }));
      const error = await failure(client({ mp: 'stable' }).invoke({ env: 'e', name: 'f' }));
      assert.ok(error instanceof ApiError && error.code === -504002);
      assert.equal(describeError(error), 'The cloud function threw an error: functions execute fail: TypeError: x is not a function (errcode -504002, rid rid-inv)');
      assert.equal(api('tcb/invokecloudfunction').length, 1);
    });

    for (const errcode of [-1, -1000]) {
      it(`reports ${errcode} on invoke as "may have run", sent once and not retryable`, async () => {
        server = await startServer(wechat({ 'tcb/invokecloudfunction': (_r, res) => sendErrcode(res, errcode, 'system error', 'rid-busy') }));
        const error = await failure(client({ mp: 'stable' }).invoke({ env: 'e', name: 'payFn' }));
        assert.ok(error instanceof InvokeMayHaveRunError, String(error));
        assert.equal(error.reason, 'busy');
        assert.equal(error.retryable, false);
        assert.equal(
          describeError(error),
          `WeChat answered errcode ${errcode} (system busy or error) while calling cloud function payFn. It may have run; it was not retried. (rid rid-busy)`,
        );
        assert.equal(api('tcb/invokecloudfunction').length, 1);
      });
    }

    it('reports a gateway 504 on invoke as "may have run", sent once', async () => {
      server = await startServer(wechat({ 'tcb/invokecloudfunction': (_r, res) => sendText(res, '<html><body>504 Gateway Time-out</body></html>', 504, 'text/html') }));
      const error = await failure(client({ mp: 'stable' }).invoke({ env: 'e', name: 'slowFn' }));
      assert.ok(error instanceof InvokeMayHaveRunError && error.reason === 'gateway');
      assert.equal(describeError(error), 'A gateway answered HTTP 504 while calling cloud function slowFn. It may have run; it was not retried.');
      assert.equal(api('tcb/invokecloudfunction').length, 1);
    });

    it('collects the log a failed invoke still carries', async () => {
      const logs = Buffer.from(JSON.stringify(['about to fail'])).toString('base64');
      server = await startServer(wechat({ 'tcb/invokecloudfunction': (_r, res) => sendJson(res, { errcode: -504002, errmsg: 'functions execute fail: Error: no rid: r1' }, 200, { 'x-wxcloud-logs': logs }) }));
      const error = await failure(client({ mp: 'stable' }).invoke({ env: 'e', name: 'f' }));
      assert.ok(error instanceof ApiError);
      assert.deepEqual(error.logs, ['about to fail']);
    });

    it('refuses an event over the size limit without sending it', async () => {
      server = await startServer(wechat({}));
      const error = await failure(client({ mp: 'stable' }).invoke({ env: 'e', name: 'f', event: { big: 'x'.repeat(MAX_EVENT_BYTES) } }));
      assert.ok(error instanceof InvalidInputError && error.messageKey === 'eventTooLarge');
      assert.equal(server.count(), 0);
    });

    it('retries invoke once after an auth rejection, which proves it did not run', async () => {
      server = await startServer(
        wechat({ 'tcb/invokecloudfunction': (req, res) => (req.query.get('access_token')?.startsWith('MP-TOKEN-1-') ? sendErrcode(res, 40001, 'invalid credential') : sendJson(res, ok({ resp_data: '"ran"' }))) }),
      );
      const result = await client({ mp: 'stable' }).invoke({ env: 'e', name: 'f' });
      assert.equal(result.value, 'ran');
      assert.deepEqual(api('tcb/invokecloudfunction').map((r) => r.query.get('access_token')), ['MP-TOKEN-1-secretish', 'MP-TOKEN-2-secretish']);
    });
  });

  describe('writes', () => {
    it('sends a write once even when WeChat answers "system busy", which a read retries', async () => {
      server = await startServer(wechat({ 'tcb/databaseupdate': (_r, res) => sendErrcode(res, -1, 'system error', 'rid-w') }));
      const error = await failure(client({ mp: 'stable' }).write(ENDPOINTS.dbUpdate, { env: 'e', query: 'db.collection("a").doc("1").set({data:{}})' }));
      assert.ok(error instanceof ApiError && error.code === -1);
      assert.equal(error.retryable, false);
      assert.equal(api('tcb/databaseupdate').length, 1);
    });

    it('drops the cached reads of its identity, so what it changed reads fresh', async () => {
      let total = 1;
      server = await startServer(
        wechat({
          'tcb/databasecount': (_r, res) => sendJson(res, ok({ count: total })),
          'tcb/databaseadd': (_r, res) => {
            total++;
            sendJson(res, ok({ id_list: ['x'] }));
          },
        }),
      );
      const c = client({ mp: 'stable' });
      const count = () => c.read(ENDPOINTS.dbCount, { env: 'e', query: 'db.collection("a").count()' }, {}, (b) => b.count);
      assert.equal(await count(), 1);
      assert.equal(await count(), 1);
      assert.equal(api('tcb/databasecount').length, 1, 'the second read came from the cache');
      await c.write(ENDPOINTS.dbAdd, { env: 'e', query: 'db.collection("a").add({data:[{}]})' });
      assert.equal(await count(), 2);
      assert.equal(api('tcb/databasecount').length, 2);
    });
  });

  describe('token kinds', () => {
    it('fails fast with TokenKindError, sending nothing, when the identity lacks the kind', async () => {
      server = await startServer(wechat({}));
      const mpOnly = client({ mp: 'stable' });
      for (const call of [
        () => mpOnly.getTriggers({ env: 'e', functionName: 'f' }),
        () => mpOnly.describeStaticWebsite({ env: 'e' }),
        () => mpOnly.describeEnvs(),
        () => mpOnly.getAuthorizerList({ componentAppid: 'c' }),
      ]) {
        const error = await failure(call());
        assert.ok(error instanceof TokenKindError);
        assert.equal(error.sent, false);
        assert.deepEqual(error.needed, ['component']);
        assert.deepEqual(error.available, ['mp']);
        assert.match(error.message, /^This connection cannot call \S+\. It needs: component_access_token\. It has: mini program access_token\.$/);
      }
      const componentOnly = client({ component: 'stable' });
      const listError = await failure(componentOnly.listFunctions({ env: 'e' }));
      assert.ok(listError instanceof TokenKindError && listError.needed.includes('authorizer'));
      assert.equal(server.count(), 0, 'not even a token was requested');
    });

    it('tells which kind it would send', () => {
      const c = new WxCloudClient({ baseUrl: 'http://127.0.0.1:9', identity: 'x', credentials: { mp: createStaticTokenSource({ kind: 'mp', token: 't' }) } });
      assert.deepEqual(c.tokenKindFor('listFunctions'), { kind: 'mp', documented: false });
      assert.deepEqual(c.tokenKindFor('invokeCloudFunction'), { kind: 'mp', documented: true });
      assert.equal(c.tokenKindFor('getTriggers'), undefined);
    });

    for (const errcode of [40001, 42001, 40014]) {
      it(`refreshes the token and retries once on ${errcode}`, async () => {
        server = await startServer(
          wechat({ 'tcb/listfunctions': (req, res) => (req.query.get('access_token')?.startsWith('MP-TOKEN-1-') ? sendErrcode(res, errcode, 'stale') : sendJson(res, ok({ total_count: 0, functions: [] }))) }),
        );
        const page = await client({ authorizer: 'stable' }).listFunctions({ env: 'e' });
        assert.equal(page.totalCount, 0);
        assert.equal(api('tcb/listfunctions').length, 2);
        assert.equal(api('cgi-bin/stable_token').length, 2);
      });
    }

    it('never loops: a second rejection is reported', async () => {
      server = await startServer(wechat({ 'tcb/listfunctions': (_r, res) => sendErrcode(res, 42001, 'access_token expired') }));
      const error = await failure(client({ authorizer: 'stable' }).listFunctions({ env: 'e' }));
      assert.ok(error instanceof ApiError && error.code === 42001);
      assert.equal(api('tcb/listfunctions').length, 2);
      assert.equal(api('cgi-bin/stable_token').length, 2);
    });

    it('mp on a tcb read: tried, refreshed once, then TokenKindError naming the documented kind', async () => {
      server = await startServer(wechat({ 'tcb/getfuncconfig': (_r, res) => sendErrcode(res, 40014, 'invalid access_token', 'rid-kind') }));
      const error = await failure(client({ mp: 'stable' }).getFunctionConfig({ env: 'e', functionName: 'f', type: 3 }));
      assert.ok(error instanceof TokenKindError);
      assert.equal(error.sent, true);
      assert.deepEqual(error.needed, ['authorizer']);
      assert.equal(error.rid, 'rid-kind');
      assert.equal(
        describeError(error),
        'tcb/getfuncconfig refused the mini program access_token. This API is documented for: authorizer_access_token. Add a connection that provides it. (rid rid-kind)',
      );
      assert.equal(api('tcb/getfuncconfig').length, 2);
    });

    for (const [name, kind, call] of [
      ['a component read', 'component', (c: WxCloudClient) => c.getTriggers({ env: 'e', functionName: 'f' })],
      ['invoke', 'mp', (c: WxCloudClient) => c.invoke({ env: 'e', name: 'f' })],
    ] as const) {
      it(`40014 that persists after the renewal on ${name} is the wrong-kind error naming what the API takes`, async () => {
        const path = name === 'invoke' ? 'tcb/invokecloudfunction' : 'componenttcb/gettriggers';
        server = await startServer(wechat({ [path]: (_r, res) => sendErrcode(res, 40014, 'invalid access_token', 'rid-40014') }));
        const error = await failure(call(client({ [kind]: 'stable' })));
        assert.ok(error instanceof TokenKindError, String(error));
        assert.equal(error.sent, true);
        assert.equal(error.messageKey, 'tokenKindRejectedRenewed');
        const takes = name === 'invoke' ? 'mini program access_token / authorizer_access_token / component_access_token' : 'component_access_token';
        const sentKind = kind === 'mp' ? 'mini program access_token' : 'component_access_token';
        assert.equal(
          describeError(error),
          `${path} refused the ${sentKind} again after it was renewed (errcode 40014). This API takes: ${takes}. Check that the token really is of that kind. (rid rid-40014)`,
        );
        assert.equal(api(path).length, 2, 'renewed once, then reported');
        assert.equal(api('cgi-bin/stable_token').length, 2);
      });
    }

    it('mp on a tcb read answered 48001: TokenKindError at once, no refresh', async () => {
      server = await startServer(wechat({ 'tcb/listfunctions': (_r, res) => sendErrcode(res, 48001, 'api unauthorized') }));
      const error = await failure(client({ mp: 'stable' }).listFunctions({ env: 'e' }));
      assert.ok(error instanceof TokenKindError && error.sent);
      assert.equal(api('tcb/listfunctions').length, 1);
      assert.equal(api('cgi-bin/stable_token').length, 1);
    });

    it('mp on a tcb read that works is simply used', async () => {
      server = await startServer(wechat({ 'tcb/listfunctions': (_r, res) => sendJson(res, ok({ total_count: 0, functions: [] })) }));
      assert.equal((await client({ mp: 'stable' }).listFunctions({ env: 'e' })).totalCount, 0);
    });

    it('a rejected pasted token is not retried: it asks for a new one', async () => {
      server = await startServer(wechat({ 'tcb/listfunctions': (_r, res) => sendErrcode(res, 40001, 'invalid credential', 'rid-paste') }));
      const error = await failure(client({ authorizer: 'static' }).listFunctions({ env: 'e' }));
      assert.ok(error instanceof TokenSourceError && error.messageKey === 'pastedTokenRejected');
      assert.equal(error.rid, 'rid-paste');
      assert.equal(api('tcb/listfunctions').length, 1);
      assert.equal(api('tcb/listfunctions')[0]?.query.get('access_token'), STATIC);
    });

    it('a pasted mp token refused by a tcb read names the documented kind', async () => {
      server = await startServer(wechat({ 'tcb/listfunctions': (_r, res) => sendErrcode(res, 40014, 'invalid access_token') }));
      const error = await failure(client({ mp: 'static' }).listFunctions({ env: 'e' }));
      assert.ok(error instanceof TokenKindError && error.sent && error.needed[0] === 'authorizer');
    });

    it('many calls rejected at once share one token refresh', async () => {
      const gate = new Gate();
      server = await startServer(
        wechat({ 'tcb/listfunctions': async (req, res) => {
          // All eight are rejected only once all eight are in flight with the first token.
          if (server.count('tcb/listfunctions') === 8) gate.open();
          await gate.passed;
          if (req.query.get('access_token')?.startsWith('MP-TOKEN-1-')) sendErrcode(res, 40001, 'invalid credential');
          else sendJson(res, ok({ total_count: 0, functions: [] }));
        } }),
      );
      const c = client({ authorizer: 'stable' });
      await Promise.all(Array.from({ length: 8 }, (_, i) => c.listFunctions({ env: `env-${i}` })));
      assert.equal(api('cgi-bin/stable_token').length, 2, 'one initial mint, one refresh');
      assert.equal(api('tcb/listfunctions').length, 16);
    });
  });

  describe('sharing, caching and cancellation', () => {
    /** Answers once the gate opens: until then every request stays in flight. */
    const gatedList = (gate: Gate): Handler => async (_r, res) => {
      await gate.passed;
      if (!res.destroyed) sendJson(res, ok({ total_count: 1, functions: [{ name: 'a' }] }));
    };
    const slowList = gatedList(Gate.opened());

    it('identical reads in flight share one request; different ones do not', async () => {
      const gate = new Gate();
      server = await startServer(wechat({ 'tcb/listfunctions': gatedList(gate) }));
      const c = client({ authorizer: 'stable' }, { cacheTtlMs: 0 });
      const pending = Promise.all([...Array.from({ length: 10 }, () => c.listFunctions({ env: 'e' })), c.listFunctions({ env: 'other' })]);
      await waitFor(() => api('tcb/listfunctions').length >= 2);
      gate.open();
      const pages = await pending;
      assert.equal(api('tcb/listfunctions').length, 2);
      assert.ok(pages.every((p) => p.totalCount === 1));
      pages[0]!.functions.push({ name: 'mutated', runtime: '', status: '', addTime: '', modTime: '' });
      assert.equal(pages[1]!.functions.length, 1, 'callers get their own copies');
    });

    it('caches successful reads for the TTL; fresh and invalidate go to the server', async () => {
      let now = 0;
      server = await startServer(wechat({ 'tcb/listfunctions': slowList, 'tcb/getenvinfo': (_r, res) => sendJson(res, ok({ info_list: [] })) }));
      const cache = new ReadCache(() => now);
      const c = client({ authorizer: 'stable' }, { cacheTtlMs: 30_000, cache });
      const count = () => api('tcb/listfunctions').length;
      await c.listFunctions({ env: 'e' });
      await c.listFunctions({ env: 'e' });
      assert.equal(count(), 1, 'cached');
      await c.listFunctions({ env: 'e', fresh: true });
      assert.equal(count(), 2, 'fresh always asks');
      await c.getEnvInfo();
      cache.invalidate('wxapp\ntcb/listfunctions');
      await c.listFunctions({ env: 'e' });
      await c.getEnvInfo();
      assert.equal(count(), 3, 'invalidated');
      assert.equal(api('tcb/getenvinfo').length, 1, 'other endpoints stay cached');
      now = 30_001;
      await c.listFunctions({ env: 'e' });
      assert.equal(count(), 4, 'expired');
      cache.invalidate();
      await c.getEnvInfo();
      assert.equal(api('tcb/getenvinfo').length, 2);
    });

    it('fresh does not join a request already in flight', async () => {
      const gate = new Gate();
      server = await startServer(wechat({ 'tcb/listfunctions': gatedList(gate) }));
      const c = client({ authorizer: 'stable' });
      const first = c.listFunctions({ env: 'e' });
      await waitFor(() => api('tcb/listfunctions').length === 1);
      const fresh = c.listFunctions({ env: 'e', fresh: true });
      await waitFor(() => api('tcb/listfunctions').length === 2);
      gate.open();
      await Promise.all([first, fresh]);
      assert.equal(api('tcb/listfunctions').length, 2);
    });

    it('an answer that arrives after invalidate is not cached', async () => {
      const gate = new Gate();
      server = await startServer(wechat({ 'tcb/listfunctions': gatedList(gate) }));
      const cache = new ReadCache();
      const c = client({ authorizer: 'stable' }, { cache });
      const pending = c.listFunctions({ env: 'e' });
      await waitFor(() => api('tcb/listfunctions').length === 1);
      cache.invalidate();
      gate.open();
      await pending;
      await c.listFunctions({ env: 'e' });
      assert.equal(api('tcb/listfunctions').length, 2);
    });

    it('does not cache errors', async () => {
      server = await startServer(wechat({ 'tcb/listfunctions': (_r, res) => (server.count('tcb/listfunctions') === 1 ? sendErrcode(res, 40097, 'invalid args') : sendJson(res, ok({ functions: [] }))) }));
      const c = client({ authorizer: 'stable' });
      await failure(c.listFunctions({ env: 'e' }));
      assert.equal((await c.listFunctions({ env: 'e' })).totalCount, 0);
    });

    it('a shared cache keeps identities apart', async () => {
      server = await startServer(wechat({ 'tcb/listfunctions': slowList }));
      const cache = new ReadCache();
      const a = client({ authorizer: 'stable' }, { cache, identity: 'a' });
      const b = client({ authorizer: 'stable' }, { cache, identity: 'b' });
      await a.listFunctions({ env: 'e' });
      await b.listFunctions({ env: 'e' });
      await a.listFunctions({ env: 'e' });
      assert.equal(api('tcb/listfunctions').length, 2);
    });

    it('one caller cancelling does not cancel the others sharing its request', async () => {
      const gate = new Gate();
      server = await startServer(wechat({ 'tcb/listfunctions': gatedList(gate) }));
      const c = client({ authorizer: 'stable' });
      const controller = new AbortController();
      const quitter = c.listFunctions({ env: 'e', signal: controller.signal });
      const stayer = c.listFunctions({ env: 'e' });
      await waitFor(() => api('tcb/listfunctions').length === 1);
      controller.abort();
      assert.ok((await failure(quitter)) instanceof CancelledError);
      gate.open();
      assert.equal((await stayer).totalCount, 1);
      assert.equal(api('tcb/listfunctions').length, 1);
    });

    it('a lone caller cancelling aborts the request on the wire', async () => {
      // The first request is never answered: only the cancel can end it.
      server = await startServer(wechat({ 'tcb/listfunctions': (r, res, raw) => (server.count('tcb/listfunctions') === 1 ? hold(r, res, raw) : sendJson(res, ok({ total_count: 3 }))) }));
      const c = client({ authorizer: 'stable' });
      const controller = new AbortController();
      const pending = c.listFunctions({ env: 'e', signal: controller.signal });
      await waitFor(() => api('tcb/listfunctions').length === 1);
      controller.abort();
      assert.ok((await failure(pending)) instanceof CancelledError);
      await waitFor(() => server.abortedRequests === 1);
      // A later identical call starts afresh instead of joining the cancelled one.
      assert.equal((await c.listFunctions({ env: 'e' })).totalCount, 3);
      assert.equal(api('tcb/listfunctions').length, 2);
    });

    it('cancels an invoke with a "may still run" message', async () => {
      server = await startServer(wechat({ 'tcb/invokecloudfunction': hold }));
      const controller = new AbortController();
      const pending = client({ mp: 'stable' }).invoke({ env: 'e', name: 'slowFn', signal: controller.signal });
      await waitFor(() => api('tcb/invokecloudfunction').length === 1);
      controller.abort();
      const error = await failure(pending);
      assert.ok(error instanceof CancelledError);
      assert.equal(error.message, 'Stopped waiting for cloud function slowFn; it may still run.');
      assert.equal(api('tcb/invokecloudfunction').length, 1);
    });
  });
});
