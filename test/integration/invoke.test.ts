// Invoke from saved events against the emulator, as the user does: through the commands, with
// event files in the workspace, reading the result documents the commands open.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HistoryStore } from '../../src/invoke/historyStore';
import { connectEmulator, type EmulatorFixture } from './support/emulatorConnection';
import { withAnswers } from './support/scriptedInput';

describe('invoke', () => {
  let fx: EmulatorFixture;
  let folder: vscode.Uri;

  const eventUri = (fn: string, name: string) => vscode.Uri.joinPath(folder, '.wxcloud', 'events', fx.env, fn, `${name}.json`);
  async function writeEvent(fn: string, name: string, text: string): Promise<vscode.Uri> {
    const uri = eventUri(fn, name);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return uri;
  }
  async function invoke(arg: unknown): Promise<string> {
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('wxcloud.invokeFunction', arg);
    assert.ok(uri, 'the command opened no result document (it failed: see the log)');
    assert.equal(uri.scheme, 'wxcloud-result');
    assert.ok(uri.path.endsWith('.json'), uri.path);
    return (await vscode.workspace.openTextDocument(uri)).getText();
  }

  /** Invocations the emulator received: the tree may load in the background, but no event may be sent. */
  const invokes = () => fx.emulator.stats().byEndpoint['tcb/invokecloudfunction'] ?? 0;

  async function exists(uri: vscode.Uri): Promise<boolean> {
    return vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
  }

  before(async function () {
    this.timeout(60_000);
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'the test host opened no workspace folder');
    folder = ws.uri;
    fx = await connectEmulator('test-invoke');
    // Event files name an environment; the selected one is where they are sent, whichever test runs first.
    const env = await fx.environmentNode();
    await vscode.commands.executeCommand('wxcloud.selectEnvironment', env);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, '.wxcloud'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fx?.close();
  });

  it('invokes from the function row with an event seeded from cloudbaserc.json', async () => {
    const text = await invoke(await fx.functionNode('sum'));
    // cloudbaserc.json gives sum {"a": 1, "b": 2}; the GREETING variable comes from its config.json.
    assert.match(text, /^3$/m);
    assert.match(text, /errcode: 0/);
    assert.match(text, /rid: \S+/);
    assert.match(text, /Duration: \d+ ms/);
    assert.match(text, /hello: 1 \+ 2/);
    const seeded = new TextDecoder().decode(await vscode.workspace.fs.readFile(eventUri('sum', 'default')));
    assert.match(seeded, /^\/\/ .*cloudbaserc\.json/m);
    assert.deepEqual(JSON.parse(seeded.replace(/^\/\/.*$/gm, '')), { a: 1, b: 2 });
  });

  it('invokes each demo function from a saved event with comments', async () => {
    const login = await invoke(await writeEvent('login', 'greeting', '// who\n{ "hello": "世界", /* inline */ "n": 1, }\n'));
    assert.match(login, /"hello": "世界"/);
    assert.match(login, /"appid": "wx/);
    assert.match(login, /login called in/);

    const sum = await invoke(await writeEvent('sum', 'answer', '{\n  // forty-two\n  "a": 2,\n  "b": 40\n}\n'));
    assert.match(sum, /^42$/m);
    assert.match(sum, /hello: 2 \+ 40/);

    const slow = await invoke(await writeEvent('slow', 'short', '{ "ms": 50 }'));
    assert.match(slow, /"waited": 50/);
    assert.match(slow, /waiting 50 ms/);

    const report = await invoke(await writeEvent('dailyReport', 'feb', '{ "date": "2025-02-03" }'));
    assert.match(report, /"date": "2025-02-03"/);
    assert.match(report, /"orders": 34/);
  });

  it('offers Invoke as a CodeLens on event files, which read as JSON with comments', async () => {
    const uri = await writeEvent('sum', 'lens', '// a comment is fine here\n{ "a": 5, "b": 5 }\n');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'jsonc');
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const invokeLens = lenses.find((l) => l.command?.command === 'wxcloud.invokeFunction');
    assert.ok(invokeLens?.command, `no Invoke lens among ${JSON.stringify(lenses.map((l) => l.command?.title))}`);
    assert.equal(invokeLens.range.start.line, 0);
    assert.match(invokeLens.command.title, new RegExp(`Invoke sum in ${fx.env}`));
    assert.ok(lenses.some((l) => l.command?.command === 'wxcloud.showHistory'));
    assert.match(await invoke(invokeLens.command.arguments?.[0]), /^10$/m);
  });

  it('shows a function that throws as a result with its message, not as an error', async () => {
    const text = await invoke(await writeEvent('fail', 'boom', '{ "reason": "integration" }'));
    assert.match(text, /the function threw an error/);
    assert.match(text, /errcode: -504002/);
    assert.match(text, /fail: this function always throws \(reason: integration\)/);
  });

  it('says a timed-out function hit the 5 s cap of the HTTP API', async function () {
    this.timeout(30_000);
    // slow's config.json sets a 3 s timeout.
    const text = await invoke(await writeEvent('slow', 'too long', '{ "ms": 4000 }'));
    assert.match(text, /errcode: -504003/);
    assert.match(text, /5 s/);
  });

  it('says a busy answer (-1) may have run, and opens it in place of the last result', async () => {
    await fx.emulator.setFaults({ busyRate: 1, endpoints: ['tcb/invokecloudfunction'] });
    try {
      const text = await invoke(await writeEvent('sum', 'busy', '{ "a": 1, "b": 1 }'));
      assert.match(text, /^\/\/ sum · environment /m);
      assert.match(text, /No answer: the function may have run\. It was not retried\./);
      assert.doesNotMatch(text, /^2$/m);
    } finally {
      await fx.emulator.setFaults({ busyRate: 0, endpoints: null });
    }
  });

  it('opens a result for a call WeChat refuses before the function runs', async () => {
    const uri = await writeEvent('sum', 'refused', '{}');
    // The platform's refresh token of this mini program is replaced by one WeChat does not know.
    await fx.api.store.updateSecrets(fx.connectionId, { refreshTokens: { [fx.appid]: 'not-a-refresh-token' } });
    try {
      const text = await invoke(uri);
      assert.match(text, /Failed: the call could not be made or was refused; the function did not answer\./);
      assert.match(text, /61023/);
    } finally {
      await fx.api.store.updateSecrets(fx.connectionId, { refreshTokens: { [fx.appid]: fx.emulator.credentials.authorizer_refresh_token } });
    }
  });

  it('says a missing function is missing', async () => {
    const text = await invoke(await writeEvent('noSuchFunction', 'x', '{}'));
    assert.match(text, /function noSuchFunction was not found in environment/);
    assert.match(text, /errcode: -501009/);
  });

  it('sends nothing for invalid JSON and puts a diagnostic where the error is', async () => {
    const uri = await writeEvent('sum', 'broken', '{\n  "a": 1\n  "b": 2\n}\n');
    const before = invokes();
    const result = await vscode.commands.executeCommand('wxcloud.invokeFunction', uri);
    assert.equal(result, undefined, 'no result document for an invalid event');
    assert.equal(invokes(), before, 'the event reached the emulator');
    const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'WeChat Cloud');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostics[0]!.range.start.line, 2, 'the error is on the line of "b"');
    assert.match(diagnostics[0]!.message, /line 3, column 3/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'the event file is shown');
  });

  it('refuses an event larger than the API accepts, with its size, and sends nothing', async () => {
    const uri = await writeEvent('sum', 'huge', JSON.stringify({ s: 'x'.repeat(1_000_000) }));
    const before = invokes();
    assert.equal(await vscode.commands.executeCommand('wxcloud.invokeFunction', uri), undefined);
    assert.equal(invokes(), before, 'the event reached the emulator');
    const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'WeChat Cloud');
    assert.match(diagnostics[0]?.message ?? '', /The event is 1000008 bytes; the limit is 1000000 bytes/);
    await vscode.workspace.fs.delete(uri);
  });

  it('invokes the event in the active editor from the palette', async () => {
    const uri = await writeEvent('sum', 'palette', '{ "a": 100, "b": 1 }');
    await vscode.window.showTextDocument(uri);
    assert.match(await invoke(undefined), /^101$/m);
  });

  it('deletes an event only after the user confirms', async () => {
    const uri = await writeEvent('sum', 'doomed', '{}');
    await withAnswers(fx.api, [{ confirm: false }], () => vscode.commands.executeCommand('wxcloud.deleteEvent', uri));
    assert.ok(await exists(uri), 'kept when the user said no');
    await withAnswers(fx.api, [{ confirm: true }], () => vscode.commands.executeCommand('wxcloud.deleteEvent', uri));
    assert.equal(await exists(uri), false, 'deleted after the user confirmed');
  });

  it('creates, remembers and renames named events', async () => {
    const node = await fx.functionNode('sum');
    const created = await withAnswers(fx.api, [{ ask: '我的 event' }], () => vscode.commands.executeCommand<vscode.Uri>('wxcloud.newEvent', node));
    assert.ok(created?.path.endsWith('/sum/我的 event.json'), created?.path);
    const doc = await vscode.workspace.openTextDocument(created);
    assert.match(doc.getText(), /"a": 1/, 'seeded from cloudbaserc.json');
    // The new event becomes the last used one: the row's invoke sends it, as the editor shows it, saved or not.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(created, new vscode.Range(0, 0, doc.lineCount, 0), '{ "a": 20, "b": 3 }\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(doc.isDirty);
    assert.match(await invoke(node), /^23$/m);
    await doc.save();
    const renamed = await withAnswers(fx.api, [{ ask: 'renamed' }], () => vscode.commands.executeCommand<vscode.Uri>('wxcloud.renameEvent', created));
    assert.ok(renamed?.path.endsWith('/sum/renamed.json'), renamed?.path);
    assert.match(await invoke(node), /^23$/m, 'the renamed event is still the last used one');
  });

  it('runs the same event against the local copy and shows both results side by side', async function () {
    this.timeout(60_000);
    // The row's last used event is the one invoked last.
    await invoke(await writeEvent('dailyReport', 'feb', '{ "date": "2025-02-03" }'));
    const node = await fx.functionNode('dailyReport');
    const both = await vscode.commands.executeCommand<{ remote: vscode.Uri; local: vscode.Uri } | undefined>('wxcloud.invokeLocally', node);
    try {
      assert.ok(both, 'Invoke Locally failed: see the log');
      const remote = (await vscode.workspace.openTextDocument(both.remote)).getText();
      const local = (await vscode.workspace.openTextDocument(both.local)).getText();
      assert.match(remote, /"date": "2025-02-03"/);
      assert.match(local, /"date": "2025-02-03"/);
      assert.match(local, /Event: feb/);
      assert.match(local, /^\/\/ dailyReport · environment \S+ · local emulator$/m);
      assert.match(remote, /Test platform test-invoke/);
      assert.ok(both.local.path.endsWith('dailyReport-local-result.json'), both.local.path);
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.input);
      assert.ok(
        tabs.some((input) => input instanceof vscode.TabInputTextDiff && input.original.toString() === both.remote.toString() && input.modified.toString() === both.local.toString()),
        'no diff editor of the two results',
      );
    } finally {
      await vscode.commands.executeCommand('wxcloud.stopEmulator');
    }
  });

  it('keeps the history across a reload, and opens or re-runs a past result', async () => {
    await invoke(await writeEvent('sum', 'answer', '{\n  // forty-two\n  "a": 2,\n  "b": 40\n}\n'));
    await invoke(await writeEvent('fail', 'boom', '{ "reason": "integration" }'));
    // A store re-created on the same global state, as after a window reload.
    const reloaded = new HistoryStore(fx.api.invoke.history.memento, () => 20);
    const sums = reloaded.forFunction(fx.env, 'sum');
    const answer = sums.find((r) => r.eventName === 'answer');
    assert.ok(answer, `no run of the "answer" event in ${JSON.stringify(sums.map((r) => r.eventName))}`);
    assert.equal(answer.event, '{"a":2,"b":40}', 'comments are stripped from what was sent');
    assert.equal(answer.outcome.kind, 'ok');
    assert.ok(answer.durationMs !== undefined && answer.time > 0);
    const failed = reloaded.forFunction(fx.env, 'fail')[0];
    assert.equal(failed?.outcome.kind, 'failed');

    const opened = await fx.api.invoker.openRecord(answer);
    assert.match((await vscode.workspace.openTextDocument(opened)).getText(), /^42$/m);

    const before = invokes();
    const again = await fx.api.invoker.rerun(answer);
    assert.equal(invokes(), before + 1, 'one invoke went to the same connection');
    assert.match((await vscode.workspace.openTextDocument(again.uri)).getText(), /^42$/m);
    assert.equal(reloaded.forFunction(fx.env, 'sum')[0]?.id, again.record.id, 'the re-run is the newest entry');
  });
});
