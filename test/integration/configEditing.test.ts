// Editing function configs in the real editor against the emulator: each type edited from its
// tree row and saved, with the diff shown and the question asked; what reached the emulator
// (never a mask); a change on the server since opening (conflict); an invalid cron (nothing
// sent); and a write WeChat refuses (the document stays dirty with the user's text).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { MASK } from '../../src/documents/mask';
import type { ExplorerNode } from '../../src/tree/explorerNode';
import { connectEmulator, textWhen, type EmulatorFixture } from './support/emulatorConnection';
import { answerPrompts, withAnswers } from './support/scriptedInput';

interface Received {
  path: string;
  body: Record<string, unknown>;
}

describe('config editing', () => {
  let fx: EmulatorFixture;
  let dataDir: string;
  const received: Received[] = [];
  const writes = () => received.filter((r) => r.path === 'tcb/uploadfuncconfig' || r.path === 'componenttcb/updatescfconfig');

  before(async function () {
    this.timeout(60_000);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxcloud-config-edit-'));
    fx = await connectEmulator('test config editing', {
      dataDir,
      onApiRequest: (p, text) => received.push({ path: p, body: JSON.parse(text) as Record<string, unknown> }),
    });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fx?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    // Dirty edit documents are reverted first, so closing them asks nothing.
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'wxcloud-config-edit' && d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const configRow = async (fn: string, type: 1 | 2 | 3): Promise<ExplorerNode> => {
    const fnNode = await fx.functionNode(fn);
    const rows = await fx.api.explorer.settledChildren(fnNode);
    const row = rows.find((r) => r.id === `${fnNode.id}/config:${type}`);
    assert.ok(row, `no config row ${type} under ${fn}`);
    return row;
  };

  /** Edit Function Config… from the tree row, as a user clicks it. */
  const edit = async (fn: string, type: 1 | 2 | 3): Promise<vscode.TextDocument> => {
    const uri = await withAnswers(fx.api, [], async () => vscode.commands.executeCommand<vscode.Uri>('wxcloud.editFunctionConfig', await configRow(fn, type)));
    assert.equal(uri.scheme, 'wxcloud-config-edit');
    return vscode.workspace.openTextDocument(uri);
  };

  const replaceAll = async (doc: vscode.TextDocument, text: string): Promise<void> => {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(doc.getText(), text);
    assert.ok(doc.isDirty);
  };

  /** Saves with the given answer to the question; true when the save went through. */
  const save = (doc: vscode.TextDocument, answers: Array<{ confirm: boolean }>) => withAnswers(fx.api, answers, () => doc.save());

  /** The diff tab whose right side is `modifiedQuery` of this document, and its two texts. */
  const diffOf = async (doc: vscode.TextDocument, modifiedQuery: string): Promise<{ original: string; modified: string; label: string }> => {
    const tab = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === doc.uri.with({ query: modifiedQuery }).toString());
    assert.ok(tab, `no diff ending in ${modifiedQuery} is open: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', ')}`);
    const input = tab.input as vscode.TabInputTextDiff;
    return { original: (await vscode.workspace.openTextDocument(input.original)).getText(), modified: (await vscode.workspace.openTextDocument(input.modified)).getText(), label: tab.label };
  };

  /** What getfuncconfig answers now, straight from the emulator. */
  const serverConfig = async (fn: string, type: number): Promise<unknown> => {
    const url = `${fx.emulator.url}/tcb/getfuncconfig?access_token=${encodeURIComponent(fx.emulator.credentials.authorizer_access_token)}`;
    const answer = (await (await fetch(url, { method: 'POST', body: JSON.stringify({ env: fx.env, function_name: fn, type }) })).json()) as { config: string };
    return JSON.parse(answer.config);
  };

  it('environment: a changed value is written, an unrevealed one keeps the server’s, a removed one is removed, and no mask crosses the wire', async () => {
    const doc = await edit('sum', 3);
    const opened = JSON.parse(doc.getText()) as { timeout: number; environment: Array<{ key: string; value: string }> };
    assert.deepEqual(opened.environment, [{ key: 'GREETING', value: MASK }, { key: 'API_KEY', value: MASK }], 'values are masked in the edit document');
    received.length = 0;
    // Timeout changed, GREETING retyped, API_KEY left masked, a new variable added.
    await replaceAll(doc, JSON.stringify({ timeout: 12, environment: [{ key: 'GREETING', value: 'hey' }, { key: 'API_KEY', value: MASK }, { key: 'MODE', value: 'test' }] }, null, 2));
    const input = answerPrompts(fx.api, { confirm: true });
    try {
      assert.equal(await doc.save(), true, fx.api.configEditing.writer.lastFailure);
      input.assertAllUsed();
    } finally {
      input.dispose();
    }
    assert.deepEqual(input.asked, [`Write the Environment config of sum in ${fx.env}?`]);
    assert.equal(doc.isDirty, false);
    const diff = await diffOf(doc, 'snapshot=edit');
    assert.match(diff.original, /"timeout": 5/);
    assert.match(diff.modified, /"timeout": 12/);
    assert.match(diff.modified, /"value": "hey"/);
    assert.ok(!diff.original.includes('demo-not-a-secret') && !diff.modified.includes('demo-not-a-secret'), 'the diff shows no hidden value');
    assert.deepEqual(
      writes().map((w) => JSON.parse(w.body.config as string)),
      [{ timeout: 12, environment: [{ key: 'GREETING', value: 'hey' }, { key: 'API_KEY', value: 'demo-not-a-secret' }, { key: 'MODE', value: 'test' }] }],
    );
    assert.ok(!JSON.stringify(received).includes(MASK), 'the mask text never reached the emulator');

    // Removing a variable removes it.
    const reopened = await edit('sum', 3);
    await replaceAll(reopened, JSON.stringify({ timeout: 12, environment: [{ key: 'API_KEY', value: MASK }] }, null, 2));
    assert.equal(await save(reopened, [{ confirm: true }]), true, fx.api.configEditing.writer.lastFailure);
    assert.deepEqual(await serverConfig('sum', 3), { timeout: 12, environment: [{ key: 'API_KEY', value: 'demo-not-a-secret' }] });
    assert.ok(!JSON.stringify(received).includes(MASK));
  });

  it('permissions: written after the diff and the question, and the read-only document shows them', async () => {
    const doc = await edit('login', 1);
    assert.deepEqual(JSON.parse(doc.getText()), { permissions: { openapi: [] } });
    await replaceAll(doc, '{\n  "permissions": {\n    "openapi": ["security.msgSecCheck"]\n  }\n}\n');
    received.length = 0;
    assert.equal(await save(doc, [{ confirm: true }]), true, fx.api.configEditing.writer.lastFailure);
    const diff = await diffOf(doc, 'snapshot=edit');
    assert.match(diff.modified, /security\.msgSecCheck/);
    assert.doesNotMatch(diff.original, /security\.msgSecCheck/);
    assert.deepEqual(writes().map((w) => [w.body.function_name, w.body.type]), [['login', 1]]);
    const readOnly = await withAnswers(fx.api, [], async () => vscode.commands.executeCommand<vscode.Uri>('wxcloud.openFunctionConfig', await configRow('login', 1)));
    assert.match(await textWhen(readOnly, (t) => t.includes('security.msgSecCheck')), /"security\.msgSecCheck"/);
    // The read-only document's title-bar action opens the same config for editing.
    const fromTitle = await withAnswers(fx.api, [], () => vscode.commands.executeCommand<vscode.Uri>('wxcloud.editFunctionConfig', readOnly));
    assert.equal(fromTitle.toString(), doc.uri.toString());
    assert.deepEqual(JSON.parse((await vscode.workspace.openTextDocument(fromTitle)).getText()), { permissions: { openapi: ['security.msgSecCheck'] } });
  });

  it('from the palette: picks the function and the type, and opens the same document', async () => {
    // The palette starts in the selected environment.
    await vscode.commands.executeCommand('wxcloud.selectEnvironment', await fx.environmentNode());
    const uri = await withAnswers(fx.api, [{ pick: 'orderReport' }, { pick: 'Timer triggers' }], () => vscode.commands.executeCommand<vscode.Uri>('wxcloud.editFunctionConfig'));
    assert.equal(uri.toString(), (await vscode.workspace.openTextDocument(uri)).uri.toString());
    assert.ok(uri.path.endsWith('/orderReport/orderReport.timer.json'), uri.path);
    // orderReport has no timer yet (85089): the document starts from an empty list to fill in.
    assert.deepEqual(JSON.parse((await vscode.workspace.openTextDocument(uri)).getText()), { triggers: [] });
  });

  it('cancelling the question writes nothing and keeps the edit', async () => {
    const doc = await edit('login', 1);
    const text = '{\n  "permissions": {\n    "openapi": ["wxacode.get"]\n  }\n}\n';
    await replaceAll(doc, text);
    received.length = 0;
    assert.equal(await save(doc, [{ confirm: false }]), false);
    assert.deepEqual(writes(), []);
    assert.equal(doc.isDirty, true);
    assert.equal(doc.getText(), text);
    assert.match(fx.api.configEditing.writer.lastFailure ?? '', /cancelled/);
  });

  it('timer triggers: next runs shown as you type, written, and the tree shows the new cron', async () => {
    const doc = await edit('dailyReport', 2);
    await replaceAll(doc, JSON.stringify({ triggers: [{ name: 'dailyReportTimer', type: 'timer', config: '0 30 3 * * * *' }] }, null, 2));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => /Next runs: \d{4}-\d\d-\d\d 03:30:00 UTC\+8/.test(t)), JSON.stringify(titles));
    const cronAt = doc.positionAt(doc.getText().indexOf('0 30 3'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, cronAt);
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/&nbsp;/g, ' ').replace(/\\/g, '');
    assert.match(hoverText, /Next runs/);
    assert.match(hoverText, /03:30:00 UTC\+8/);
    received.length = 0;
    assert.equal(await save(doc, [{ confirm: true }]), true, fx.api.configEditing.writer.lastFailure);
    assert.deepEqual(writes().map((w) => JSON.parse(w.body.config as string)), [{ triggers: [{ name: 'dailyReportTimer', type: 'timer', config: '0 30 3 * * * *' }] }]);
    const fnNode = await fx.functionNode('dailyReport');
    const rows = await fx.api.explorer.settledChildren(fnNode);
    const trigger = rows.find((r) => r.id === `${fnNode.id}/trigger:dailyReportTimer`);
    assert.equal(trigger?.description, 'timer · 0 30 3 * * * *');
  });

  it('the JSON schema of the type checks the edit as you type', async () => {
    const doc = await edit('orderReport', 3);
    assert.equal(doc.languageId, 'json');
    await replaceAll(doc, '{\n  "timeout": "soon",\n  "environment": []\n}\n');
    const deadline = Date.now() + 15_000;
    let fromSchema: vscode.Diagnostic[] = [];
    while (fromSchema.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      fromSchema = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source !== 'wxcloud');
    }
    assert.ok(fromSchema.length > 0, 'the JSON language service reported nothing');
    assert.equal(doc.getText(fromSchema[0]!.range), '"soon"');
  });

  it('an invalid cron is underlined and nothing is sent', async () => {
    const doc = await edit('dailyReport', 2);
    const text = JSON.stringify({ triggers: [{ name: 'dailyReportTimer', type: 'timer', config: '0 0 25 * * *' }] }, null, 2);
    await replaceAll(doc, text);
    const deadline = Date.now() + 5000;
    let diagnostics = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'wxcloud');
    while (diagnostics.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      diagnostics = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'wxcloud');
    }
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    assert.equal(doc.getText(diagnostics[0]!.range), '"0 0 25 * * *"');
    received.length = 0;
    assert.equal(await save(doc, []), false);
    assert.deepEqual(writes(), [], 'nothing reached the emulator');
    assert.equal(received.length, 0, 'not even a read: the check comes first');
    assert.equal(doc.isDirty, true);
    assert.equal(doc.getText(), text);
    assert.match(fx.api.configEditing.writer.lastFailure ?? '', /Invalid cron “0 0 25 \* \* \*”/);
  });

  it('text that is not JSON is not sent, and the message quotes none of it', async () => {
    const doc = await edit('slow', 3);
    const text = '{\n  "timeout": 3,\n  "environment": [{ "key": "TOKEN", "value": "s3cret-typed" }\n';
    await replaceAll(doc, text);
    received.length = 0;
    assert.equal(await save(doc, []), false);
    assert.equal(received.length, 0, 'nothing reached the emulator');
    assert.equal(doc.isDirty, true);
    assert.equal(doc.getText(), text);
    const failure = fx.api.configEditing.writer.lastFailure ?? '';
    assert.match(failure, /^Not written: the document is not valid JSON \(\w+ at line 4, column 1\)\.$/);
    assert.doesNotMatch(failure, /s3cret/);
  });

  it('a change on the server since opening stops the save with a diff, writing nothing', async () => {
    const doc = await edit('orderStats', 3);
    // Someone else changes the config in the meantime.
    const url = `${fx.emulator.url}/tcb/uploadfuncconfig?access_token=${encodeURIComponent(fx.emulator.credentials.authorizer_access_token)}`;
    const other = await fetch(url, { method: 'POST', body: JSON.stringify({ env: fx.env, function_name: 'orderStats', type: 3, config: JSON.stringify({ timeout: 30, environment: [] }) }) });
    assert.equal(((await other.json()) as { errcode: number }).errcode, 0);
    const text = JSON.stringify({ timeout: 6, environment: [] }, null, 2);
    await replaceAll(doc, text);
    received.length = 0;
    assert.equal(await save(doc, []), false, 'no question asked: the save stopped first');
    assert.deepEqual(writes(), []);
    assert.equal(doc.isDirty, true);
    assert.equal(doc.getText(), text);
    assert.match(fx.api.configEditing.writer.lastFailure ?? '', /changed on the server since you opened it/);
    const diff = await diffOf(doc, 'snapshot=server');
    assert.match(diff.original, /"timeout": 5/);
    assert.match(diff.modified, /"timeout": 30/);
    assert.deepEqual(await serverConfig('orderStats', 3), { timeout: 30, environment: [] });
  });

  it('a write WeChat refuses keeps the document dirty and says what WeChat answered', async () => {
    const doc = await edit('todos', 3);
    // A reserved name passes the editor's checks; the server refuses it.
    const text = JSON.stringify({ timeout: 5, environment: [{ key: 'TCB_ENV', value: 'x' }] }, null, 2);
    await replaceAll(doc, text);
    received.length = 0;
    assert.equal(await save(doc, [{ confirm: true }]), false);
    assert.equal(writes().length, 1, 'the write was sent once');
    assert.equal(doc.isDirty, true);
    assert.equal(doc.getText(), text);
    assert.match(fx.api.configEditing.writer.lastFailure ?? '', /^Not written\. WeChat answered: invalid parameters: environment variable TCB_ENV is reserved \(errcode -501007, rid [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}\)$/);
    assert.deepEqual(await serverConfig('todos', 3), { timeout: 5, environment: [] });
  });
});
