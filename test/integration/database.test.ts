// The cloud database in the editor against the emulator: the Database rows, documents opened,
// edited (with the diff, the question, a conflict and a refused save), inserted and deleted,
// collections and indexes; through an authorizer, a mini program's own AppSecret and the
// platform's component token on its own environment.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { WxCloudClient } from '../../src/core/client';
import { CloudDatabase } from '../../src/core/database/cloudDatabase';
import { addQuery, countQuery, getQuery, setQuery, whereFromJson } from '../../src/core/database/queryText';
import { createStaticTokenSource } from '../../src/core/tokens/staticToken';
import type { ExplorerNode } from '../../src/tree/explorerNode';
import { child, connectEmulator, type EmulatorFixture } from './support/emulatorConnection';
import { withAnswers } from './support/scriptedInput';

const labelOf = (n: ExplorerNode) => (typeof n.label === 'string' ? n.label : (n.label?.label ?? ''));

describe('database', () => {
  let fx: EmulatorFixture;
  let dataDir: string;
  /** The emulator's database, read and written straight through the API (what the editor's commands must change). */
  let db: CloudDatabase;

  before(async function () {
    this.timeout(60_000);
    dataDir = mkdtempSync(path.join(tmpdir(), 'wxcloud-db-it-'));
    fx = await connectEmulator('test database', { dataDir });
    const token = createStaticTokenSource({ kind: 'authorizer', token: fx.emulator.credentials.authorizer_access_token });
    db = new CloudDatabase(new WxCloudClient({ baseUrl: fx.emulator.url, identity: 'database-test', credentials: { authorizer: token }, cacheTtlMs: 0 }), fx.env);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fx?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    // A dirty editor would make closing ask "Save changes?": revert each one first.
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const databaseNode = async () => {
    const env = await fx.environmentNode();
    return child(fx.api, env, `${env.id}/database`);
  };
  const collectionNode = async (name: string) => {
    const database = await databaseNode();
    return child(fx.api, database, `${database.id}/collection:${name}`);
  };
  const rows = (node: ExplorerNode) => fx.api.explorer.settledChildren(node);
  const serverDoc = async (collection: string, id: string) =>
    (await db.query(getQuery({ collection, where: whereFromJson({ _id: id }) }))).documents[0]?.value as Record<string, unknown> | undefined;
  const replaceText = async (doc: vscode.TextDocument, text: string) => {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
  };
  const diffTabs = () =>
    vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.original.scheme === 'wxcloud-snapshot');
  /** A file to insert from: saved, so closing it never asks. */
  const fileWith = async (name: string, content: string) => {
    const file = path.join(dataDir, name);
    writeFileSync(file, content);
    return vscode.workspace.openTextDocument(vscode.Uri.file(file));
  };
  /** A collection of its own for a test that writes, so tests stand alone in any order. */
  const scratch = async (name: string, docs: Record<string, unknown>[]) => {
    await db.createCollection(name);
    await db.add(addQuery(name, docs));
    fx.api.explorer.refresh(await databaseNode());
  };

  it('shows each collection with its count and size, and its documents a page at a time with Load more', async () => {
    const collections = await rows(await databaseNode());
    const users = collections.find((c) => labelOf(c) === 'users');
    assert.ok(users, collections.map(labelOf).join());
    assert.match(String(users.description), /^60 · [\d.]+ (B|KB)$/);
    await vscode.workspace.getConfiguration('wxcloud').update('database.pageSize', 25, vscode.ConfigurationTarget.Global);
    try {
      fx.api.explorer.refresh(users);
      let docs = await rows(users);
      assert.equal(docs.length, 26);
      assert.deepEqual(docs.slice(0, 2).map(labelOf), ['user-0001', 'user-0002']);
      assert.match(String(docs[0]!.description), /^name: "赵静", age: 32/);
      const more = docs[25]!;
      assert.equal(labelOf(more), 'Load more…');
      assert.equal(more.description, '25 of 60');
      await vscode.commands.executeCommand(more.command!.command, ...(more.command!.arguments ?? []));
      docs = await rows(users);
      assert.equal(docs.length, 51);
      assert.equal(labelOf(docs[25]!), 'user-0026');
      assert.equal(new Set(docs.map(labelOf)).size, 51, 'no document is shown twice');
    } finally {
      await vscode.workspace.getConfiguration('wxcloud').update('database.pageSize', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('filters documents with a JSON where or the query language, and clears the filter', async () => {
    const todos = await collectionNode('todos');
    await withAnswers(fx.api, [{ ask: '{"done": false}' }], () => vscode.commands.executeCommand('wxcloud.filterDocuments', todos));
    assert.deepEqual((await rows(todos)).map(labelOf), ['todo-0001', 'todo-0003']);
    assert.match(String(todos.description), /^filter: \{"done":false\}$/);
    assert.match(String(todos.contextValue), /docsFiltered/);
    await withAnswers(fx.api, [{ ask: '{priority: _.gte(3)}' }], () => vscode.commands.executeCommand('wxcloud.filterDocuments', todos));
    assert.deepEqual((await rows(todos)).map(labelOf), ['todo-0003']);
    assert.equal(await withAnswers(fx.api, [], () => vscode.commands.executeCommand<number>('wxcloud.countDocuments', todos)), 1);
    await withAnswers(fx.api, [{ ask: '{priority: 9}' }], () => vscode.commands.executeCommand('wxcloud.filterDocuments', todos));
    assert.deepEqual((await rows(todos)).map(labelOf), ['No document matches the filter']);
    await vscode.commands.executeCommand('wxcloud.clearDocumentFilter', todos);
    assert.deepEqual((await rows(todos)).map(labelOf), ['todo-0001', 'todo-0002', 'todo-0003']);
  });

  it('refuses a filter that would reshape the query', async () => {
    const todos = await collectionNode('todos');
    await assert.rejects(
      withAnswers(fx.api, [{ ask: '{}).remove({' }], () => vscode.commands.executeCommand('wxcloud.filterDocuments', todos)),
      /the input box refused/,
    );
  });

  it('opens a document read-only as JSON, dates as WeChat sends them', async () => {
    const todos = await collectionNode('todos');
    const doc = (await rows(todos))[0]!;
    const opened = await withAnswers(fx.api, [], () => vscode.commands.executeCommand<vscode.TextDocument>(doc.command!.command, ...(doc.command!.arguments ?? [])));
    assert.equal(opened.uri.scheme, 'wxcloud-document');
    assert.equal(opened.languageId, 'json');
    assert.deepEqual(JSON.parse(opened.getText()), { _id: 'todo-0001', title: 'Buy tea', done: false, priority: 2, tags: ['shop'], due: { $date: Date.parse('2026-01-05T02:00:00.000Z') } });
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(opened.uri, new TextEncoder().encode('{}'))));
  });

  it('edits a document: saving shows the diff, asks, and writes it; the tree shows the new value', async () => {
    await scratch('editMe', [{ _id: 'e1', title: 'old', n: 1, when: { $date: 0 } }]);
    const node = (await rows(await collectionNode('editMe')))[0]!;
    const doc = await withAnswers(fx.api, [], () => vscode.commands.executeCommand<vscode.TextDocument>('wxcloud.editDocument', node));
    assert.equal(doc.uri.scheme, 'wxcloud-document-edit');
    await replaceText(doc, doc.getText().replace('"old"', '"new"'));
    const saved = await withAnswers(fx.api, [{ confirm: true }], () => doc.save());
    assert.equal(saved, true);
    assert.equal(doc.isDirty, false);
    assert.deepEqual(await serverDoc('editMe', 'e1'), { _id: 'e1', title: 'new', n: 1, when: { $date: 0 } });
    assert.equal(diffTabs().length, 1, 'the diff of the change was shown');
    const after = (await rows(await collectionNode('editMe')))[0]!;
    assert.match(String(after.description), /title: "new"/);
  });

  it('keeps the edit open and dirty when the user declines, when the text is not JSON, and when _id changes', async () => {
    await scratch('declined', [{ _id: 'd1', title: 'keep' }]);
    const node = (await rows(await collectionNode('declined')))[0]!;
    const doc = await withAnswers(fx.api, [], () => vscode.commands.executeCommand<vscode.TextDocument>('wxcloud.editDocument', node));
    await replaceText(doc, '{"_id": "d1", "title": "typed"}');
    assert.equal(await withAnswers(fx.api, [{ confirm: false }], () => doc.save()), false);
    assert.equal(doc.isDirty, true);
    assert.match(doc.getText(), /"typed"/);
    await replaceText(doc, '{"_id": "d1", "title": ');
    assert.equal(await withAnswers(fx.api, [], () => doc.save()), false, 'nothing is asked: the text is not JSON');
    await replaceText(doc, '{"_id": "other", "title": "x"}');
    assert.equal(await withAnswers(fx.api, [], () => doc.save()), false);
    assert.equal(doc.isDirty, true);
    assert.deepEqual(await serverDoc('declined', 'd1'), { _id: 'd1', title: 'keep' });
  });

  it('stops a save with a diff when the server’s copy changed since the document was opened', async () => {
    await scratch('conflict', [{ _id: 'c1', title: 'first' }]);
    const node = (await rows(await collectionNode('conflict')))[0]!;
    const doc = await withAnswers(fx.api, [], () => vscode.commands.executeCommand<vscode.TextDocument>('wxcloud.editDocument', node));
    await db.update(setQuery('conflict', 'c1', { title: 'someone else' }));
    await replaceText(doc, '{"_id": "c1", "title": "mine"}');
    assert.equal(await withAnswers(fx.api, [], () => doc.save()), false, 'no question: nothing can be written');
    assert.equal(doc.isDirty, true);
    assert.match(doc.getText(), /"mine"/);
    assert.deepEqual(await serverDoc('conflict', 'c1'), { _id: 'c1', title: 'someone else' });
    assert.equal(diffTabs().length, 1, 'the server’s copy now is shown beside the edit');
  });

  it('inserts the documents of the active editor (JSON Lines) after a confirmation', async () => {
    await scratch('inserts', [{ _id: 'i0' }]);
    const source = await fileWith('inserts.jsonl', '{"_id": "i1", "n": 1}\n{"_id": "i2", "n": 2}\n');
    await vscode.window.showTextDocument(source);
    const collection = await collectionNode('inserts');
    const ids = await withAnswers(fx.api, [{ confirm: true }], () => vscode.commands.executeCommand<string[]>('wxcloud.insertDocuments', collection));
    assert.deepEqual(ids, ['i1', 'i2']);
    assert.equal((await db.count(countQuery('inserts'))).count, 3);
    assert.deepEqual((await rows(await collectionNode('inserts'))).map(labelOf), ['i0', 'i1', 'i2']);
    // Declined: nothing is sent.
    await vscode.window.showTextDocument(source);
    await withAnswers(fx.api, [{ confirm: false }], () => vscode.commands.executeCommand('wxcloud.insertDocuments', collection));
    assert.equal((await db.count(countQuery('inserts'))).count, 3);
  });

  it('says where the active editor is not JSON and inserts nothing', async () => {
    await scratch('badInsert', [{ _id: 'b0' }]);
    const source = await fileWith('bad.jsonl', '{"n": 1}\n{"n": }\n');
    const collection = await collectionNode('badInsert');
    await vscode.window.showTextDocument(source);
    await assert.rejects(
      withAnswers(fx.api, [], () => vscode.commands.executeCommand('wxcloud.insertDocuments', collection)),
      /Nothing was inserted: .* \(line 2, column 7: Value expected\)/,
    );
    assert.equal((await db.count(countQuery('badInsert'))).count, 1);
  });

  it('deletes a document after a confirmation that names it', async () => {
    await scratch('deletes', [{ _id: 'x1' }, { _id: 'x2' }]);
    const node = (await rows(await collectionNode('deletes')))[0]!;
    await withAnswers(fx.api, [{ confirm: false }], () => vscode.commands.executeCommand('wxcloud.deleteDocument', node));
    assert.equal((await db.count(countQuery('deletes'))).count, 2);
    const input = await withAnswers(fx.api, [{ confirm: true }], () => vscode.commands.executeCommand<number>('wxcloud.deleteDocument', node));
    assert.equal(input, 1);
    assert.deepEqual((await rows(await collectionNode('deletes'))).map(labelOf), ['x2']);
  });

  it('creates a collection, creates and drops an index, and deletes the collection once its name is typed', async () => {
    const database = await databaseNode();
    await withAnswers(fx.api, [{ ask: 'made_here' }], () => vscode.commands.executeCommand('wxcloud.createCollection', database));
    const made = await collectionNode('made_here');
    assert.match(String(made.description), /^0 · /);
    await withAnswers(fx.api, [{ ask: 'by_n' }, { ask: 'n:1' }, { pick: 'Unique' }], () => vscode.commands.executeCommand('wxcloud.createIndex', made));
    await db.add('db.collection("made_here").add({data:[{n:1}]})');
    await assert.rejects(db.add('db.collection("made_here").add({data:[{n:1}]})'), /duplicate key/);
    await withAnswers(fx.api, [{ ask: 'by_n' }, { confirm: true }], () => vscode.commands.executeCommand('wxcloud.dropIndex', made));
    await db.add('db.collection("made_here").add({data:[{n:1}]})');
    await assert.rejects(
      withAnswers(fx.api, [{ ask: 'wrong' }], () => vscode.commands.executeCommand('wxcloud.deleteCollection', made)),
      /the input box refused/,
    );
    await withAnswers(fx.api, [{ ask: 'made_here' }], () => vscode.commands.executeCommand('wxcloud.deleteCollection', made));
    assert.ok(!(await db.listAllCollections()).some((c) => c.name === 'made_here'));
    assert.ok(!(await rows(await databaseNode())).some((c) => labelOf(c) === 'made_here'));
  });

  it('reaches the database with a mini program’s own AppID and AppSecret', async () => {
    const id = 'database-mp';
    await fx.api.store.add({ id, name: 'Database app', kind: 'miniProgram', appid: fx.emulator.credentials.appid, baseUrl: fx.emulator.url }, { appSecret: fx.emulator.credentials.secret }, { ephemeral: true });
    try {
      const conn = await child(fx.api, undefined, `conn:${id}`);
      const env = await child(fx.api, conn, `${conn.id}/env:${fx.env}`);
      const database = await child(fx.api, env, `${env.id}/database`);
      const todos = await child(fx.api, database, `${database.id}/collection:todos`);
      assert.deepEqual((await rows(todos)).map(labelOf), ['todo-0001', 'todo-0002', 'todo-0003']);
      assert.equal(await withAnswers(fx.api, [], () => vscode.commands.executeCommand<number>('wxcloud.countDocuments', todos)), 3);
    } finally {
      await fx.api.store.remove(id);
    }
  });

  it('reaches a platform environment’s database with the component token (componenttcb/db*)', async () => {
    const conn = await child(fx.api, undefined, `conn:${fx.connectionId}`);
    const platformEnvs = await child(fx.api, conn, `${conn.id}/platformEnvs`);
    const env = (await rows(platformEnvs))[0]!;
    const database = await child(fx.api, env, `${env.id}/database`);
    const before = fx.emulator.stats().byEndpoint['componenttcb/dbcollection'] ?? 0;
    await withAnswers(fx.api, [{ ask: 'platformNotes' }], () => vscode.commands.executeCommand('wxcloud.createCollection', database));
    const notes = await child(fx.api, database, `${database.id}/collection:platformNotes`);
    assert.deepEqual((await rows(notes)).map(labelOf), ['No documents in this collection']);
    assert.ok((fx.emulator.stats().byEndpoint['componenttcb/dbcollection'] ?? 0) > before);
  });
});
