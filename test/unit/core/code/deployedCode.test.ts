// The deployed-code client against the emulator over real HTTP: download and verify, deploy
// to one environment step by step, to many at once, and a failure in each step named.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { zipSync } from 'fflate';
import { WxCloudClient } from '../../../../src/core/client';
import { CodeError, DeployStepError, type DeployStep } from '../../../../src/core/code/codeErrors';
import { packCode } from '../../../../src/core/code/codeZip';
import { deployToEnvironment, deployToEnvironments, downloadCode, parseSignedHeaders } from '../../../../src/core/code/deployedCode';
import { createStaticTokenSource } from '../../../../src/core/tokens/staticToken';
import { startEmulator, type RunningEmulator } from '../../../../src/emulator/index';

const DEMO = path.resolve(__dirname, '../../../../demo-project');
const ENV = 'demo-env-1a2b3c';
const utf8 = (s: string) => new TextEncoder().encode(s);
const code = (answer: number) => packCode('f', new Map([['index.js', utf8(`exports.main = async () => ({ answer: ${answer} });\n`)]]));

function copyDemo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxcloud-client-code-'));
  fs.cpSync(DEMO, dir, { recursive: true, filter: (src) => !src.includes('.wxcloud-data') });
  return dir;
}

describe('core/code: deployed code through the client', () => {
  let emu: RunningEmulator;
  let authorizer: WxCloudClient;
  let platform: WxCloudClient;
  beforeEach(async () => {
    const project = copyDemo();
    emu = await startEmulator({ projectDir: project, dataDir: path.join(project, '.data'), codeMode: 'deployed', log: () => {} });
    const common = { baseUrl: emu.url, sleep: async () => undefined, cacheTtlMs: 0 };
    authorizer = new WxCloudClient({ ...common, identity: 'auth', credentials: { authorizer: createStaticTokenSource({ kind: 'authorizer', token: emu.credentials.authorizer_access_token }) } });
    platform = new WxCloudClient({ ...common, identity: 'comp', credentials: { component: createStaticTokenSource({ kind: 'component', token: emu.credentials.component_access_token }) } });
  });
  afterEach(() => emu.close());

  const deploy = (o: Partial<Parameters<typeof deployToEnvironment>[1]> = {}) =>
    deployToEnvironment(authorizer, { env: ENV, functionName: 'sum', zip: code(5), exists: true, codeHostUrl: `${emu.url}/_scf/`, ...o });
  const invoke = async (env: string, name: string, client = authorizer) => (await client.invoke({ env, name })).value as { answer?: number };

  async function failsAt(step: DeployStep, run: () => Promise<unknown>): Promise<DeployStepError> {
    const error = await run().then(
      () => assert.fail('expected a failure'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof DeployStepError, String(error));
    assert.equal(error.step, step);
    assert.match(error.message, new RegExp(`step ${step} failed: `));
    return error;
  }

  it('downloads the deployed code, verifies its checksum and unpacks it', async () => {
    const got = await downloadCode(authorizer, { env: ENV, functionName: 'sum' });
    assert.equal(new TextDecoder().decode(got.files.get('index.js')), fs.readFileSync(path.join(DEMO, 'cloudfunctions/sum/index.js'), 'utf8'));
    assert.match(got.checksum, /^[0-9a-f]{64}$/);
  });

  it('a checksum mismatch is an error and returns nothing', async () => {
    emu.setFaults({ codeChecksumCorrupt: true });
    await assert.rejects(downloadCode(authorizer, { env: ENV, functionName: 'sum' }), (e: unknown) => e instanceof CodeError && e.messageKey === 'codeChecksumMismatch');
  });

  it('deploys to one environment: create when missing, code secret, signature, upload; the steps in order', async () => {
    const steps: DeployStep[] = [];
    await deploy({ functionName: 'brandNew', exists: false, zip: code(11), onStep: (s) => steps.push(s) });
    assert.deepEqual(steps, ['createFunction', 'getCodeSecret', 'getUploadSignature', 'upload']);
    assert.equal((await invoke(ENV, 'brandNew')).answer, 11);
    const stats = emu.stats().byEndpoint;
    assert.equal(stats['tcb/createfunction'], 1);
    assert.equal(stats['tcb/getuploadsignature'], 1);
  });

  it('each step that fails is named with what WeChat or the code host answered', async () => {
    const create = await failsAt('createFunction', () => deploy({ exists: false }));
    assert.equal(create.code, -501007);
    assert.match(create.message, /already exists/);

    emu.setFaults({ busyRate: 1, endpoints: ['tcb/getcodesecret'] });
    assert.equal((await failsAt('getCodeSecret', () => deploy())).code, -1);
    emu.setFaults({ endpoints: ['tcb/getuploadsignature'] });
    assert.equal((await failsAt('getUploadSignature', () => deploy())).code, -1);
    emu.setFaults({ busyRate: 0 });

    const slip = zipSync({ '../evil.js': utf8('x') });
    const upload = await failsAt('upload', () => deploy({ zip: slip }));
    assert.match(upload.message, /InvalidParameterValue\.ZipFile/);
    assert.doesNotMatch(upload.message, /CodeSecret|[0-9a-f]{32}/);
    // Nothing half-done: the function still runs its old code.
    assert.equal((await invoke(ENV, 'sum')).answer, undefined);

    const refusedHost = await failsAt('upload', () => deploy({ codeHostUrl: 'http://example.com/_scf/' }));
    assert.equal(refusedHost.code, 'CODE');
  });

  it('deploys one zip to many environments with the platform token, an outcome per environment', async () => {
    const outcomes = await deployToEnvironments(platform, { envs: [ENV, 'shop-prod-4f5a6b', 'blog-old-1b2c3d'], functionName: 'echo', zip: code(3) });
    assert.deepEqual(outcomes.map((o) => [o.env, o.ok, o.errcode]), [
      [ENV, true, undefined],
      ['shop-prod-4f5a6b', true, undefined],
      ['blog-old-1b2c3d', false, -501000],
    ]);
    assert.match(outcomes[2].errmsg ?? '', /HALTED/);
    assert.equal((await invoke('shop-prod-4f5a6b', 'echo', platform)).answer, 3);
    await failsAt('batchUpload', () => deployToEnvironments(platform, { envs: [ENV], functionName: 'echo', zip: zipSync({ '/abs.js': utf8('x') }) }));
  });

  it('Invoke Locally’s workspaceCode runs the workspace copy while invoke runs the deployed one', async () => {
    await deploy({ zip: code(21) });
    assert.equal((await invoke(ENV, 'sum')).answer, 21);
    const local = await authorizer.invoke({ env: ENV, name: 'sum', event: { a: 1, b: 2 }, workspaceCode: true });
    assert.equal(local.value, 3);
  });

  it('reads the signed headers as Key:Value lines or as an object', () => {
    assert.deepEqual(parseSignedHeaders('Authorization:TC3 a=b, c=d\r\nX-TC-Timestamp: 17\nbad line'), { Authorization: 'TC3 a=b, c=d', 'X-TC-Timestamp': '17' });
    assert.deepEqual(parseSignedHeaders({ Authorization: 'x', 'X-TC-Timestamp': 17, nested: {} }), { Authorization: 'x', 'X-TC-Timestamp': '17' });
    assert.deepEqual(parseSignedHeaders(null), {});
  });
});
