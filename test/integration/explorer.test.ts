// The explorer in a real VS Code against the emulator: each way of connecting, the whole demo
// tree, paging and filtering, and what the user sees for expired, wrong-kind and missing tokens,
// 85088 and an unreachable server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import type { WxCloudApi } from '../../src/extension';
import { child, children, extensionApi, labelOf, removeAllConnections, rowText, setGlobal, walk } from './helpers';
import { withAnswers } from './support/scriptedInput';
import type { AuthorizersNode } from '../../src/tree/authorizersNode';

const DEMO_ENV = 'demo-env-1a2b3c';

describe('explorer', function () {
  this.timeout(60_000);
  let api: WxCloudApi;
  let emulator: RunningEmulator;

  before(async () => {
    api = await extensionApi();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    emulator = await startEmulator({ projectDir: folder, synthetic: { envs: 1, functions: 250 }, log: () => undefined });
    await setGlobal('api.baseUrl', emulator.url);
  });

  after(async () => {
    await removeAllConnections(api);
    await setGlobal('api.baseUrl', undefined);
    await setGlobal('functions.pageSize', undefined);
    await emulator?.close();
  });

  beforeEach(async () => {
    await removeAllConnections(api);
  });

  it('starts with no connection: the welcome view is shown', async () => {
    assert.deepEqual(await children(api), []);
  });

  it('a platform connection lists platform environments and authorized mini programs', async () => {
    const { credentials } = emulator;
    await api.store.add(
      { id: 'p1', name: 'Demo platform', kind: 'platform', baseUrl: emulator.url, componentAppid: credentials.component_appid },
      { componentToken: credentials.component_access_token },
    );
    const root = await walk(api, 'Demo platform');
    assert.match(rowText(root), /Third-party platform wx/);
    assert.deepEqual((await children(api, root)).map(labelOf), ['Platform environments', 'Authorized mini programs']);

    const authorizers = await walk(api, 'Demo platform', 'Authorized mini programs');
    await children(api, authorizers);
    await (authorizers as AuthorizersNode).namesRead();
    const rows = (await children(api, authorizers)).map(rowText);
    assert.ok(rows.includes(`云开发演示 — ${credentials.appid}`), rows.join(' | '));
    assert.ok(rows.some((r) => /refresh token missing/.test(r)), `an authorizer without refresh token is marked: ${rows.join(' | ')}`);

    const env = await walk(api, 'Demo platform', 'Authorized mini programs', credentials.appid, /./);
    assert.equal(labelOf(env), 'demo-env', 'the row shows the alias');
    assert.equal(env.id.split('/').pop(), `env:${DEMO_ENV}`);
    const functions = await child(api, env, 'Functions');
    assert.equal(functions.description, '8');
    const names = (await children(api, functions)).map(labelOf);
    assert.deepEqual([...names].sort(), ['dailyReport', 'fail', 'login', 'orderReport', 'orderStats', 'slow', 'sum', 'todos']);

    const website = await child(api, env, 'Static website');
    assert.match(String(website.description), /^online · demo-env-1a2b3c-\d+\.tcloudbaseapp\.com$/);

    const daily = await child(api, functions, 'dailyReport');
    assert.equal(daily.contextValue?.includes('invokable'), true);
    const dailyRows = (await children(api, daily)).map(rowText);
    assert.ok(dailyRows.some((r) => /timer · 0 0 2 \* \* \* \*/.test(r)), dailyRows.join(' | '));
    assert.ok(dailyRows.includes('Environment config — config type 3'), dailyRows.join(' | '));
    assert.ok(dailyRows.includes('Cloud-call permissions — config type 1'), dailyRows.join(' | '));
    assert.ok(dailyRows.includes('Timer triggers — config type 2'), dailyRows.join(' | '));
  });

  it('Select Environment makes an environment the active one, shown in the status bar', async () => {
    const { credentials } = emulator;
    await api.store.add(
      { id: 'p5', name: 'Active', kind: 'platform', baseUrl: emulator.url, componentAppid: credentials.component_appid },
      { componentToken: credentials.component_access_token },
    );
    const env = await walk(api, 'Active', 'Authorized mini programs', credentials.appid, 'demo-env');
    await vscode.commands.executeCommand('wxcloud.selectEnvironment', env);
    const active = api.active.get();
    assert.equal(active?.env, DEMO_ENV);
    assert.equal(active?.label, 'Active · demo-env');
    assert.equal(active?.nodeId, env.id);
  });

  it('an authorized mini program without cloud development shows 85088, not an empty list', async () => {
    const { credentials } = emulator;
    await api.store.add(
      { id: 'p2', name: 'Platform', kind: 'platform', baseUrl: emulator.url, componentAppid: credentials.component_appid },
      { componentToken: credentials.component_access_token },
    );
    const noCloud = emulator.authorizers.find((a) => !a.cloud);
    assert.ok(noCloud);
    const rows = await children(api, await walk(api, 'Platform', 'Authorized mini programs', noCloud.appid));
    assert.equal(rows.length >= 1, true);
    assert.match(rowText(rows[0]), /85088/);
    assert.match(String(rows[0].contextValue), /error/);
  });

  it('an authorizer the list gives no refresh token asks for it, and lists once it is set', async () => {
    const { credentials } = emulator;
    await api.store.add(
      { id: 'p4', name: 'Gaps', kind: 'platform', baseUrl: emulator.url, componentAppid: credentials.component_appid },
      { componentToken: credentials.component_access_token },
    );
    const hidden = emulator.authorizers.find((a) => a.appid === 'wx2a4c6e8b0d1f3a57');
    assert.ok(hidden);
    const node = await walk(api, 'Gaps', 'Authorized mini programs', hidden.appid);
    assert.match(String(node.description), /refresh token missing$/);
    const rows = await children(api, node);
    assert.equal(rowText(rows[0]), 'This mini program needs its authorizer refresh token — Set…');
    assert.equal(rows[0].command?.command, 'wxcloud.setRefreshToken');

    await api.store.updateSecrets('p4', { refreshTokens: { [hidden.appid]: hidden.refresh_token } });
    const envs = (await children(api, await walk(api, 'Gaps', 'Authorized mini programs', hidden.appid))).map(rowText);
    assert.deepEqual(envs.map((r) => r.split(' — ')[0]).sort(), ['blog', 'blog-old']);
  });

  it('a halted environment says HALTED in words, not only by its icon', async () => {
    const { credentials } = emulator;
    const blog = emulator.authorizers.find((a) => a.appid === 'wx2a4c6e8b0d1f3a57');
    assert.ok(blog);
    await api.store.add(
      { id: 'p6', name: 'Halted', kind: 'platform', baseUrl: emulator.url, componentAppid: credentials.component_appid },
      { componentToken: credentials.component_access_token, refreshTokens: { [blog.appid]: blog.refresh_token } },
    );
    const envs = await children(api, await walk(api, 'Halted', 'Authorized mini programs', blog.appid));
    const halted = envs.find((e) => labelOf(e) === 'blog-old');
    const running = envs.find((e) => labelOf(e) === 'blog');
    assert.ok(halted && running, envs.map(rowText).join(' | '));
    assert.match(String(halted.description), /^HALTED · blog-old-1b2c3d/);
    assert.doesNotMatch(String(running.description), /HALTED|UNAVAILABLE/);
  });

  it('a mini program from AppID + AppSecret: environments from cloudbaserc.json and functions from the workspace, with what listing needs', async () => {
    await api.store.add({ id: 'm1', name: 'Demo app', kind: 'miniProgram', appid: emulator.credentials.appid, baseUrl: emulator.url }, { appSecret: emulator.credentials.secret });
    const rows = (await children(api, await walk(api, 'Demo app'))).map(rowText);
    assert.match(rows[0], /Listing environments needs an authorizer_access_token — Add…/);
    assert.ok(rows.some((r) => r.startsWith(`${DEMO_ENV} — from cloudbaserc.json`)), rows.join(' | '));
    const functions = await walk(api, 'Demo app', DEMO_ENV, 'Functions');
    const fnRows = (await children(api, functions)).map(rowText);
    assert.match(fnRows[0], /Listing functions needs an authorizer_access_token — Add…/);
    assert.ok(fnRows.includes('sum — in workspace'), fnRows.join(' | '));
    const site = await walk(api, 'Demo app', DEMO_ENV, 'Static website');
    assert.match((await children(api, site)).map(rowText).join(' | '), /Static website needs a component_access_token — Add…/);
  });

  it('an envId that would climb out of the workspace is shown as a problem and never becomes a path', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const rcUri = vscode.Uri.joinPath(folder, 'cloudbaserc.json');
    const original = await vscode.workspace.fs.readFile(rcUri);
    const escaped = '../../../../escaped';
    try {
      const rc = JSON.parse(new TextDecoder().decode(original)) as Record<string, unknown>;
      await vscode.workspace.fs.writeFile(rcUri, new TextEncoder().encode(JSON.stringify({ ...rc, envId: escaped })));
      await api.store.add({ id: 'm3', name: 'Steered', kind: 'miniProgram', appid: emulator.credentials.appid, baseUrl: emulator.url }, { appSecret: emulator.credentials.secret });
      const rows = await children(api, await walk(api, 'Steered'));
      const problem = rows.find((r) => labelOf(r).includes('envId'));
      assert.ok(problem, rows.map(rowText).join(' | '));
      assert.equal(labelOf(problem), 'cloudbaserc.json envId "../../../../escaped" is not used: it contains / or \\');
      assert.match(String(problem.contextValue), /error/);
      assert.ok(!rows.some((r) => labelOf(r) === escaped), 'no environment row for it');

      await assert.rejects(api.invoke.events.ensure(escaped, 'login'), /Events cannot be kept under the name "..\/..\/..\/..\/escaped": it contains \/ or \\/);
      const outside = vscode.Uri.joinPath(api.invoke.events.root(), escaped);
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(outside)), 'nothing was created outside the events folder');
    } finally {
      await vscode.workspace.fs.writeFile(rcUri, original);
    }
  });

  it('a mini program asks for its token once: reloads, session resets and settings changes reuse it', async () => {
    const calls = (path: string) => emulator.stats().byEndpoint[path] ?? 0;
    await fetch(`${emulator.url}/_emulator/stats/reset`, { method: 'POST', headers: { 'x-wxcloud-emulator-key': emulator.controlKey } });
    await api.store.add({ id: 'm4', name: 'Once', kind: 'miniProgram', appid: emulator.credentials.appid, baseUrl: emulator.url }, { appSecret: emulator.credentials.secret });
    const rows = (await children(api, await walk(api, 'Once'))).map(rowText);
    assert.match(rows[0], /Listing environments needs an authorizer_access_token — Add…/);
    assert.equal(calls('cgi-bin/stable_token'), 1);

    const listed = calls('tcb/getenvinfo');
    api.explorer.refresh();
    await children(api, await walk(api, 'Once'));
    assert.equal(calls('tcb/getenvinfo'), listed + 1, 'one request per reload');

    api.sessions.reset();
    api.explorer.reloadConnections();
    await children(api, await walk(api, 'Once'));
    await setGlobal('cache.ttlSeconds', 10);
    api.explorer.reloadConnections();
    await children(api, await walk(api, 'Once'));
    await setGlobal('cache.ttlSeconds', undefined);
    assert.equal(calls('cgi-bin/stable_token'), 1, 'the token was reused');

    const kept = await api.store.keptToken('m4');
    assert.equal(kept?.appid, emulator.credentials.appid, 'kept in secret storage for the next window');
    const state = JSON.stringify(api.extension.globalState.keys().map((k) => api.extension.globalState.get(k)));
    assert.ok(kept && !state.includes(kept.token), 'never in global state');
    await api.store.remove('m4');
    assert.equal(await api.store.keptToken('m4'), undefined, 'signing out forgets it');
  });

  it('a wrong AppSecret shows WeChat’s 40125 where the environments would be', async () => {
    await api.store.add({ id: 'm2', name: 'Bad secret', kind: 'miniProgram', appid: emulator.credentials.appid, baseUrl: emulator.url }, { appSecret: 'wrong' });
    const rows = (await children(api, await walk(api, 'Bad secret'))).map(rowText);
    assert.match(rows.join(' | '), /40125/);
  });

  it('a pasted authorizer token lists the environments of its mini program', async () => {
    await api.store.add(
      { id: 't1', name: 'Pasted', kind: 'token', tokenKind: 'authorizer', appid: emulator.credentials.appid, baseUrl: emulator.url },
      { token: emulator.credentials.authorizer_access_token },
    );
    const env = await walk(api, 'Pasted', (await children(api, await walk(api, 'Pasted'))).map(labelOf)[0]);
    const functions = await child(api, env, 'Functions');
    assert.ok(Number(functions.description) >= 5);
  });

  it('an expired pasted token says so and offers to replace it', async () => {
    await api.store.add(
      { id: 't2', name: 'Old token', kind: 'token', tokenKind: 'authorizer', baseUrl: emulator.url },
      { token: 'expired-token-value', tokenExpiresAt: Date.now() - 60_000 },
    );
    const root = await walk(api, 'Old token');
    assert.equal(root.description, 'token expired');
    const rows = await children(api, root);
    assert.match(rowText(rows[0]), /The pasted token has expired — Replace…/);
    assert.equal(rows[0].command?.command, 'wxcloud.replaceToken');
  });

  it('a token the server rejects shows the errcode with Retry, never an empty list', async () => {
    await api.store.add({ id: 't3', name: 'Bad token', kind: 'token', tokenKind: 'authorizer', baseUrl: emulator.url }, { token: 'not-a-real-token' });
    const rows = await children(api, await walk(api, 'Bad token'));
    assert.match(rowText(rows[0]), /40014/);
    assert.equal(rows[0].command?.command, 'wxcloud.refresh');
    assert.ok(rows.some((r) => r.command?.command === 'wxcloud.replaceToken'));
  });

  it('an unreachable server becomes an error row', async () => {
    await api.store.add({ id: 't4', name: 'Nowhere', kind: 'token', tokenKind: 'authorizer', baseUrl: 'http://127.0.0.1:9' }, { token: 'x' });
    await setGlobal('api.timeoutSeconds', 2);
    const rows = await children(api, await walk(api, 'Nowhere'));
    assert.match(rowText(rows[0]), /^Could not connect: /);
    assert.match(String(rows[0].contextValue), /wxcloud\.message;error/);
    await setGlobal('api.timeoutSeconds', undefined);
  });

  it('pages through 250 functions with Load more, and filters by name across all pages', async () => {
    await setGlobal('functions.pageSize', 100);
    await api.store.add(
      { id: 't5', name: 'Big', kind: 'token', tokenKind: 'authorizer', appid: emulator.credentials.appid, baseUrl: emulator.url },
      { token: emulator.credentials.authorizer_access_token },
    );
    const functions = await walk(api, 'Big', /^synthetic-0/, 'Functions');
    assert.equal(functions.description, '250');
    let rows = await children(api, functions);
    assert.equal(rows.length, 101);
    assert.equal(rowText(rows[100]), 'Load more… — 100 of 250');
    await vscode.commands.executeCommand('wxcloud.loadMore', functions);
    rows = await children(api, functions);
    assert.equal(rows.length, 201);
    await vscode.commands.executeCommand('wxcloud.loadMore', functions);
    rows = await children(api, functions);
    assert.equal(rows.length, 250);
    assert.equal(labelOf(rows[249]), 'fn_00249');

    await withAnswers(api, [{ ask: '_0024' }], () => vscode.commands.executeCommand('wxcloud.filterFunctions', functions));
    const filtered = await children(api, functions);
    assert.deepEqual(filtered.map(labelOf), ['fn_00240', 'fn_00241', 'fn_00242', 'fn_00243', 'fn_00244', 'fn_00245', 'fn_00246', 'fn_00247', 'fn_00248', 'fn_00249']);
    assert.equal(functions.description, 'filter: _0024');
  });

  it('filtering reads the pages already fetched; only a refresh fetches them again', async () => {
    await setGlobal('functions.pageSize', 100);
    await api.store.add(
      { id: 't6', name: 'Filtered', kind: 'token', tokenKind: 'authorizer', appid: emulator.credentials.appid, baseUrl: emulator.url },
      { token: emulator.credentials.authorizer_access_token },
    );
    const functions = await walk(api, 'Filtered', /^synthetic-0/, 'Functions');
    await withAnswers(api, [{ ask: 'fn_001' }], () => vscode.commands.executeCommand('wxcloud.filterFunctions', functions));
    assert.equal((await children(api, functions)).length, 100);
    const listed = () => emulator.stats().byEndpoint['tcb/listfunctions'] ?? 0;
    const before = listed();
    await withAnswers(api, [{ ask: 'fn_0024' }], () => vscode.commands.executeCommand('wxcloud.filterFunctions', functions));
    assert.deepEqual((await children(api, functions)).map(labelOf).slice(0, 2), ['fn_00240', 'fn_00241']);
    await withAnswers(api, [{ ask: '' }], () => vscode.commands.executeCommand('wxcloud.filterFunctions', functions));
    assert.equal((await children(api, functions)).length, 101);
    assert.equal(listed(), before, 'changing the filter fetched no page again');
    await withAnswers(api, [{ ask: 'fn_0024' }], () => vscode.commands.executeCommand('wxcloud.filterFunctions', functions));
    await children(api, functions);
    await vscode.commands.executeCommand('wxcloud.refresh', functions);
    await children(api, functions);
    assert.equal(listed(), before + 3, 'a refresh fetched every page again');
  });

  it('a refresh goes to the server even within the cache lifetime', async () => {
    const { credentials } = emulator;
    await api.store.add(
      { id: 'p3', name: 'Refreshing', kind: 'platform', baseUrl: emulator.url, componentAppid: credentials.component_appid },
      { componentToken: credentials.component_access_token },
    );
    const platformEnvs = await walk(api, 'Refreshing', 'Platform environments');
    await children(api, platformEnvs);
    const before = emulator.stats().byEndpoint['componenttcb/describeenvs'] ?? 0;
    await vscode.commands.executeCommand('wxcloud.refresh', platformEnvs);
    await children(api, platformEnvs);
    assert.equal(emulator.stats().byEndpoint['componenttcb/describeenvs'], before + 1);
  });

  it('Refresh of the whole view reloads every row below it from the server, not from the cache', async () => {
    const { credentials } = emulator;
    await api.store.add(
      { id: 'p6', name: 'Whole view', kind: 'platform', baseUrl: emulator.url, componentAppid: credentials.component_appid },
      { componentToken: credentials.component_access_token, refreshTokens: { [credentials.appid]: credentials.authorizer_refresh_token } },
    );
    const functionsRow = () => walk(api, 'Whole view', 'Authorized mini programs', credentials.appid, 'demo-env', 'Functions');
    await children(api, await functionsRow());
    const calls = (path: string) => emulator.stats().byEndpoint[path] ?? 0;
    const before = { envs: calls('tcb/getenvinfo'), functions: calls('tcb/listfunctions') };
    await vscode.commands.executeCommand('wxcloud.refresh');
    await children(api, await functionsRow());
    assert.equal(calls('tcb/getenvinfo'), before.envs + 1, 'the environments were listed again');
    assert.equal(calls('tcb/listfunctions'), before.functions + 1, 'the functions were listed again');
  });

  it('Start Local Emulator adds a Local emulator connection serving the workspace', async () => {
    await vscode.commands.executeCommand('wxcloud.startEmulator');
    const roots = await children(api);
    assert.equal(roots.length, 1);
    assert.match(labelOf(roots[0]), /^Local emulator \(/);
    const authorizers = await child(api, roots[0], 'Authorized mini programs');
    const own = await child(api, authorizers, emulator.credentials.appid);
    const envs = await children(api, own);
    assert.deepEqual(envs.map((e) => e.id.split('/').pop()), [`env:${DEMO_ENV}`]);
    await vscode.commands.executeCommand('wxcloud.stopEmulator');
    assert.deepEqual(await children(api), []);
  });
});
