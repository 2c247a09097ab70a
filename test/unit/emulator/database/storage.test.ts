// The data folder: durable, atomic, seeded once, kept out of git, never escaped.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DatabaseHub } from '../../../../src/emulator/database/database';
import { inside, readEnvDir } from '../../../../src/emulator/database/storage';

const ENV = 'env-1';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'wxcloud-db-'));
}

function project(seeds: Record<string, string> = {}): string {
  const dir = tmp();
  fs.mkdirSync(path.join(dir, 'database'));
  for (const [name, text] of Object.entries(seeds)) fs.writeFileSync(path.join(dir, 'database', name), text);
  return dir;
}

const hub = (projectDir: string, extra: Record<string, unknown> = {}) => new DatabaseHub({ projectDir, projectEnv: ENV, warn: () => {}, ...extra });

describe('emulator database: storage', () => {
  it('keeps every write across a restart: documents, dates, indexes, deletions', () => {
    const dir = project();
    const db = hub(dir).for(ENV);
    const c = db.create('todos');
    c.insert([{ _id: 'a', due: new Date(5000), n: 1 }, { _id: 'b', n: 2 }]);
    c.update({ _id: 'a' }, { $inc: { n: 10 } });
    c.createIndex({ name: 'n_1', unique: true, keys: [{ name: 'n', direction: '1' }] });
    db.persist(c);
    db.create('gone');
    db.drop('gone');
    const again = hub(dir).for(ENV);
    assert.deepEqual(again.list().map((x) => x.name), ['todos']);
    assert.deepEqual(again.get('todos').all(), [{ _id: 'a', due: new Date(5000), n: 11 }, { _id: 'b', n: 2 }]);
    assert.deepEqual(again.get('todos').indexSpecs(), [{ name: 'n_1', unique: true, keys: [{ name: 'n', direction: '1' }] }]);
    const file = JSON.parse(fs.readFileSync(path.join(dir, '.wxcloud-data', ENV, 'todos.json'), 'utf8'));
    assert.deepEqual(file.documents[0].due, { $date: 5000 });
  });

  it('writes its own .gitignore so the data folder stays out of git', () => {
    const dir = project();
    hub(dir).for(ENV);
    assert.equal(fs.readFileSync(path.join(dir, '.wxcloud-data', '.gitignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).join(), '*');
  });

  it('seeds the project environment from database/*.json (JSON Lines) once, and again on reset', () => {
    const dir = project({ 'todos.json': '{"_id":"s1","title":"seeded","due":{"$date":"2026-01-02T00:00:00.000Z"}}\n\n{"title":"no id"}\n' });
    const dataDir = path.join(tmp(), 'data');
    const db = hub(dir, { dataDir }).for(ENV);
    const docs = db.get('todos').all();
    assert.equal(docs.length, 2);
    assert.deepEqual(docs[0], { _id: 's1', title: 'seeded', due: new Date('2026-01-02T00:00:00.000Z') });
    assert.match(docs[1]._id as string, /^[0-9a-f]{32}$/);
    assert.deepEqual(hub(dir, { dataDir }).for('other-env').list(), [], 'only the project environment is seeded');

    db.get('todos').remove({ _id: 's1' });
    assert.equal(hub(dir, { dataDir }).for(ENV).get('todos').count, 1, 'a restart keeps the data, no reseeding');
    const reset = hub(dir, { dataDir, resetData: true }).for(ENV);
    assert.equal(reset.get('todos').count, 2);
  });

  it('adds syntheticDocuments to the project environment', () => {
    const db = hub(project(), { syntheticDocuments: 250 }).for(ENV);
    assert.equal(db.get('synthetic').count, 250);
  });

  it('never lets a collection or environment name leave the data folder', () => {
    const dir = project();
    const db = hub(dir).for(ENV);
    for (const bad of ['../x', '..', 'a/b', '/etc/passwd', '.hidden', 'a\\b', '']) {
      assert.throws(() => db.create(bad), (e: Error & { errcode?: number }) => e.errcode === -501007, bad);
      assert.throws(() => inside(dir, bad, '.json'));
    }
    assert.throws(() => hub(dir).for('../escape'));
    assert.deepEqual(fs.readdirSync(path.join(dir, '.wxcloud-data')).sort(), ['.gitignore', ENV]);
  });

  it('a SIGKILL in the middle of a write loop leaves whole collections holding a prefix of the writes', async function () {
    this.timeout(60_000);
    const dataDir = tmp();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'writeLoop.ts'), dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let acked = -1;
    let buffer = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        if (lines.length) acked = Number(lines[lines.length - 1]);
        if (acked >= 150 && child.exitCode === null && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    assert.equal(await exited, 'SIGKILL');

    const envDir = path.join(dataDir, ENV);
    for (const f of fs.readdirSync(envDir).filter((f) => f.endsWith('.json'))) JSON.parse(fs.readFileSync(path.join(envDir, f), 'utf8'));
    const warnings: string[] = [];
    const stored = readEnvDir(envDir, (w) => warnings.push(w));
    assert.deepEqual(warnings, []);
    assert.deepEqual(fs.readdirSync(envDir).filter((f) => f.endsWith('.tmp')), [], 'leftover temp files are cleared on open');
    let total = 0;
    for (const c of stored) {
      const seen = c.documents.map((d) => d.i as number);
      const parity = c.name === 'a' ? 0 : 1;
      assert.deepEqual(seen, seen.map((_, k) => 2 * k + parity), `${c.name} holds a prefix of its writes`);
      total += seen.length;
    }
    assert.ok(total >= acked + 1, `every acknowledged write (${acked + 1}) survived; found ${total}`);
  });
});
