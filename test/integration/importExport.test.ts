// Export Collection… and Import into Collection… in the real editor against the emulator:
// the file the export saves, the documents an import leaves (read back through the API), a
// confirmation answered no, and the platform's own environments refused with a clear message.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WxCloudClient } from '../../src/core/client';
import { CloudDatabase } from '../../src/core/database/cloudDatabase';
import type { ImportOutcome } from '../../src/core/database/migrate';
import { addQuery, getQuery } from '../../src/core/database/queryText';
import { createStaticTokenSource } from '../../src/core/tokens/staticToken';
import type { ExplorerNode } from '../../src/tree/explorerNode';
import { connectEmulator, type EmulatorFixture } from './support/emulatorConnection';
import { answerPrompts, withAnswers, type Answer } from './support/scriptedInput';

describe('import and export', () => {
  let fx: EmulatorFixture;
  let dir: string;
  let db: CloudDatabase;
  // Each run gets collections of its own: the emulator's data folder outlives a suite.
  const suffix = Date.now().toString(36);
  const names = { export: `ieExport_${suffix}`, jsonl: `ieJsonl_${suffix}`, csv: `ieCsv_${suffix}`, declined: `ieNo_${suffix}` };

  const row = async (parent: ExplorerNode | undefined, id: string): Promise<ExplorerNode> => {
    const rows = await fx.api.explorer.settledChildren(parent);
    const found = rows.find((r) => r.id === id);
    assert.ok(found, `no row ${id}: ${rows.map((r) => r.id).join(', ')}`);
    return found;
  };
  const collectionRow = async (name: string): Promise<ExplorerNode> => {
    const env = await fx.environmentNode();
    const database = await row(env, `${env.id}/database`);
    return row(database, `${database.id}/collection:${name}`);
  };
  const documents = async (collection: string) =>
    (await db.query(getQuery({ collection, orderBy: [{ field: '_id', direction: 'asc' }], limit: 100 }))).documents.map((d) => d.value as Record<string, unknown>);
  const file = (name: string, text: string): vscode.Uri => {
    const full = path.join(dir, name);
    writeFileSync(full, text);
    return vscode.Uri.file(full);
  };

  before(async function () {
    this.timeout(60_000);
    fx = await connectEmulator('test import-export');
    dir = mkdtempSync(path.join(tmpdir(), 'wxcloud-ie-'));
    const token = fx.emulator.credentials.authorizer_access_token;
    db = new CloudDatabase(new WxCloudClient({ baseUrl: fx.emulator.url, identity: 'ie-test', cacheTtlMs: 0, credentials: { authorizer: createStaticTokenSource({ kind: 'authorizer', token }) } }), fx.env);
    for (const name of Object.values(names)) await db.createCollection(name);
    await db.add(addQuery(names.export, [{ _id: 'a', done: false, n: 1 }, { _id: 'b', done: true, n: 2 }, { _id: 'c', done: false, n: 3, tags: ['x'] }]));
    await db.add(addQuery(names.jsonl, [{ _id: 'kept', title: 'original' }]));
    await db.add(addQuery(names.csv, [{ _id: 'r1', title: 'old', n: 1 }]));
    await db.add(addQuery(names.declined, [{ _id: 'only' }]));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const name of Object.values(names)) await db?.deleteCollection(name).catch(() => undefined);
    await fx?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('exports a collection row, filtered, to the JSON Lines file chosen in the save dialog', async function () {
    this.timeout(30_000);
    const target = vscode.Uri.file(path.join(dir, 'export.jsonl'));
    const node = await collectionRow(names.export);
    const saved = await withAnswers(fx.api, [{ pick: 'JSON Lines' }, { ask: '{"done": false}' }, { saveTo: target }], () =>
      vscode.commands.executeCommand<vscode.Uri | undefined>('wxcloud.exportCollection', node),
    );
    assert.equal(saved?.fsPath, target.fsPath);
    const lines = readFileSync(target.fsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines, [{ _id: 'a', done: false, n: 1 }, { _id: 'c', done: false, n: 3, tags: ['x'] }]);
  });

  it('exports CSV filtered in the query language, and every document when the filter is left empty', async function () {
    this.timeout(30_000);
    const target = vscode.Uri.file(path.join(dir, 'export.csv'));
    const node = await collectionRow(names.export);
    const exported = async (filter: string) => {
      await withAnswers(fx.api, [{ pick: 'CSV' }, { ask: filter }, { saveTo: target }], () => vscode.commands.executeCommand('wxcloud.exportCollection', node));
      return readFileSync(target.fsPath, 'utf8').trim().split(/\r?\n/);
    };
    const filtered = await exported('{n: _.gte(2)}');
    assert.equal(filtered[0], '_id,done,n,tags');
    assert.deepEqual(filtered.slice(1).map((r) => r.split(',')[0]), ['b', 'c']);
    const all = await exported('');
    assert.equal(all[0], '_id,done,n,tags');
    assert.deepEqual(all.slice(1).map((r) => r.split(',')[0]), ['a', 'b', 'c']);
  });

  it('imports a JSON Lines file into a collection row with insert, counting the failing records', async function () {
    this.timeout(30_000);
    const source = file('records.jsonl', '{"_id":"kept","title":"duplicate"}\n{"_id":"n1","title":"one"}\n{"_id":"n2","title":"two","due":{"$date":0}}\n');
    const node = await collectionRow(names.jsonl);
    const input = answerPrompts(fx.api, { openFrom: source }, { pick: 'Insert' }, { pick: 'Continue past failing records' }, { confirm: true });
    fx.api.actions.rethrow = true;
    let outcome: ImportOutcome | undefined;
    try {
      outcome = await vscode.commands.executeCommand<ImportOutcome | undefined>('wxcloud.importCollection', node);
      input.assertAllUsed();
    } finally {
      fx.api.actions.rethrow = false;
      input.dispose();
    }
    assert.match(input.asked[3]!, new RegExp(`Import about 3 records into collection ${names.jsonl} in environment ${fx.env}\\?`));
    assert.deepEqual([outcome?.status, outcome?.recordSuccess, outcome?.recordFail], ['success', 2, 1]);
    assert.deepEqual(await documents(names.jsonl), [
      { _id: 'kept', title: 'original' },
      { _id: 'n1', title: 'one' },
      { _id: 'n2', title: 'two', due: { $date: 0 } },
    ]);
    // The collection row shows the new count once the Database row has loaded again.
    const refreshed = await collectionRow(names.jsonl);
    assert.match(String(refreshed.description), /^3 · /);
  });

  it('imports a CSV file with upsert from the palette, in the selected environment', async function () {
    this.timeout(30_000);
    const source = file('records.csv', '_id,title,n\nr1,replaced,10\nr2,added,20\n');
    const selected = fx.api.active.get();
    await vscode.commands.executeCommand('wxcloud.selectEnvironment', await fx.environmentNode());
    const answers: Answer[] = [{ pick: names.csv }, { openFrom: source }, { pick: 'Upsert' }, { pick: 'Stop at the first failing record' }, { confirm: true }];
    const outcome = await withAnswers(fx.api, answers, () => vscode.commands.executeCommand<ImportOutcome | undefined>('wxcloud.importCollection')).finally(() => fx.api.active.set(selected));
    assert.deepEqual([outcome?.recordSuccess, outcome?.recordFail], [2, 0]);
    assert.deepEqual(await documents(names.csv), [
      { _id: 'r1', title: 'replaced', n: 10 },
      { _id: 'r2', title: 'added', n: 20 },
    ]);
  });

  it('imports nothing, and uploads nothing, when the confirmation is answered no', async function () {
    this.timeout(30_000);
    const source = file('declined.jsonl', '{"_id":"x1"}\n{"_id":"x2"}\n');
    const node = await collectionRow(names.declined);
    const uploads = () => fx.emulator.stats().byEndpoint['tcb/uploadfile'] ?? 0;
    const before = uploads();
    const result = await withAnswers(fx.api, [{ openFrom: source }, { pick: 'Insert' }, { pick: 'Continue past failing records' }, { confirm: false }], () =>
      vscode.commands.executeCommand('wxcloud.importCollection', node),
    );
    assert.equal(result, undefined);
    assert.equal(uploads(), before);
    assert.deepEqual(await documents(names.declined), [{ _id: 'only' }]);
  });

  it('refuses the platform’s own environment with a message that says why, asking and sending nothing', async function () {
    this.timeout(30_000);
    const conn = await row(undefined, `conn:${fx.connectionId}`);
    const platformEnvs = await row(conn, `${conn.id}/platformEnvs`);
    const [env] = (await fx.api.explorer.settledChildren(platformEnvs)).filter((r) => r.id.startsWith(`${platformEnvs.id}/env:`));
    assert.ok(env, 'the emulator lists no platform environment');
    const database = await row(env, `${env.id}/database`);
    const [collection] = (await fx.api.explorer.settledChildren(database)).filter((r) => r.id.startsWith(`${database.id}/collection:`));
    // A platform environment may have no collection yet: the command needs a row, so make one.
    const node = collection ?? (await (async () => {
      const platform = new CloudDatabase(new WxCloudClient({ baseUrl: fx.emulator.url, identity: 'ie-platform', cacheTtlMs: 0, credentials: { component: createStaticTokenSource({ kind: 'component', token: fx.emulator.credentials.component_access_token }) } }), env.id.split('/env:').pop()!);
      await platform.createCollection(`iePlatform_${suffix}`);
      fx.api.explorer.refresh(database);
      return row(database, `${database.id}/collection:iePlatform_${suffix}`);
    })());
    const requests = fx.emulator.stats().requests;
    for (const command of ['wxcloud.exportCollection', 'wxcloud.importCollection']) {
      await assert.rejects(
        withAnswers(fx.api, [], () => vscode.commands.executeCommand(command, node)),
        (error: Error) => /platform’s own environments.*component_access_token.*migrate jobs.*access_token or an authorizer_access_token/.test(error.message),
      );
    }
    assert.equal(fx.emulator.stats().requests, requests);
  });
});
