// Deployed code as the user meets it, against an emulator in deployed mode started on the
// workspace: open, compare (added, removed, changed files), deploy to one environment and to
// three, a checksum mismatch and a failed step, through the commands and the tree's rows.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { packCode } from '../../src/core/code/codeZip';
import { deployToEnvironment } from '../../src/core/code/deployedCode';
import type { CompareResult } from '../../src/deployedCode/deployedCodeFeature';
import type { ExplorerNode } from '../../src/tree/explorerNode';
import { connectEmulator, type EmulatorFixture } from './support/emulatorConnection';
import { answerPrompts, withAnswers } from './support/scriptedInput';

/** Deployed afresh before each test, so each test starts from the same deployed code and workspace. */
const FN = 'deployDemo';
/** Created by the one-environment deploy test itself. */
const FN_NEW = 'deployNew';
const utf8 = (s: string) => new TextEncoder().encode(s);
const demoCode = (version: number) => `exports.main = async () => ({ version: ${version}, util: require('./lib/util') });\n`;

describe('deployed code', () => {
  let fx: EmulatorFixture;
  let folder: vscode.Uri;
  let dataDir: string;
  let created = false;
  const fnFolder = (name = FN) => vscode.Uri.joinPath(folder, 'cloudfunctions', name);
  const write = (rel: string, text: string, name = FN) => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(fnFolder(name), ...rel.split('/')), utf8(text));
  const deployedFile = (env: string, rel: string, name = FN) => path.join(dataDir, env, 'code', name, ...rel.split('/'));
  const client = async () => (await fx.api.sessions.get(fx.api.store.get(fx.connectionId)!)).authorizer(fx.appid).client;
  const invoke = async (name: string) => (await (await client()).invoke({ env: fx.env, name })).value as { version?: number };
  const V1: Record<string, string> = {
    'index.js': demoCode(1),
    'lib/util.js': 'module.exports = "util";\n',
    'package.json': '{ "name": "deployDemo", "version": "1.0.0" }\n',
  };

  /** A function folder in the workspace (with a node_modules a deploy leaves out), once the extension lists it. */
  async function writeFunction(name: string): Promise<void> {
    await vscode.workspace.fs.delete(fnFolder(name), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    for (const [rel, text] of [...Object.entries(V1), ['node_modules/left-out/index.js', 'module.exports = 1;\n']]) {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(fnFolder(name), ...rel.split('/').slice(0, -1)));
      await write(rel, text, name);
    }
    // The workspace's function folders are read again once the watcher has seen the new one.
    for (let tries = 0; !(await fx.api.localFunctions.list()).some((f) => f.name === name); tries++) {
      assert.ok(tries < 100, `the workspace's functions never listed ${name}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The function's row, refreshing its environment once when the loaded list does not hold it yet. */
  async function row(name: string): Promise<ExplorerNode> {
    try {
      return await fx.functionNode(name);
    } catch {
      await vscode.commands.executeCommand('wxcloud.refresh', await fx.environmentNode());
      return fx.functionNode(name);
    }
  }

  before(async function () {
    this.timeout(60_000);
    folder = vscode.workspace.workspaceFolders![0]!.uri;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxcloud-code-it-'));
    fx = await connectEmulator('test-code', { projectDir: folder.fsPath, dataDir, codeMode: 'deployed' });
    await vscode.workspace.getConfiguration('wxcloud').update('deploy.codeHostUrl', `${fx.emulator.url}/_scf/`, vscode.ConfigurationTarget.Global);
  });

  beforeEach(async () => {
    // The same start for every test: the workspace folder at v1, and v1 deployed.
    await writeFunction(FN);
    const zip = packCode(FN, new Map(Object.entries(V1).map(([rel, text]) => [rel, utf8(text)])));
    await deployToEnvironment(await client(), { env: fx.env, functionName: FN, zip, exists: created, codeHostUrl: `${fx.emulator.url}/_scf/` });
    created = true;
    await vscode.commands.executeCommand('wxcloud.selectEnvironment', await fx.environmentNode());
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('wxcloud').update('deploy.codeHostUrl', undefined, vscode.ConfigurationTarget.Global);
    for (const name of [FN, FN_NEW]) await vscode.workspace.fs.delete(fnFolder(name), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await fx?.close();
  });

  it('opens the deployed code of a function as read-only files from a quick pick', async () => {
    const sum = await fx.functionNode('sum');
    const uri = await withAnswers(fx.api, [{ pick: 'index.js' }], () => vscode.commands.executeCommand<vscode.Uri>('wxcloud.openDeployedCode', sum));
    assert.equal(uri?.scheme, 'wxcloud-code');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.getText(), (await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'cloudfunctions', 'sum', 'index.js'))).toString());
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, utf8('changed'))));
  });

  it('deploys a new function to one environment: asks with files and size, creates it, uploads without node_modules, and lists it', async () => {
    await writeFunction(FN_NEW);
    const creates = fx.emulator.stats().byEndpoint['tcb/createfunction'] ?? 0;
    const input = answerPrompts(fx.api, { pick: FN_NEW }, { confirm: true });
    fx.api.actions.rethrow = true;
    try {
      await vscode.commands.executeCommand('wxcloud.deployFunction');
      input.assertAllUsed();
    } finally {
      fx.api.actions.rethrow = false;
      input.dispose();
    }
    assert.match(input.asked[1]!, new RegExp(`${FN_NEW}.*${fx.env}`));
    const detail = input.details[0]!;
    assert.match(detail, /3 files/);
    assert.match(detail, /index\.js\nlib\/util\.js\npackage\.json/);
    assert.match(detail, /node_modules is left out/);
    assert.deepEqual(await invoke(FN_NEW), { version: 1, util: 'util' });
    assert.ok(fs.existsSync(deployedFile(fx.env, 'lib/util.js', FN_NEW)));
    assert.equal(fs.existsSync(deployedFile(fx.env, 'node_modules', FN_NEW)), false);
    assert.equal(fx.emulator.stats().byEndpoint['tcb/createfunction'], creates + 1);
    // The command refreshed the selected environment: the new function's row is there without another refresh.
    assert.ok((await fx.functionNode(FN_NEW)).id?.endsWith(`fn:${FN_NEW}`));
  });

  it('compares with the workspace: files changed, added and removed, the diff of one, and the row says it differs', async () => {
    await write('index.js', demoCode(2));
    await write('new.js', 'module.exports = "new";\n');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(fnFolder(), 'lib', 'util.js'));
    const fnRow = await row(FN);
    const result = await withAnswers(fx.api, [{ pick: 'index.js' }], () => vscode.commands.executeCommand<CompareResult>('wxcloud.compareDeployedCode', fnRow));
    assert.deepEqual({ changed: result.diff.changed, added: result.diff.added, removed: result.diff.removed }, { changed: ['index.js'], added: ['new.js'], removed: ['lib/util.js'] });
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, `the active tab is ${tab?.label}`);
    assert.equal(tab.input.original.scheme, 'wxcloud-code');
    assert.equal(tab.input.modified.fsPath, vscode.Uri.joinPath(fnFolder(), 'index.js').fsPath);
    assert.match(String((await row(FN)).description), /deployed code differs/);
    // A removed file diffs against an empty side.
    const removed = await withAnswers(fx.api, [{ pick: 'lib/util.js' }], () => vscode.commands.executeCommand<CompareResult>('wxcloud.compareDeployedCode', fnRow));
    assert.equal((await vscode.workspace.openTextDocument(removed.opened!.right)).getText(), '');
    assert.equal((await vscode.workspace.openTextDocument(removed.opened!.left)).getText(), 'module.exports = "util";\n');
  });

  it('a checksum mismatch is an error and shows nothing', async () => {
    fx.emulator.setFaults({ codeChecksumCorrupt: true });
    try {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const sum = await fx.functionNode('sum');
      await assert.rejects(
        withAnswers(fx.api, [], () => vscode.commands.executeCommand('wxcloud.openDeployedCode', sum)),
        /does not match the checksum/,
      );
      assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).length, 0);
    } finally {
      fx.emulator.setFaults({ codeChecksumCorrupt: false });
    }
  });

  it('a failed step says which one and what WeChat answered; the deployed code stays as it was', async () => {
    await write('index.js', demoCode(2));
    fx.emulator.setFaults({ busyRate: 1, endpoints: ['tcb/getuploadsignature'] });
    try {
      await assert.rejects(
        withAnswers(fx.api, [{ confirm: true }], async () => vscode.commands.executeCommand('wxcloud.deployFunction', await row(FN))),
        /step getUploadSignature failed: WeChat is busy/,
      );
    } finally {
      fx.emulator.setFaults({ busyRate: 0, endpoints: null });
    }
    assert.deepEqual(await invoke(FN), { version: 1, util: 'util' });
  });

  it('deploys to three environments with the platform token and shows each outcome', async () => {
    const envs = [fx.env, 'shop-prod-4f5a6b', 'shop-test-7c8d9e'];
    await write('lib/util.js', 'module.exports = "three";\n');
    // A platform environment selected: the palette's deploy acts with the platform's token.
    const platformEnv = await fx.api.navigator.nodeById(`conn:${fx.connectionId}/platformEnvs/env:shop-test-7c8d9e`);
    assert.ok(platformEnv, 'no row for the platform environment shop-test-7c8d9e');
    await vscode.commands.executeCommand('wxcloud.selectEnvironment', platformEnv);
    const input = answerPrompts(fx.api, { pick: FN }, { pickMany: envs }, { confirm: true });
    let uri: vscode.Uri | undefined;
    fx.api.actions.rethrow = true;
    try {
      uri = await vscode.commands.executeCommand<vscode.Uri>('wxcloud.deployFunction');
      input.assertAllUsed();
    } finally {
      fx.api.actions.rethrow = false;
      input.dispose();
    }
    assert.match(input.asked[2]!, /3 environments/);
    assert.match(input.details[0]!, /shop-prod-4f5a6b/);
    const text = (await vscode.workspace.openTextDocument(uri!)).getText();
    for (const env of envs) assert.match(text, new RegExp(`\\| ${env} \\| deployed \\|`));
    assert.match(text, /Deployed to every environment/);
    for (const env of envs) assert.equal(fs.readFileSync(deployedFile(env, 'lib/util.js'), 'utf8'), 'module.exports = "three";\n', env);
  });
});
