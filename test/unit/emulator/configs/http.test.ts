// The config writes over real HTTP against the emulator: what each endpoint accepts and refuses,
// that the read endpoints and invoke see the written values, that they survive a restart
// (kept in the data folder), and that the project's config.json files are never touched.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunningEmulator } from '../../../../src/emulator/index';
import { call, copyDemo, DEMO_ENV, start, expectErr, expectOk } from '../helpers';

const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'wxcloud-data-'));

describe('emulator: function config writes', function () {
  this.timeout(20_000);
  let project: string;
  let data: string;
  let emu: RunningEmulator;
  const auth = () => ({ access_token: emu.credentials.authorizer_access_token });
  const component = () => ({ access_token: emu.credentials.component_access_token });
  const upload = (type: number, config: unknown, fn = 'sum') =>
    call(emu, 'tcb/uploadfuncconfig', auth(), { env: DEMO_ENV, function_name: fn, type, config: typeof config === 'string' ? config : JSON.stringify(config) });
  const read = async (type: number, fn = 'sum') => JSON.parse(expectOk(await call(emu, 'tcb/getfuncconfig', auth(), { env: DEMO_ENV, function_name: fn, type })).config);
  const configFiles = () => fs.readdirSync(path.join(project, 'cloudfunctions')).map((f) => fs.readFileSync(path.join(project, 'cloudfunctions', f, 'config.json'), 'utf8'));

  beforeEach(async () => {
    project = copyDemo();
    data = dataDir();
    emu = await start({ projectDir: project, dataDir: data });
  });
  afterEach(async () => {
    await emu.close();
    fs.rmSync(project, { recursive: true, force: true });
    fs.rmSync(data, { recursive: true, force: true });
  });

  it('writes each type whole, reads it back, and leaves config.json alone', async () => {
    const before = configFiles();
    expectOk(await upload(3, { timeout: 20, environment: [{ key: 'GREETING', value: 'hi' }] }));
    assert.deepEqual(await read(3), { timeout: 20, environment: [{ key: 'GREETING', value: 'hi' }] });
    expectOk(await upload(1, { permissions: { openapi: ['wxacode.get'] } }));
    assert.deepEqual(await read(1), { permissions: { openapi: ['wxacode.get'] } });
    expectOk(await upload(2, { triggers: [{ name: 'nightly', type: 'timer', config: '0  30 3 * * * *' }] }));
    assert.deepEqual(await read(2), { triggers: [{ name: 'nightly', type: 'timer', config: '0 30 3 * * * *' }] });
    const triggers = expectOk(await call(emu, 'componenttcb/gettriggers', component(), { env: DEMO_ENV, funcname: 'sum' })).triggers;
    assert.deepEqual(triggers, [{ trigger_name: 'nightly', type: 'timer', config: '0 30 3 * * * *' }]);
    assert.deepEqual(configFiles(), before);
    assert.ok(fs.existsSync(path.join(data, DEMO_ENV, 'configs', 'sum.json')));
  });

  it('invoke runs with the written variables', async () => {
    expectOk(await upload(3, { timeout: 5, environment: [{ key: 'GREETING', value: 'written' }] }));
    // `sum` logs process.env.GREETING (see the demo project).
    const answer = await call(emu, 'tcb/invokecloudfunction', { ...auth(), env: DEMO_ENV, name: 'sum' }, { a: 1, b: 2 });
    assert.equal(answer.json?.resp_data, '3', answer.text);
    assert.match(Buffer.from(answer.headers.get('x-wxcloud-logs') ?? '', 'base64').toString('utf8'), /written: 1 \+ 2/);
  });

  it('keeps the written configs across a restart, and still seeds the database', async () => {
    expectOk(await upload(3, { timeout: 30, environment: [] }));
    await emu.close();
    emu = await start({ projectDir: project, dataDir: data });
    assert.deepEqual(await read(3), { timeout: 30, environment: [] });
    const collections = expectOk(await call(emu, 'tcb/databasecollectionget', auth(), { env: DEMO_ENV, limit: 100, offset: 0 })).collections;
    assert.ok(collections.length > 0, 'the project seeds still reached the database');
  });

  it('--reset-data returns to the project’s config.json', async () => {
    expectOk(await upload(3, { timeout: 30, environment: [] }));
    await emu.close();
    emu = await start({ projectDir: project, dataDir: data, resetData: true });
    assert.deepEqual(await read(3), { timeout: 5, environment: [{ key: 'GREETING', value: 'hello' }, { key: 'API_KEY', value: 'demo-not-a-secret' }] });
    assert.equal(fs.existsSync(path.join(data, DEMO_ENV, 'configs')), false);
  });

  it('answers bad configs as WeChat does and writes nothing', async () => {
    expectErr(await call(emu, 'tcb/uploadfuncconfig', auth(), { env: DEMO_ENV, function_name: 'sum', config: '{}' }), 40101, /type/);
    expectErr(await upload(4, {}), 40097, /type must be/);
    expectErr(await upload(3, 'not json'), 40097, /JSON/);
    expectErr(await upload(3, { timeout: 901 }), -501007, /timeout must be an integer from 1 to 900/);
    expectErr(await upload(3, { timeout: 3, environment: [{ key: '1X', value: 'a' }] }), -501007, /must start with a letter/);
    expectErr(await upload(2, { triggers: [{ name: 't', type: 'timer', config: '0 0 2 * * *' }] }), -501007, /invalid cron expression .* 7 fields/);
    expectErr(await upload(2, { triggers: [{ name: 't', type: 'timer', config: '0 0 25 * * * *' }] }), -501007, /hour "25"/);
    expectErr(await upload(1, { permissions: { openapi: [1] } }), -501007, /openapi/);
    expectErr(await upload(3, { timeout: 3 }, 'nope'), -501009);
    expectErr(await call(emu, 'tcb/uploadfuncconfig', component(), { env: DEMO_ENV, function_name: 'sum', type: 3, config: '{}' }), 40014);
    assert.equal(fs.existsSync(path.join(data, DEMO_ENV, 'configs')), false);
    assert.deepEqual(await read(3), { timeout: 5, environment: [{ key: 'GREETING', value: 'hello' }, { key: 'API_KEY', value: 'demo-not-a-secret' }] });
  });

  it('updatescfconfig changes the platform environment’s timeout and variables', async () => {
    const update = (body: Record<string, unknown>) => call(emu, 'componenttcb/updatescfconfig', component(), { env: DEMO_ENV, functionname: 'sum', ...body });
    expectOk(await update({ timeout: 9, memorysize: 256, environment_variables: [{ key: 'ONLY', value: '1' }] }));
    assert.deepEqual(await read(3), { timeout: 9, environment: [{ key: 'ONLY', value: '1' }] });
    expectOk(await update({ timeout: 10 }));
    assert.deepEqual(await read(3), { timeout: 10, environment: [{ key: 'ONLY', value: '1' }] }, 'a field left out keeps its value');
    expectErr(await update({ memorysize: 100 }), -501007, /memorysize/);
    expectErr(await update({ timeout: 0 }), -501007, /timeout/);
    expectErr(await call(emu, 'componenttcb/updatescfconfig', auth(), { env: DEMO_ENV, functionname: 'sum' }), 40014);
  });

  it('lets a test see what arrived', async () => {
    const seen: string[] = [];
    await emu.close();
    emu = await start({ projectDir: project, dataDir: data, onApiRequest: (p, body) => seen.push(`${p} ${body}`) });
    expectOk(await upload(1, { permissions: { openapi: [] } }));
    assert.deepEqual(seen, [`tcb/uploadfuncconfig ${JSON.stringify({ env: DEMO_ENV, function_name: 'sum', type: 1, config: JSON.stringify({ permissions: { openapi: [] } }) })}`]);
  });
});
