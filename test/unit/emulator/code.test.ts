// Deployed code in the emulator over real HTTP: download (signed zip + SHA-256), create, code
// secret, upload signature, the code host, the platform's batch upload, the code store in the
// data folder and the two code modes.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { RunningEmulator } from '../../../src/emulator/index';
import { call, copyDemo, DEMO_ENV, start } from './helpers';

const utf8 = (s: string) => new TextEncoder().encode(s);
const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'wxcloud-code-'));
const auth = (emu: RunningEmulator) => ({ access_token: emu.credentials.authorizer_access_token });
const comp = (emu: RunningEmulator) => ({ component_access_token: emu.credentials.component_access_token });
const sumCode = (answer: string) => utf8(`exports.main = async (e) => ({ sum: (e.a || 0) + (e.b || 0), answer: ${answer} });\n`);

async function invoke(emu: RunningEmulator, env: string, name: string, event: unknown, extra: Record<string, string> = {}) {
  const r = await call(emu, 'tcb/invokecloudfunction', { ...auth(emu), env, name, ...extra }, event);
  assert.equal(r.json.errcode, 0, r.text);
  return JSON.parse(r.json.resp_data);
}

async function download(emu: RunningEmulator, env: string, name: string): Promise<{ files: Record<string, Uint8Array>; checksum: string; actual: string }> {
  const r = await call(emu, 'tcb/downloadfunction', auth(emu), { env, function_name: name });
  assert.equal(r.json.errcode, 0, r.text);
  const zip = new Uint8Array(await (await fetch(r.json.url)).arrayBuffer());
  return { files: unzipSync(zip), checksum: r.json.checksum, actual: createHash('sha256').update(zip).digest('hex') };
}

/** The four steps of one deploy with an authorizer token, as a client makes them. */
async function deploy(emu: RunningEmulator, env: string, name: string, zip: Uint8Array, tamper?: (body: string) => string, wrongSecret = false) {
  const given = (await call(emu, 'tcb/getcodesecret', auth(emu), { env })).json.codesecret as string;
  const secret = wrongSecret ? given.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) : given;
  const body = JSON.stringify({ CodeSecret: secret, EnvId: env, FunctionName: name, Handler: 'index.main', ZipFile: Buffer.from(zip).toString('base64') });
  const hashed = createHash('sha256').update(body).digest('hex');
  const sig = await call(emu, 'tcb/getuploadsignature', auth(emu), { hashed_payload: hashed });
  assert.equal(sig.json.errcode, 0, sig.text);
  assert.equal(typeof sig.json.headers, 'string');
  const headers: Record<string, string> = {};
  for (const line of (sig.json.headers as string).split('\n')) headers[line.slice(0, line.indexOf(':'))] = line.slice(line.indexOf(':') + 1);
  const res = await fetch(`${emu.url}/_scf/`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: tamper ? tamper(body) : body });
  return (await res.json()) as { Response: { Error?: { Code: string; Message: string } } };
}

describe('emulator: deployed code', () => {
  let emu: RunningEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it('deployed mode: seeds the data folder from the workspace, deploys there only, and invoke runs the deployed copy', async () => {
    const project = copyDemo();
    const data = dataDir();
    emu = await start({ projectDir: project, dataDir: data, codeMode: 'deployed' });
    assert.equal(emu.codeMode, 'deployed');
    const seeded = path.join(data, DEMO_ENV, 'code', 'sum', 'index.js');
    assert.equal(fs.readFileSync(seeded, 'utf8'), fs.readFileSync(path.join(project, 'cloudfunctions', 'sum', 'index.js'), 'utf8'));

    const before = await download(emu, DEMO_ENV, 'sum');
    assert.equal(before.checksum, before.actual);
    assert.ok(before.files['index.js']);

    const workspaceBefore = fs.readFileSync(path.join(project, 'cloudfunctions', 'sum', 'index.js'), 'utf8');
    const answer = await deploy(emu, DEMO_ENV, 'sum', zipSync({ 'index.js': sumCode('42') }));
    assert.equal(answer.Response.Error, undefined, JSON.stringify(answer));
    assert.deepEqual(await invoke(emu, DEMO_ENV, 'sum', { a: 1, b: 2 }), { sum: 3, answer: 42 });
    // The workspace is untouched, and Invoke Locally (code=workspace) still runs it.
    assert.equal(fs.readFileSync(path.join(project, 'cloudfunctions', 'sum', 'index.js'), 'utf8'), workspaceBefore);
    const local = await invoke(emu, DEMO_ENV, 'sum', { a: 1, b: 2 }, { code: 'workspace' });
    assert.equal(local.answer, undefined);
    assert.equal((await download(emu, DEMO_ENV, 'sum')).files['index.js'].length, sumCode('42').length);

    // A second start keeps what was deployed.
    await emu.close();
    emu = await start({ projectDir: project, dataDir: data, codeMode: 'deployed' });
    assert.equal((await invoke(emu, DEMO_ENV, 'sum', {})).answer, 42);
  });

  it('live mode: the workspace is the deployed code and edits take effect at once', async () => {
    const project = copyDemo();
    const data = dataDir();
    emu = await start({ projectDir: project, dataDir: data });
    assert.equal(emu.codeMode, 'live');
    assert.equal(fs.existsSync(path.join(data, DEMO_ENV, 'code')), false);
    fs.writeFileSync(path.join(project, 'cloudfunctions', 'sum', 'index.js'), sumCode('7'));
    assert.equal((await invoke(emu, DEMO_ENV, 'sum', {})).answer, 7);
    const got = await download(emu, DEMO_ENV, 'sum');
    assert.equal(new TextDecoder().decode(got.files['index.js']), new TextDecoder().decode(sumCode('7')));
  });

  it('createfunction makes a function that the upload then replaces; a second create is refused', async () => {
    emu = await start({ projectDir: copyDemo(), dataDir: dataDir(), codeMode: 'deployed' });
    assert.equal((await call(emu, 'tcb/createfunction', auth(emu), { env: DEMO_ENV, function_name: 'fresh' })).json.errcode, 0);
    assert.deepEqual(await invoke(emu, DEMO_ENV, 'fresh', {}), {});
    assert.equal((await call(emu, 'tcb/createfunction', auth(emu), { env: DEMO_ENV, function_name: 'fresh' })).json.errcode, -501007);
    assert.equal((await call(emu, 'tcb/createfunction', auth(emu), { env: DEMO_ENV, function_name: '../x' })).json.errcode, 40097);
    await deploy(emu, DEMO_ENV, 'fresh', zipSync({ 'index.js': sumCode('1') }));
    assert.equal((await invoke(emu, DEMO_ENV, 'fresh', {})).answer, 1);
    const list = await call(emu, 'tcb/listfunctions', auth(emu), { env: DEMO_ENV, limit: 100, offset: 0 });
    assert.ok(list.json.functions.some((f: { name: string }) => f.name === 'fresh'));
  });

  it('the code host refuses a body that does not match its signature, a wrong code secret and zip-slip entries, and writes nothing', async () => {
    const data = dataDir();
    emu = await start({ projectDir: copyDemo(), dataDir: data, codeMode: 'deployed' });
    const tampered = await deploy(emu, DEMO_ENV, 'sum', zipSync({ 'index.js': sumCode('1') }), (b) => b.replace('"Handler":"index.main"', '"Handler":"index.evil"'));
    assert.equal(tampered.Response.Error?.Code, 'AuthFailure.SignatureFailure');
    const wrongSecret = await deploy(emu, DEMO_ENV, 'sum', zipSync({ 'index.js': sumCode('3') }), undefined, true);
    assert.equal(wrongSecret.Response.Error?.Code, 'AuthFailure.SecretIdNotFound');
    assert.equal((await deploy(emu, DEMO_ENV, 'sum', zipSync({ 'index.js': sumCode('1') }))).Response.Error, undefined);
    for (const name of ['../escape.js', '/abs.js', 'a\\b.js', 'C:/x.js']) {
      const slip = await deploy(emu, DEMO_ENV, 'sum', zipSync({ 'index.js': sumCode('2'), [name]: utf8('evil') }));
      assert.equal(slip.Response.Error?.Code, 'InvalidParameterValue.ZipFile', name);
    }
    assert.equal(fs.existsSync(path.join(data, DEMO_ENV, 'code', 'escape.js')), false);
    assert.equal(fs.existsSync(path.join(data, DEMO_ENV, 'escape.js')), false);
    assert.equal((await invoke(emu, DEMO_ENV, 'sum', {})).answer, 1);
    const sig = await call(emu, 'tcb/getuploadsignature', auth(emu), { hashed_payload: 'not-hex' });
    assert.equal(sig.json.errcode, 40097);
  });

  it('batchuploadscfcode deploys one zip to many environments and lists the ones that failed', async () => {
    emu = await start({ projectDir: copyDemo(), dataDir: dataDir(), codeMode: 'deployed' });
    const zip = Buffer.from(zipSync({ 'index.js': sumCode('9') })).toString('base64');
    const envs = [DEMO_ENV, 'shop-prod-4f5a6b', 'shop-test-7c8d9e', 'blog-old-1b2c3d', 'nope-000000'];
    const r = await call(emu, 'componenttcb/batchuploadscfcode', comp(emu), { functionname: 'echo', envs, zipfile: zip });
    assert.equal(r.json.errcode, 0, r.text);
    assert.deepEqual(r.json.fail_list.map((f: { env: string; errcode: number }) => [f.env, f.errcode]), [
      ['blog-old-1b2c3d', -501000],
      ['nope-000000', -501000],
    ]);
    // The built-in echo of shop-test is replaced by the deployed code.
    const shop = await call(emu, 'tcb/invokecloudfunction', { component_access_token: emu.credentials.component_access_token, env: 'shop-test-7c8d9e', name: 'echo' }, {});
    assert.equal(JSON.parse(shop.json.resp_data).answer, 9, shop.text);
    const slip = await call(emu, 'componenttcb/batchuploadscfcode', comp(emu), { functionname: 'echo', envs: ['shop-test-7c8d9e'], zipfile: Buffer.from(zipSync({ '../x.js': utf8('x') })).toString('base64') });
    assert.equal(slip.json.errcode, 40097);
    const missing = await call(emu, 'componenttcb/batchuploadscfcode', comp(emu), { functionname: 'echo', zipfile: zip });
    assert.equal(missing.json.errcode, 40101);
  });

  it('a fault corrupts the checksum, so a client can see a mismatch', async () => {
    emu = await start({ projectDir: copyDemo(), dataDir: dataDir(), faults: { codeChecksumCorrupt: true } });
    const got = await download(emu, DEMO_ENV, 'sum');
    assert.notEqual(got.checksum, got.actual);
    assert.equal(got.checksum.length, 64);
  });

  it('downloadfunction takes an authorizer token and knows its functions', async () => {
    emu = await start({ projectDir: copyDemo(), dataDir: dataDir() });
    const mp = await call(emu, 'tcb/downloadfunction', { access_token: emu.credentials.access_token }, { env: DEMO_ENV, function_name: 'sum' });
    assert.equal(mp.json.errcode, 40014);
    const missing = await call(emu, 'tcb/downloadfunction', auth(emu), { env: DEMO_ENV, function_name: 'nope' });
    assert.equal(missing.json.errcode, -501009);
    const builtin = await call(emu, 'tcb/downloadfunction', comp(emu), { env: 'shop-prod-4f5a6b', function_name: 'echo' });
    assert.equal(builtin.json.errcode, 40014);
  });
});
