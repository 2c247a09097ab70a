import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WxCloudClient } from '../../../src/core/client';
import { CloudDatabase } from '../../../src/core/database/cloudDatabase';
import { addQuery, countQuery, getQuery, removeDocQuery, setQuery, whereFromJson } from '../../../src/core/database/queryText';
import { ApiError, describeError } from '../../../src/core/errors';
import { createStaticTokenSource } from '../../../src/core/tokens/staticToken';
import type { TokenKind } from '../../../src/core/types';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';

describe('core/database/cloudDatabase (against the emulator)', () => {
  let emulator: RunningEmulator;
  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wxcloud-db-'));
    emulator = await startEmulator({ dataDir, log: () => {} });
  });
  after(async () => {
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function client(kind: TokenKind): WxCloudClient {
    const token = { mp: emulator.credentials.access_token, authorizer: emulator.credentials.authorizer_access_token, component: emulator.credentials.component_access_token }[kind];
    return new WxCloudClient({ baseUrl: emulator.url, identity: `test-${kind}`, credentials: { [kind]: createStaticTokenSource({ kind, token }) } });
  }

  it('lists the seeded collections with counts through the tcb door', async () => {
    const db = new CloudDatabase(client('mp'), emulator.envs[0]!);
    assert.equal(db.door, 'tcb');
    const collections = await db.listAllCollections();
    const todos = collections.find((c) => c.name === 'todos');
    assert.ok(todos, collections.map((c) => c.name).join());
    assert.equal(todos.count, 3);
    assert.ok(todos.size > 0);
    assert.equal(todos.indexCount, 1);
  });

  it('pages documents, keeps dates as {$date}, and reads the pager', async () => {
    const db = new CloudDatabase(client('authorizer'), emulator.envs[0]!);
    const page = await db.query(getQuery({ collection: 'users', orderBy: [{ field: '_id', direction: 'asc' }], skip: 10, limit: 5 }));
    assert.deepEqual({ offset: page.offset, limit: page.limit, total: page.total }, { offset: 10, limit: 5, total: 60 });
    assert.equal(page.documents.length, 5);
    assert.ok(page.documents.every((d) => d.id !== '' && typeof d.value === 'object'));
    const todo = (await db.query(getQuery({ collection: 'todos', where: whereFromJson({ _id: 'todo-0001' }) }))).documents[0]!;
    assert.deepEqual((todo.value as Record<string, unknown>).due, { $date: Date.parse('2026-01-05T02:00:00.000Z') });
  });

  it('writes a document back with its date intact, then adds, counts and removes', async () => {
    const db = new CloudDatabase(client('mp'), emulator.envs[0]!);
    await db.createCollection('scratch');
    const added = await db.add(addQuery('scratch', [{ _id: 'a', n: 1, when: { $date: 0 } }, { n: 2 }]));
    assert.equal(added.ids.length, 2);
    assert.equal(added.ids[0], 'a');
    const doc = (await db.query(getQuery({ collection: 'scratch', where: whereFromJson({ _id: 'a' }) }))).documents[0]!;
    const updated = await db.update(setQuery('scratch', 'a', { ...(doc.value as Record<string, unknown>), n: 10, "it's": 'quoted "ok"' }));
    assert.deepEqual([updated.matched, updated.modified], [1, 1]);
    const again = (await db.query(getQuery({ collection: 'scratch', where: whereFromJson({ _id: 'a' }) }))).documents[0]!;
    assert.deepEqual(again.value, { _id: 'a', n: 10, when: { $date: 0 }, "it's": 'quoted "ok"' });
    assert.equal((await db.count(countQuery('scratch', '{n: _.gt(1)}'))).count, 2);
    assert.equal((await db.remove(removeDocQuery('scratch', 'a'))).deleted, 1);
    assert.equal((await db.count(countQuery('scratch'))).count, 1);
    await db.deleteCollection('scratch');
    assert.ok(!(await db.listAllCollections()).some((c) => c.name === 'scratch'));
  });

  it('reaches the platform environments through componenttcb/db* with lower-case pager keys', async () => {
    const platform = client('component');
    const env = (await platform.describeEnvs())[0]!.env;
    const db = new CloudDatabase(platform, env);
    assert.equal(db.door, 'component');
    await db.createCollection('platformNotes');
    await db.add(addQuery('platformNotes', [{ text: 'one' }, { text: 'two' }, { text: 'three' }]));
    const page = await db.query(getQuery({ collection: 'platformNotes', limit: 2 }));
    assert.deepEqual({ offset: page.offset, limit: page.limit, total: page.total, n: page.documents.length }, { offset: 0, limit: 2, total: 3, n: 2 });
    assert.ok((await db.listAllCollections()).some((c) => c.name === 'platformNotes' && c.count === 3));
    await db.updateIndex('platformNotes', { create: [{ name: 'by_text', unique: true, keys: [{ name: 'text', direction: '1' }] }] });
    const duplicate = await db.add(addQuery('platformNotes', [{ text: 'one' }])).catch((e: unknown) => e);
    assert.ok(duplicate instanceof ApiError && duplicate.code === -502001, String(duplicate));
    await db.deleteCollection('platformNotes');
  });

  it('turns a missing collection and a refused query into readable errors', async () => {
    const db = new CloudDatabase(client('mp'), emulator.envs[0]!);
    const missing = await db.query(getQuery({ collection: 'nope' })).catch((e: unknown) => e);
    assert.ok(missing instanceof ApiError && missing.code === -502005);
    assert.match(describeError(missing), /^The collection does not exist: .*nope/);
    const refused = await db.query('db.collection("todos").where({a: process.env}).get()').catch((e: unknown) => e);
    assert.ok(refused instanceof ApiError && refused.code === -501007);
    assert.match(describeError(refused), /^The database refused the query: .*process/);
  });
});
