import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultFormat, type Translate } from '../../../src/core/messages';
import { hasMore, renderQueryRecord, summary, type QueryRecord } from '../../../src/cloudDatabase/queries/queryRecord';

const zh = JSON.parse(readFileSync(path.resolve(__dirname, '../../../l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
/** Translates like the editor does, and fails on a string without its zh-CN line. */
const chinese: Translate = (template, ...args) => {
  assert.ok(template in zh, `no zh-CN translation of “${template}”`);
  return defaultFormat(zh[template]!, ...args);
};
const en = { t: defaultFormat, language: 'en' };

const read: QueryRecord = {
  id: 'r1',
  time: Date.UTC(2026, 0, 2, 3, 4, 5),
  connectionId: 'c',
  connectionName: 'Demo',
  scopeKey: 'self',
  env: 'prod-1',
  collection: 'todos',
  name: 'open',
  file: 'file:///w/.wxcloud/queries/prod-1/open.js',
  query: "db.collection('todos')\n  .limit(2)\n  .get()",
  action: 'get',
  outcome: { kind: 'ok', durationMs: 12.4, rid: 'rid-9', documents: [{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }], pager: { offset: 0, limit: 2, total: 3 }, firstSkip: 0 },
};

describe('cloudDatabase/queries/queryRecord', () => {
  it('shows a read: where, the query, duration, errcode, rid, the pager and the documents as JSON', () => {
    const text = renderQueryRecord(read, en);
    assert.match(text, /^\/\/ open · collection todos · environment prod-1 · Demo$/m);
    assert.match(text, /^\/\/ {3}\.limit\(2\)$/m);
    assert.match(text, /^\/\/ Duration: 12 ms$/m);
    assert.match(text, /^\/\/ errcode: 0$/m);
    assert.match(text, /^\/\/ rid: rid-9$/m);
    assert.match(text, /^\/\/ Documents 1–2 of 3 \(pager: offset 0, limit 2, total 3\)$/m);
    assert.match(text, /Load more/);
    const json = text.split('\n').filter((l) => !l.startsWith('//')).join('\n');
    assert.deepEqual(JSON.parse(json), [{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }]);
    assert.equal(hasMore(read), true);
    const all = { ...read, outcome: { ...read.outcome, documents: [1, 2, 3], pager: { offset: 2, limit: 2, total: 3 } } } as QueryRecord;
    assert.equal(hasMore(all), false);
    assert.doesNotMatch(renderQueryRecord(all, en), /Load more/);
  });

  it('shows each write outcome and a failure, in English and Chinese', () => {
    const write = (outcome: QueryRecord['outcome']): QueryRecord => ({ ...read, action: 'update', outcome });
    const cases: [QueryRecord, unknown, string][] = [
      [write({ kind: 'ok', durationMs: 1, matched: 3, modified: 2 }), { matched: 3, modified: 2 }, '3 matched, 2 modified'],
      [write({ kind: 'ok', durationMs: 1, deleted: 4 }), { deleted: 4 }, '4 deleted'],
      [write({ kind: 'ok', durationMs: 1, ids: ['x', 'y'] }), { id_list: ['x', 'y'] }, '2 added'],
      [write({ kind: 'ok', durationMs: 1, count: 7 }), { count: 7 }, '7 counted'],
    ];
    for (const [record, body, line] of cases) {
      const text = renderQueryRecord(record, en);
      assert.deepEqual(JSON.parse(text.split('\n').filter((l) => !l.startsWith('//')).join('\n')), body);
      assert.equal(summary(record, en), line);
      renderQueryRecord(record, { t: chinese, language: 'zh-cn' });
      summary(record, { t: chinese, language: 'zh-cn' });
    }
    const failed = write({ kind: 'failed', message: 'collection not exists', errcode: -502005, rid: 'r' });
    const text = renderQueryRecord(failed, en);
    assert.match(text, /^\/\/ Failed\.$/m);
    assert.match(text, /^\/\/ errcode: -502005$/m);
    assert.equal(summary(failed, en), 'failed (-502005)');
    assert.match(renderQueryRecord(failed, { t: chinese, language: 'zh-cn' }), /失败/);
    assert.match(renderQueryRecord(read, { t: chinese, language: 'zh-cn' }), /第 1–2 个文档，共 3 个/);
  });
});
