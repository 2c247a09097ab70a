import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { RecordHistory, type RunRecord } from '../../../src/editor/recordHistory';

/** Global state as the editor keeps it: values round-trip through JSON. */
class JsonMemento implements vscode.Memento {
  private readonly values = new Map<string, string>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T {
    const v = this.values.get(key);
    return v === undefined ? (fallback as T) : (JSON.parse(v) as T);
  }
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}

type Run = RunRecord & { note: string };
const run = (id: string, env: string, time: number, note = ''): Run => ({ id, env, time, note, connectionId: 'c', connectionName: 'C', scopeKey: 'self' });

describe('editor/recordHistory', () => {
  it('keeps the newest records per group, replaces one by its id, and reads back what was saved', async () => {
    const memento = new JsonMemento();
    let size = 2;
    const history = new RecordHistory<Run>(memento, 'k', () => size, (r) => r.env, (r) => ({ ...r, note: r.note.slice(0, 3) }));
    await history.put(run('a', 'e1', 1));
    await history.put(run('b', 'e1', 2));
    await history.put(run('c', 'e2', 3));
    await history.put(run('d', 'e1', 4, 'long note'));
    assert.deepEqual(history.all().map((r) => r.id), ['d', 'c', 'b']);
    assert.equal(history.get('d')?.note, 'lon');
    await history.put({ ...run('b', 'e1', 2), note: 'more' });
    assert.deepEqual(history.all().map((r) => `${r.id}:${r.note}`), ['d:lon', 'c:', 'b:mor']);
    const reloaded = new RecordHistory<Run>(memento, 'k', () => size, (r) => r.env);
    assert.deepEqual(reloaded.all().map((r) => r.id), ['d', 'c', 'b']);
    size = 0;
    await history.put(run('e', 'e3', 5));
    assert.deepEqual(history.all(), []);
  });
});
