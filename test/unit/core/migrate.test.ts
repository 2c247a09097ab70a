// Export and import through the migrate jobs, against the real emulator over HTTP: the job,
// its polling (with an injected sleep that records the back-off and never waits), the COS
// upload form, the download, and the temporary storage file deleted afterwards.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WxCloudClient } from '../../../src/core/client';
import { CloudDatabase } from '../../../src/core/database/cloudDatabase';
import { DatabaseMigrate, type Cleanup, type JobInfo, type Sleep } from '../../../src/core/database/migrate';
import { getQuery, whereFromJson } from '../../../src/core/database/queryText';
import { CancelledError, RedirectError, ResponseTooLargeError, TokenKindError, describeError } from '../../../src/core/errors';
import { CloudStorage } from '../../../src/core/storage/cloudStorage';
import { MigrateJobError, StorageFileError, StorageHttpError, StorageUrlRefusedError } from '../../../src/core/storage/storageErrors';
import { checkStorageUrl, downloadFile, postUploadForm } from '../../../src/core/storage/storageTransfer';
import { createStaticTokenSource } from '../../../src/core/tokens/staticToken';
import type { TokenKind } from '../../../src/core/types';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';

describe('core/database/migrate (against the emulator)', function () {
  this.timeout(30_000);
  let emulator: RunningEmulator;
  let dataDir: string;
  let env: string;

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wxcloud-migrate-'));
    emulator = await startEmulator({ dataDir, log: () => {} });
    env = emulator.envs[0]!;
  });
  afterEach(async () => {
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function client(kind: TokenKind = 'mp'): WxCloudClient {
    const token = { mp: emulator.credentials.access_token, authorizer: emulator.credentials.authorizer_access_token, component: emulator.credentials.component_access_token }[kind];
    return new WxCloudClient({ baseUrl: emulator.url, identity: `test-${kind}`, credentials: { [kind]: createStaticTokenSource({ kind, token }) } });
  }

  /** A sleep that never waits: it records each delay, and may act on the n-th wait. */
  function recordingSleep(onWait?: (n: number) => void): { sleep: Sleep; delays: number[] } {
    const delays: number[] = [];
    return { delays, sleep: async (ms) => { delays.push(ms); onWait?.(delays.length); } };
  }

  async function documents(collection: string): Promise<Record<string, unknown>[]> {
    const page = await new CloudDatabase(client(), env).query(getQuery({ collection, orderBy: [{ field: '_id', direction: 'asc' }], limit: 100 }));
    return page.documents.map((d) => d.value as Record<string, unknown>);
  }

  /** Whether a file still exists in the environment's storage. */
  async function stored(fileId: string): Promise<boolean> {
    try {
      await new CloudStorage(client(), env).downloadUrl(fileId);
      return true;
    } catch (error) {
      if (error instanceof StorageFileError && error.code === -503003) return false;
      throw error;
    }
  }

  it('exports a filtered collection as JSON Lines, polling with a back-off, and deletes the job file', async () => {
    const { sleep, delays } = recordingSleep();
    const statuses: string[] = [];
    const cleanups: Cleanup[] = [];
    const migrate = new DatabaseMigrate(client('authorizer'), env, { sleep });
    const result = await migrate.exportCollection({
      collection: 'todos',
      where: whereFromJson({ done: false }),
      format: 'jsonl',
      onStatus: (i) => statuses.push(i.status),
      onCleanup: (c) => cleanups.push(c),
    });
    const lines = result.bytes.toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines.map((d) => d._id), ['todo-0001', 'todo-0003']);
    assert.deepEqual(lines[0]!.due, { $date: Date.parse('2026-01-05T02:00:00.000Z') });
    assert.equal(result.records, 2);
    assert.equal(statuses.at(-1), 'success');
    assert.deepEqual(delays.slice(0, 3), [500, 750, 1125].slice(0, delays.length));
    assert.ok(delays.every((d, i) => d <= 2000 && (i === 0 || d >= delays[i - 1]!)), delays.join());
    assert.equal(cleanups.length, 1);
    assert.equal(cleanups[0]!.deleted, true);
    assert.match(cleanups[0]!.fileId, /^cloud:\/\/.+\/wxcloud-migrate\/export-todos-.+\.json$/);
    assert.equal(await stored(cleanups[0]!.fileId), false);
  });

  it('exports CSV with a header of the fields and only the filtered rows', async () => {
    const migrate = new DatabaseMigrate(client(), env, recordingSleep());
    const { bytes } = await migrate.exportCollection({ collection: 'todos', where: whereFromJson({ priority: 1 }), format: 'csv' });
    const rows = bytes.toString('utf8').trim().split(/\r?\n/);
    assert.equal(rows.length, 2, rows.join('\n'));
    assert.match(rows[0]!, /^_id,title,done,priority,tags,due$/);
    assert.match(rows[1]!, /^todo-0002,Write the weekly report,true,1,/);
  });

  it('backs off from 500 ms by half each time up to 2 s, reading both spellings of the error', async () => {
    // A scripted server whose job waits six polls, then fails with only `error_msg`.
    let polls = 0;
    const server = createServer((_req, res) => {
      polls += 1;
      const body = polls <= 6 ? { errcode: 0, errmsg: 'ok', status: polls % 2 ? 'waiting' : 'migrating' } : { errcode: 0, errmsg: 'ok', status: 'fail', record_success: 3, record_fail: 1, error_msg: 'line 4: not JSON' };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { sleep, delays } = recordingSleep();
      const scripted = new WxCloudClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, identity: 'scripted', credentials: { mp: createStaticTokenSource({ kind: 'mp', token: 't' }) } });
      const info = await new DatabaseMigrate(scripted, 'env-1', { sleep }).waitForJob(7);
      assert.deepEqual(delays, [500, 750, 1125, 1688, 2000, 2000, 2000]);
      assert.deepEqual(info, { jobId: 7, status: 'fail', recordSuccess: 3, recordFail: 1, error: 'line 4: not JSON', fileUrl: '' });
    } finally {
      server.close();
    }
  });

  it('imports JSON Lines with insert: failing records are counted and the first failure is reported', async () => {
    const cleanups: Cleanup[] = [];
    const migrate = new DatabaseMigrate(client(), env, recordingSleep());
    const text = ['{"_id":"todo-0001","title":"dup"}', '{"_id":"n1","title":"new one"}', 'not json', '{"_id":"n2","title":"new two"}'].join('\n');
    const outcome = await migrate.importRecords({ collection: 'todos', bytes: Buffer.from(text), format: 'jsonl', conflict: 'insert', stopOnError: false, onCleanup: (c) => cleanups.push(c) });
    assert.equal(outcome.status, 'success');
    assert.deepEqual([outcome.recordSuccess, outcome.recordFail], [2, 2]);
    assert.notEqual(outcome.error, '');
    const docs = await documents('todos');
    assert.deepEqual(docs.map((d) => d._id), ['n1', 'n2', 'todo-0001', 'todo-0002', 'todo-0003']);
    assert.equal(docs.find((d) => d._id === 'todo-0001')!.title, 'Buy tea');
    assert.equal(cleanups.length, 1);
    assert.equal(cleanups[0]!.deleted, true);
    assert.equal(await stored(cleanups[0]!.fileId), false);
  });

  it('imports CSV with upsert: an existing document is replaced, a new one added', async () => {
    const migrate = new DatabaseMigrate(client('authorizer'), env, recordingSleep());
    const csv = '_id,title,done,priority\ntodo-0002,Rewritten,false,5\nc1,From CSV,true,1\n';
    const outcome = await migrate.importRecords({ collection: 'todos', bytes: Buffer.from(csv), format: 'csv', conflict: 'upsert', stopOnError: true });
    assert.deepEqual([outcome.status, outcome.recordSuccess, outcome.recordFail], ['success', 2, 0]);
    const docs = await documents('todos');
    assert.deepEqual(docs.find((d) => d._id === 'todo-0002'), { _id: 'todo-0002', title: 'Rewritten', done: false, priority: 5 });
    assert.deepEqual(docs.find((d) => d._id === 'c1'), { _id: 'c1', title: 'From CSV', done: true, priority: 1 });
  });

  it('reports a job that fails: an import into a missing collection, an export of one', async () => {
    const cleanups: Cleanup[] = [];
    const migrate = new DatabaseMigrate(client(), env, recordingSleep());
    const outcome = await migrate.importRecords({ collection: 'nope', bytes: Buffer.from('{"a":1}\n'), format: 'jsonl', conflict: 'insert', stopOnError: false, onCleanup: (c) => cleanups.push(c) });
    assert.equal(outcome.status, 'fail');
    assert.match(outcome.error, /nope/);
    assert.equal(cleanups[0]?.deleted, true);
    const failed = await migrate.exportCollection({ collection: 'nope', format: 'jsonl' }).then(
      () => assert.fail('the export should fail'),
      (error: unknown) => error,
    );
    assert.ok(failed instanceof MigrateJobError, String(failed));
    assert.match(describeError(failed), /^The job failed: .*nope/);
  });

  it('stops waiting when cancelled between polls, and still deletes the uploaded file', async () => {
    const controller = new AbortController();
    const cleanups: Cleanup[] = [];
    const seen: JobInfo[] = [];
    const jobs: number[] = [];
    const { sleep, delays } = recordingSleep(() => controller.abort());
    const migrate = new DatabaseMigrate(client(), env, { sleep });
    const run = migrate.importRecords({
      collection: 'todos',
      bytes: Buffer.from('{"_id":"late","x":1}\n'),
      format: 'jsonl',
      conflict: 'insert',
      stopOnError: false,
      signal: controller.signal,
      onJob: (id) => jobs.push(id),
      onStatus: (i) => seen.push(i),
      onCleanup: (c) => cleanups.push(c),
    });
    await assert.rejects(run, CancelledError);
    assert.deepEqual(delays, [500]);
    // The job had started (WeChat cannot stop it); only the waiting stopped, before any poll.
    assert.equal(jobs.length, 1);
    assert.equal(seen.length, 0);
    assert.equal(cleanups.length, 1);
    assert.equal(cleanups[0]!.deleted, true);
    assert.equal(await stored(cleanups[0]!.fileId), false);
  });

  it('says so when the uploaded file could not be deleted', async () => {
    emulator.setFaults({ busyRate: 1, endpoints: ['tcb/batchdeletefile'] });
    const cleanups: Cleanup[] = [];
    const migrate = new DatabaseMigrate(client(), env, recordingSleep());
    const outcome = await migrate.importRecords({ collection: 'todos', bytes: Buffer.from('{"_id":"k","x":1}\n'), format: 'jsonl', conflict: 'insert', stopOnError: false, onCleanup: (c) => cleanups.push(c) });
    assert.equal(outcome.status, 'success');
    assert.equal(cleanups.length, 1);
    assert.equal(cleanups[0]!.deleted, false);
    assert.match(cleanups[0]!.reason ?? '', /busy/i);
    emulator.setFaults({ busyRate: 0, endpoints: null });
    assert.equal(await stored(cleanups[0]!.fileId), true);
  });

  it('uploads through the COS form and reads the same bytes back; a bad signature is the host’s XML error', async () => {
    const storage = new CloudStorage(client('authorizer'), env);
    const bytes = Buffer.from('{"hello":"世界"}\n');
    const fileId = await storage.upload('tmp/upload.json', bytes);
    assert.match(fileId, /^cloud:\/\/.+\/tmp\/upload\.json$/);
    const back = await storage.fetch(await storage.downloadUrl(fileId));
    assert.deepEqual(back, bytes);
    const ticket = await storage.ticket('tmp/forged.json');
    const url = checkStorageUrl(ticket.url, emulator.url, 'test');
    const refused = await postUploadForm(url, { key: 'tmp/forged.json', signature: 'q-sign-algorithm=sha1&forged', securityToken: ticket.token, cosFileId: ticket.cosFileId, fileName: 'f', bytes }).then(
      () => assert.fail('the forged form should be refused'),
      (error: unknown) => error,
    );
    assert.ok(refused instanceof StorageHttpError, String(refused));
    assert.equal(refused.status, 403);
    assert.match(refused.message, /SignatureDoesNotMatch/);
    assert.deepEqual(await storage.delete([fileId]), [{ fileId, status: 0, errmsg: 'ok' }]);
  });

  it('sends nothing to an address that is not https, or not local while the API is', () => {
    const local = 'http://127.0.0.1:9';
    const remote = 'https://api.weixin.qq.com';
    assert.throws(() => checkStorageUrl('file:///etc/passwd', remote, 'x'), StorageUrlRefusedError);
    assert.throws(() => checkStorageUrl('http://cos.example.com/a', remote, 'x'), StorageUrlRefusedError);
    assert.throws(() => checkStorageUrl('https://user:pw@cos.example.com/a', remote, 'x'), StorageUrlRefusedError);
    assert.throws(() => checkStorageUrl('https://cos.example.com/a', local, 'x'), StorageUrlRefusedError);
    assert.equal(checkStorageUrl('https://cos.example.com/a?sign=1', remote, 'x').host, 'cos.example.com');
    assert.equal(checkStorageUrl('http://127.0.0.1:5/_cos/a', local, 'x').port, '5');
  });

  it('downloads without following a redirect and without reading past the cap, declared or streamed', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      // What reached the storage host: the path, and any credential (there must be none).
      seen.push(`${req.url} ${req.headers.authorization ?? ''}`);
      if (req.url === '/moved') return void res.writeHead(302, { location: 'https://elsewhere.example/x' }).end();
      if (req.url === '/declared') return void res.writeHead(200, { 'content-length': '2048' }).end(Buffer.alloc(2048));
      if (req.url === '/streamed') {
        res.writeHead(200);
        for (let i = 0; i < 4; i++) res.write(Buffer.alloc(512));
        return void res.end();
      }
      res.writeHead(200).end('fine');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const url = (p: string) => checkStorageUrl(`${base}${p}`, base, 'test');
      await assert.rejects(downloadFile(url('/moved')), (e: unknown) => e instanceof RedirectError && /elsewhere\.example/.test(e.message));
      await assert.rejects(downloadFile(url('/declared'), { maxBytes: 1024 }), ResponseTooLargeError);
      await assert.rejects(downloadFile(url('/streamed'), { maxBytes: 1024 }), ResponseTooLargeError);
      assert.equal((await downloadFile(url('/ok'), { maxBytes: 1024 })).toString(), 'fine');
      assert.deepEqual(seen, ['/moved ', '/declared ', '/streamed ', '/ok ']);
    } finally {
      server.close();
    }
  });

  it('refuses the platform’s own environments before sending anything', async () => {
    const platform = client('component');
    const before = emulator.stats().requests;
    const migrate = new DatabaseMigrate(platform, env, recordingSleep());
    await assert.rejects(migrate.exportCollection({ collection: 'todos', format: 'jsonl' }), (e: unknown) => e instanceof TokenKindError && !e.sent);
    assert.equal(emulator.stats().requests, before);
  });
});
