// A third-party platform at scale in a real VS Code: 300 authorized mini programs shown by
// name (read lazily, a few at a time, kept), a name that cannot be read shown on its own row,
// Filter Mini Programs…, and the platform's own environments listing their functions through
// componenttcb/getscflist with paging, filter and Load more.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import type { WxCloudApi } from '../../src/extension';
import type { UserInput } from '../../src/editor/prompts';
import type { AuthorizerNode } from '../../src/tree/authorizerNode';
import type { AuthorizersNode } from '../../src/tree/authorizersNode';
import type { ExplorerNode } from '../../src/tree/explorerNode';
import { children, extensionApi, labelOf, removeAllConnections, rowText, setGlobal, walk } from './helpers';
import { withAnswers } from './support/scriptedInput';

const INFO = 'cgi-bin/component/api_get_authorizer_info';
const LIST = 'cgi-bin/component/api_get_authorizer_list';
const SCF = 'componenttcb/getscflist';

/** A real HTTP hop in front of the emulator that answers one mini program's name with 61003, as WeChat does once it is no longer authorized. */
async function proxyFailingName(target: string, appid: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      void (async () => {
        if (req.url?.startsWith(`/${INFO}?`) && (JSON.parse(body.toString('utf8')) as { authorizer_appid?: string }).authorizer_appid === appid) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errcode: 61003, errmsg: 'component is not authorized by this account rid: 6612a0b1-3c4d5e6f-0a1b2c3d' }));
          return;
        }
        const answer = await fetch(`${target}${req.url ?? '/'}`, { method: req.method, body: body.length ? body : undefined });
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await answer.arrayBuffer()));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('platform at scale', function () {
  this.timeout(90_000);
  let api: WxCloudApi;
  let emulator: RunningEmulator;
  const calls = (path: string) => emulator.stats().byEndpoint[path] ?? 0;

  before(async () => {
    api = await extensionApi();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    emulator = await startEmulator({ projectDir: folder, synthetic: { authorizers: 300, envs: 1, functions: 45 }, log: () => undefined });
  });

  after(async () => {
    await removeAllConnections(api);
    await setGlobal('functions.pageSize', undefined);
    await emulator?.close();
  });

  beforeEach(async () => {
    await removeAllConnections(api);
    emulator.resetStats();
  });

  async function connect(id: string, baseUrl = emulator.url): Promise<AuthorizersNode> {
    const { credentials } = emulator;
    await api.store.add(
      { id, name: id, kind: 'platform', baseUrl, componentAppid: credentials.component_appid },
      { componentToken: credentials.component_access_token },
      { ephemeral: true },
    );
    return (await walk(api, id, 'Authorized mini programs')) as AuthorizersNode;
  }

  it('shows 304 mini programs by name, the AppID as description and in the tooltip, read once each without reloading the list', async () => {
    const list = await connect('names');
    const rows = await children(api, list);
    // From the moment the list shows: what is redrawn as the names arrive.
    const redrawn: ExplorerNode[][] = [];
    const listening = api.explorer.onDidChangeTreeData((e) => redrawn.push(e === undefined ? [] : Array.isArray(e) ? e : [e]));
    try {
      assert.equal(rows.length, 304);
      assert.equal(list.description, '304');
      await list.namesRead();
      const byAppid = new Map(rows.map((r) => [(r as AuthorizerNode).appid, r as AuthorizerNode]));
      const own = byAppid.get(emulator.credentials.appid)!;
      assert.equal(rowText(own), `云开发演示 — ${emulator.credentials.appid}`);
      assert.match((own.tooltip as vscode.MarkdownString).value, new RegExp(emulator.credentials.appid));
      assert.match((own.tooltip as vscode.MarkdownString).value, /深圳市演示科技有限公司/);
      const synthetic = byAppid.get(`wxf0${(123).toString(16).padStart(14, '0')}`)!;
      assert.equal(labelOf(synthetic), '花店小铺 0123');
      // No row is left on its AppID: every one has its name.
      assert.deepEqual(rows.filter((r) => labelOf(r) === (r as AuthorizerNode).appid).map(rowText), []);
      // A row the list gives no refresh token still says so beside its AppID.
      assert.match(rowText(byAppid.get('wx2a4c6e8b0d1f3a57')!), /^云上博客 — wx2a4c6e8b0d1f3a57 · refresh token missing$/);

      assert.equal(calls(INFO), 304, 'each name read once');
      assert.equal(calls(LIST), 1, 'the list was read once');
      const redrawnRows = redrawn.flat();
      assert.ok(!redrawnRows.includes(list), 'the list row was never reloaded for the names');
      assert.equal(new Set(redrawnRows.filter((r) => /^wxcloud\.authorizer;/.test(r.contextValue ?? ''))).size, 304, 'every row was redrawn with its name');
      assert.ok(redrawn.length < 304, `names were redrawn in batches (${redrawn.length} changes)`);

      // Expanding again reads nothing; a refresh reads the list and the names again.
      await children(api, list);
      assert.equal(calls(INFO), 304);
      await vscode.commands.executeCommand('wxcloud.refresh', list);
      const again = await children(api, list);
      await list.namesRead();
      assert.equal(calls(LIST), 2);
      assert.equal(calls(INFO), 608);
      assert.equal(labelOf(again[0]!), '云开发演示');
    } finally {
      listening.dispose();
    }
  });

  it('a name that cannot be read shows on its own row, with the AppID and the error; the others keep their names', async () => {
    const failing = `wxf0${(7).toString(16).padStart(14, '0')}`;
    const proxy = await proxyFailingName(emulator.url, failing);
    try {
      const list = await connect('failing', proxy.url);
      const rows = await children(api, list);
      await list.namesRead();
      assert.equal(rows.length, 304, 'the list itself did not fail');
      const bad = rows.find((r) => (r as AuthorizerNode).appid === failing)!;
      assert.equal(rowText(bad), `${failing} — name unavailable`);
      assert.match((bad.tooltip as vscode.MarkdownString).value, /61003/);
      assert.equal(String(bad.contextValue), 'wxcloud.authorizer;refreshable', 'still an authorized mini program, not an error row');
      const named = rows.filter((r) => labelOf(r) !== (r as AuthorizerNode).appid);
      assert.equal(named.length, 303);
    } finally {
      await proxy.close();
    }
  });

  it('Filter Mini Programs… picks one among all by name or AppID and reveals it', async () => {
    const list = await connect('filter');
    await children(api, list);
    await list.namesRead();
    await vscode.commands.executeCommand('wxcloud.explorer.focus');

    await withAnswers(api, [{ pick: '影院小铺 0249' }], () => vscode.commands.executeCommand('wxcloud.filterMiniPrograms', list));
    assert.equal(api.treeView.selection[0]?.id, `${list.id}/authorizer:wxf0${(249).toString(16).padStart(14, '0')}`);

    // From the palette (no row): the only platform connection's list, every row offered, found by AppID.
    const target = `wxf0${(42).toString(16).padStart(14, '0')}`;
    let offered: vscode.QuickPickItem[] = [];
    let options: vscode.QuickPickOptions = {};
    const byAppid: UserInput = {
      ask: () => Promise.resolve(undefined),
      confirm: () => Promise.resolve(undefined),
      saveTo: () => Promise.resolve(undefined),
      openFrom: () => Promise.resolve(undefined),
      pickMany: () => Promise.resolve(undefined),
      pick: async <T extends vscode.QuickPickItem>(items: T[] | Promise<T[]>, o: vscode.QuickPickOptions): Promise<T | undefined> => {
        const list = await items;
        offered = list;
        options = o;
        return list.find((i) => i.description === target);
      },
    };
    const installed = api.input.use(byAppid);
    try {
      await vscode.commands.executeCommand('wxcloud.filterMiniPrograms');
    } finally {
      installed.dispose();
    }
    assert.equal(offered.length, 304);
    assert.equal(options.matchOnDescription, true, 'typing an AppID finds its row');
    assert.equal(api.treeView.selection[0]?.id, `${list.id}/authorizer:${target}`);
  });

  it('a platform environment lists its functions through getscflist, with Load more, a filter on the server, and invoke', async () => {
    await setGlobal('functions.pageSize', 20);
    await connect('own-envs');
    const functions = await walk(api, 'own-envs', 'Platform environments', 'synthetic-0', 'Functions');
    assert.equal(functions.description, '45');
    let rows = await children(api, functions);
    assert.equal(rows.length, 21);
    assert.equal(rowText(rows[20]!), 'Load more… — 20 of 45');
    await vscode.commands.executeCommand('wxcloud.loadMore', functions);
    await vscode.commands.executeCommand('wxcloud.loadMore', functions);
    rows = await children(api, functions);
    assert.deepEqual([rows.length, labelOf(rows[44]!)], [45, 'fn_00044']);
    assert.equal(calls('tcb/listfunctions'), 0, 'never the authorizer list');
    assert.ok(!rows.some((r) => /authorizer_access_token/.test(rowText(r))), rows.map(rowText).join(' | '));

    await setGlobal('functions.pageSize', 4);
    const before = calls(SCF);
    await withAnswers(api, [{ ask: 'FN_0001' }], () => vscode.commands.executeCommand('wxcloud.filterFunctions', functions));
    rows = await children(api, functions);
    assert.deepEqual(rows.map(rowText), ['fn_00010 — Nodejs16.13 · Active', 'fn_00011 — Nodejs16.13 · Active', 'fn_00012 — Nodejs16.13 · Active', 'fn_00013 — Nodejs16.13 · Active', 'Load more… — 4 of 10']);
    assert.equal(functions.description, 'filter: FN_0001');
    assert.equal(calls(SCF), before + 1, 'one page of matches, found by the server');
    await vscode.commands.executeCommand('wxcloud.loadMore', functions);
    await vscode.commands.executeCommand('wxcloud.loadMore', functions);
    rows = await children(api, functions);
    assert.deepEqual(rows.map(labelOf), ['fn_00010', 'fn_00011', 'fn_00012', 'fn_00013', 'fn_00014', 'fn_00015', 'fn_00016', 'fn_00017', 'fn_00018', 'fn_00019']);
    await withAnswers(api, [{ ask: 'nothing-like-this' }], () => vscode.commands.executeCommand('wxcloud.filterFunctions', functions));
    assert.deepEqual((await children(api, functions)).map(rowText), ['No function name contains “nothing-like-this”']);
    await vscode.commands.executeCommand('wxcloud.clearFunctionFilter', functions);
    assert.equal((await children(api, functions)).length, 5);

    // Invoke works there with the component token (seed 003).
    const fn = (await children(api, functions))[3]!;
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('wxcloud.invokeFunction', fn);
    assert.ok(uri, 'the invoke opened no result document');
    assert.match((await vscode.workspace.openTextDocument(uri)).getText(), /"event"/);
    assert.equal(calls('tcb/invokecloudfunction'), 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
