// The config writes through the real client against the emulator over HTTP: what crosses the
// wire for each endpoint, that a failure is WeChat's answer (errcode, errmsg, rid), and the
// mask rule, which decides what an edited environment config sends.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WxCloudClient } from '../../../src/core/client';
import { ApiError, TokenKindError, describeError } from '../../../src/core/errors';
import { restoreMaskedValues, sameConfig, writeFunctionConfig } from '../../../src/core/functionConfigWrite';
import { createStaticTokenSource } from '../../../src/core/tokens/staticToken';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index';
import { DEMO_DIR, DEMO_ENV } from '../emulator/helpers';

const MASK = '••••••';

describe('core/functionConfigWrite', function () {
  this.timeout(20_000);
  let emu: RunningEmulator;
  let data: string;
  const received: Array<{ path: string; body: Record<string, unknown> }> = [];
  const client = (kind: 'authorizer' | 'component') =>
    new WxCloudClient({
      baseUrl: emu.url,
      identity: kind,
      credentials: { [kind]: createStaticTokenSource({ kind, token: kind === 'authorizer' ? emu.credentials.authorizer_access_token : emu.credentials.component_access_token }) },
    });

  beforeEach(async () => {
    received.length = 0;
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'wxcloud-data-'));
    emu = await startEmulator({ projectDir: DEMO_DIR, dataDir: data, log: () => {}, onApiRequest: (p, text) => received.push({ path: p, body: JSON.parse(text) as Record<string, unknown> }) });
  });
  afterEach(async () => {
    await emu.close();
    fs.rmSync(data, { recursive: true, force: true });
  });

  it('sends the whole config as a JSON string to uploadfuncconfig, and reads fresh afterwards', async () => {
    const c = client('authorizer');
    const before = await c.getFunctionConfig({ env: DEMO_ENV, functionName: 'sum', type: 3 });
    await writeFunctionConfig(c, { env: DEMO_ENV, functionName: 'sum', type: 3, config: { timeout: 7, environment: [{ key: 'A', value: 'b' }] } });
    const writes = received.filter((r) => r.path === 'tcb/uploadfuncconfig');
    assert.deepEqual(writes.map((w) => w.body), [{ env: DEMO_ENV, function_name: 'sum', type: 3, config: '{"timeout":7,"environment":[{"key":"A","value":"b"}]}' }]);
    // The cached read is dropped by the write: the same call now answers the new config.
    const after = await c.getFunctionConfig({ env: DEMO_ENV, functionName: 'sum', type: 3 });
    assert.notDeepEqual(after.value, before.value);
    assert.deepEqual(after.value, { timeout: 7, environment: [{ key: 'A', value: 'b' }] });
  });

  it('uses updatescfconfig for the platform’s own environments', async () => {
    await writeFunctionConfig(client('component'), { env: DEMO_ENV, functionName: 'sum', type: 3, config: { timeout: 8, environment: [{ key: 'K', value: 'v' }] } });
    assert.deepEqual(received.map((r) => [r.path, r.body]), [['componenttcb/updatescfconfig', { env: DEMO_ENV, functionname: 'sum', timeout: 8, environment_variables: [{ key: 'K', value: 'v' }] }]]);
    await assert.rejects(writeFunctionConfig(client('component'), { env: DEMO_ENV, functionName: 'sum', type: 2, config: { triggers: [] } }), (e: unknown) => e instanceof TokenKindError && e.sent === false);
    assert.equal(received.length, 1, 'a type the platform cannot write is refused before sending');
  });

  it('a refused write is WeChat’s answer, with errcode, errmsg and rid', async () => {
    const error = await writeFunctionConfig(client('authorizer'), { env: DEMO_ENV, functionName: 'sum', type: 3, config: { timeout: 9000 } }).then(
      () => assert.fail('the write was accepted'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, -501007);
    assert.match(describeError(error), /timeout must be an integer from 1 to 900 seconds.*\(errcode -501007, rid [0-9a-f-]+\)/);
  });

  describe('the mask rule', () => {
    const server = { timeout: 5, environment: [{ key: 'KEEP', value: 'server-keep' }, { key: 'CHANGE', value: 'old' }, { key: 'DROP', value: 'gone' }] };

    it('puts back unrevealed values, keeps changed ones, leaves removed ones out', () => {
      const edited = { timeout: 6, environment: [{ key: 'KEEP', value: MASK }, { key: 'CHANGE', value: 'new' }, { key: 'ADDED', value: 'x' }] };
      const { value, unknown } = restoreMaskedValues(edited, server, MASK);
      assert.deepEqual(value, { timeout: 6, environment: [{ key: 'KEEP', value: 'server-keep' }, { key: 'CHANGE', value: 'new' }, { key: 'ADDED', value: 'x' }] });
      assert.deepEqual(unknown, []);
      assert.ok(!JSON.stringify(value).includes(MASK));
    });

    it('reports a masked value the server does not have (a renamed variable) instead of sending it', () => {
      const { unknown } = restoreMaskedValues({ environment: [{ key: 'RENAMED', value: MASK }] }, server, MASK);
      assert.deepEqual(unknown, ['RENAMED']);
    });

    it('reads the object form too', () => {
      const { value } = restoreMaskedValues({ envVariables: { A: MASK, B: 'typed' } }, { envVariables: { A: 'secret-a', B: 'old' } }, MASK);
      assert.deepEqual(value, { envVariables: { A: 'secret-a', B: 'typed' } });
    });

    it('sends the server’s value, never the mask, through the emulator', async () => {
      const c = client('authorizer');
      const current = (await c.getFunctionConfig({ env: DEMO_ENV, functionName: 'sum', type: 3, fresh: true })).value;
      const edited = { timeout: 5, environment: [{ key: 'GREETING', value: MASK }] };
      await writeFunctionConfig(c, { env: DEMO_ENV, functionName: 'sum', type: 3, config: restoreMaskedValues(edited, current, MASK).value });
      const wire = JSON.stringify(received);
      assert.ok(!wire.includes(MASK), wire);
      assert.deepEqual((await c.getFunctionConfig({ env: DEMO_ENV, functionName: 'sum', type: 3 })).value, { timeout: 5, environment: [{ key: 'GREETING', value: 'hello' }] });
    });
  });

  it('compares configs by content, not key order', () => {
    assert.ok(sameConfig({ a: 1, b: [1, { c: 2, d: 3 }] }, { b: [1, { d: 3, c: 2 }], a: 1 }));
    assert.ok(!sameConfig({ a: [1, 2] }, { a: [2, 1] }));
  });
});
