import assert from 'node:assert/strict';
import { WxCloudClient } from '../../../src/core/client';
import { createStaticTokenSource } from '../../../src/core/tokens/staticToken';
import { readTriggers } from '../../../src/core/triggers';
import type { TokenKind } from '../../../src/core/types';
import { sendErrcode, sendJson, startServer, type ScriptedServer } from './helpers/scriptedServer';

const request = { env: 'prod-1a2b3c', functionName: 'dailyReport' };

describe('core/triggers', () => {
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  function client(kinds: TokenKind[]): WxCloudClient {
    const credentials = Object.fromEntries(kinds.map((kind) => [kind, createStaticTokenSource({ kind, token: `${kind}-token-for-tests` })]));
    return new WxCloudClient({ baseUrl: server.url, identity: 'wxapp', credentials });
  }

  it('asks gettriggers when the identity has a component token', async () => {
    server = await startServer((req, res) => {
      assert.equal(req.path, 'componenttcb/gettriggers');
      sendJson(res, { errcode: 0, errmsg: 'ok', triggers: [{ name: 'nightly', type: 'timer', config: '0 0 2 * * * *' }] });
    });
    const list = await readTriggers(client(['component', 'authorizer']), ['component', 'authorizer'], request);
    assert.deepEqual(list, { triggers: [{ name: 'nightly', type: 'timer', config: '0 0 2 * * * *' }], fromTimerConfig: false });
    assert.equal(server.count('tcb/getfuncconfig'), 0);
  });

  it('reads the timer config (type 2) with only an authorizer token', async () => {
    server = await startServer((req, res) => {
      assert.equal(req.path, 'tcb/getfuncconfig');
      assert.equal((req.body as { type?: number }).type, 2);
      sendJson(res, { errcode: 0, errmsg: 'ok', config: JSON.stringify({ triggers: [{ name: 'nightly', type: 'timer', config: '0 0 2 * * * *' }] }) });
    });
    const list = await readTriggers(client(['authorizer']), ['authorizer'], request);
    assert.deepEqual(list, { triggers: [{ name: 'nightly', type: 'timer', config: '0 0 2 * * * *' }], fromTimerConfig: true });
    assert.equal(server.count('componenttcb/gettriggers'), 0);
  });

  it('says a function without a timer config (85089) has no triggers, and passes other errors on', async () => {
    server = await startServer((_req, res) => sendErrcode(res, 85089, 'config not exist'));
    assert.deepEqual(await readTriggers(client(['authorizer']), ['authorizer'], request), { triggers: [], fromTimerConfig: true });
    await server.close();
    server = await startServer((_req, res) => sendErrcode(res, -501000, 'env not found'));
    await assert.rejects(readTriggers(client(['authorizer']), ['authorizer'], request), (error: Error & { code?: number }) => error.code === -501000);
  });
});
