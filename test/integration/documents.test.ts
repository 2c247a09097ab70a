// Config, environment, static-website and trigger documents against the emulator, opened through
// the commands from the explorer's rows; and the URI codecs with awkward names.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import * as configDocument from '../../src/documents/configDocument';
import * as infoDocument from '../../src/documents/infoDocument';
import * as resultDocument from '../../src/invoke/resultDocument';
import { connectEmulator, textWhen, type EmulatorFixture } from './support/emulatorConnection';
import { withAnswers } from './support/scriptedInput';

const awkward = ['my function', '云函数', 'a/b', '100% 云/函 数', 'x.environment'];

describe('documents', () => {
  let fx: EmulatorFixture;
  const open = async (command: string, ...args: unknown[]): Promise<{ uri: vscode.Uri; text: string }> => {
    const uri = await withAnswers(fx.api, [], () => vscode.commands.executeCommand<vscode.Uri | undefined>(command, ...args));
    assert.ok(uri, `${command} opened nothing (it failed: see the log)`);
    assert.ok(uri.path.endsWith('.json'), uri.path);
    const doc = await vscode.workspace.openTextDocument(uri);
    return { uri, text: doc.getText() };
  };

  /** Opens a config type of a function as the user does from its row: the command asks which type. */
  const openConfig = async (node: unknown, type: 'Cloud-call permissions' | 'Timer triggers' | 'Environment config') => {
    const uri = await withAnswers(fx.api, [{ pick: type }], () => vscode.commands.executeCommand<vscode.Uri | undefined>('wxcloud.openFunctionConfig', node));
    assert.ok(uri, 'Open Function Config opened nothing');
    return { uri, text: (await vscode.workspace.openTextDocument(uri)).getText() };
  };

  before(async function () {
    this.timeout(60_000);
    // A connection id with a space, Chinese characters and a slash travels inside every document's path.
    fx = await connectEmulator('test docs/文档 1');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fx?.close();
  });

  it('round-trips names with spaces, Chinese characters and slashes through every scheme', () => {
    for (const name of awkward) {
      const address = { connectionId: `conn ${name}`, scopeKey: `authorizer:wx${name}`, env: `env-${name}` };
      for (const type of [1, 2, 3] as const) {
        const key = { ...address, functionName: name, type };
        const uri = configDocument.toUri(key);
        assert.deepEqual(configDocument.fromUri(uri), key);
        assert.deepEqual(configDocument.fromUri(vscode.Uri.parse(uri.toString())), key, `through a string: ${uri.toString()}`);
        assert.ok(uri.path.endsWith('.json'));
      }
      const infoKeys: infoDocument.InfoDocumentKey[] = [
        { kind: 'environment', ...address },
        { kind: 'staticWebsite', ...address },
        { kind: 'triggers', ...address, functionName: name },
      ];
      for (const key of infoKeys) {
        const uri = infoDocument.toUri(key);
        assert.deepEqual(infoDocument.fromUri(vscode.Uri.parse(uri.toString())), key);
      }
      const result = { id: 'abc-1', env: `env ${name}`, functionName: name, target: 'local' as const };
      assert.deepEqual(resultDocument.fromUri(vscode.Uri.parse(resultDocument.toUri(result).toString())), result);
    }
    // Readable titles: the file name keeps spaces and Chinese characters as they are.
    const uri = configDocument.toUri({ connectionId: 'c', scopeKey: 'self', env: 'e', functionName: '我的 函数', type: 3 });
    assert.equal(uri.path.split('/').pop(), '我的 函数.environment.json');
  });

  it('opens each config type of a function as JSON', async () => {
    const report = await fx.functionNode('dailyReport');
    const permissions = await openConfig(report, 'Cloud-call permissions');
    assert.equal(permissions.uri.scheme, 'wxcloud-config');
    assert.match(permissions.text, /^\/\/ dailyReport · Cloud-call permissions \(config type 1\)$/m);
    assert.match(permissions.text, /"subscribeMessage\.send"/);
    const timer = await openConfig(report, 'Timer triggers');
    assert.match(timer.text, /"name": "dailyReportTimer"/);
    assert.match(timer.text, /"config": "0 0 2 \* \* \* \*"/);
    const environment = await openConfig(report, 'Environment config');
    assert.match(environment.text, /"environment": \[\]|"environment": \{\}/);
    // The connection, scope and environment come back out of the address.
    assert.deepEqual(configDocument.fromUri(environment.uri), { connectionId: fx.connectionId, scopeKey: `authorizer:${fx.appid}`, env: fx.env, functionName: 'dailyReport', type: 3 });
  });

  it('says plainly when a function has no config of a type', async () => {
    const { text } = await openConfig(await fx.functionNode('fail'), 'Timer triggers');
    assert.match(text, /This function has no configuration of this type/);
    assert.match(text, /85089/);
  });

  it('opens a config from its own row', async () => {
    const fn = await fx.functionNode('login');
    const rows = await fx.api.explorer.settledChildren(fn);
    const permissionsRow = rows.find((r) => r.id === `${fn.id}/config:1`);
    assert.ok(permissionsRow, rows.map((r) => r.id).join(', '));
    const { text } = await open('wxcloud.openFunctionConfig', permissionsRow);
    assert.match(text, /"openapi": \[\]/);
  });

  it('masks environment variable values until they are revealed for that document', async () => {
    const { uri, text } = await openConfig(await fx.functionNode('sum'), 'Environment config');
    assert.match(text, /"key": "API_KEY"/);
    assert.match(text, /"value": "••••••"/);
    assert.doesNotMatch(text, /demo-not-a-secret/);
    assert.doesNotMatch(text, /"hello"/);
    assert.match(text, /Run “Reveal Environment Variable Values” \(the link above\)/);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const reveal = lenses.find((l) => l.command?.command === 'wxcloud.revealSecretValues');
    assert.match(reveal?.command?.title ?? '', /Reveal Environment Variable Values/, 'a Reveal link at the top of the masked document');
    assert.equal(reveal?.command?.arguments?.[0]?.toString(), uri.toString());

    const revealed = await vscode.commands.executeCommand<vscode.Uri>('wxcloud.revealSecretValues', uri);
    assert.equal(revealed?.toString(), uri.toString());
    const shown = await textWhen(uri, (t) => t.includes('demo-not-a-secret'));
    assert.match(shown, /"value": "demo-not-a-secret"/);
    assert.match(shown, /"value": "hello"/);
    assert.doesNotMatch(shown, /••••••/);

    // Another function's document is still masked.
    const other = await openConfig(await fx.functionNode('slow'), 'Environment config');
    assert.doesNotMatch(other.text, /demo-not-a-secret/);
  });

  it('refreshes an open config document when the command runs again', async () => {
    const node = await fx.functionNode('login');
    const first = await openConfig(node, 'Environment config');
    const before = fx.emulator.stats().byEndpoint['tcb/getfuncconfig'] ?? 0;
    await openConfig(node, 'Environment config');
    const deadline = Date.now() + 5000;
    while ((fx.emulator.stats().byEndpoint['tcb/getfuncconfig'] ?? 0) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(fx.emulator.stats().byEndpoint['tcb/getfuncconfig'], before + 1, 'the config was loaded again');
    assert.match(await textWhen(first.uri, (t) => t.includes('timeout')), /"timeout": \d+/);
  });

  it('opens environment info', async () => {
    const { uri, text } = await open('wxcloud.openEnvironmentInfo', await fx.environmentNode());
    assert.equal(uri.scheme, 'wxcloud-info');
    assert.match(text, new RegExp(`"env": "${fx.env}"`));
    assert.match(text, /"status": "NORMAL"/);
  });

  it('opens static website info', async () => {
    const { text } = await open('wxcloud.openStaticWebsiteInfo', await fx.environmentNode());
    assert.match(text, new RegExp(`"domain": "${fx.env}-\\d+\\.tcloudbaseapp\\.com"`));
    assert.match(text, /"bucket": /);
  });

  it('opens a function’s triggers with the cron read aloud and the next runs', async () => {
    const { text } = await open('wxcloud.openTriggers', await fx.functionNode('dailyReport'));
    assert.match(text, /"name": "dailyReportTimer"/);
    assert.match(text, /"type": "timer"/);
    assert.match(text, /"runs": "[^"]*02:00[^"]*\(China Standard Time, UTC\+8\)"/);
    // WeChat runs timers in UTC+8: that time first, the reader's own beside it when the zones differ.
    const offset = -new Date().getTimezoneOffset();
    const firstRun = /"nextRuns": \[\s*"([^"]+)"/.exec(text)?.[1] ?? '';
    assert.match(firstRun, offset === 480 ? /^\d{4}-\d\d-\d\d 02:00:00 UTC\+8$/ : /^\d{4}-\d\d-\d\d 02:00:00 UTC\+8 \(\d{4}-\d\d-\d\d \d\d:00:00 your time, UTC[^)]*\)$/);
    const none = await open('wxcloud.openTriggers', await fx.functionNode('sum'));
    assert.match(none.text, /This function has no triggers/);
  });

  it('turns a failure into readable text in the document', async function () {
    this.timeout(40_000);
    const uri = configDocument.toUri({ connectionId: 'no-such-connection', scopeKey: 'self', env: fx.env, functionName: 'sum', type: 1 });
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(text, /connection of this document is no longer available/);
    await open('wxcloud.openEnvironmentInfo', await fx.environmentNode());
    await fx.emulator.setFaults({ busyRate: 1 });
    try {
      // Running the command again on an open document reloads it.
      const { uri: info } = await open('wxcloud.openEnvironmentInfo', await fx.environmentNode());
      const failed = await textWhen(info, (t) => t.includes('Could not load'), 20_000);
      assert.match(failed, /^\/\/ Could not load: /m);
      assert.match(failed, /-1\b/);
    } finally {
      fx.emulator.setFaults({ busyRate: 0 });
    }
  });
});
