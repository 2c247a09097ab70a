import assert from 'node:assert/strict';
import { ImportFileError, formatOfName, prepareImport } from '../../../src/core/database/migrateFile';

describe('core/database/migrateFile', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  const text = (b: Uint8Array) => new TextDecoder().decode(b);

  it('knows a file’s format from its name', () => {
    assert.deepEqual(['a.CSV', 'b.json', 'c.jsonl', 'd.ndjson', 'e.txt', 'f'].map(formatOfName), ['csv', 'jsonl', 'jsonl', 'jsonl', undefined, undefined]);
  });

  it('counts JSON Lines and passes them on unchanged', () => {
    const input = bytes('{"a":1}\n\n{"a":2}\r\n{"a":3}');
    const prepared = prepareImport(input, 'jsonl');
    assert.deepEqual([prepared.records, prepared.converted], [3, false]);
    assert.equal(prepared.bytes, input);
  });

  it('turns a JSON array into JSON Lines, and refuses one that is broken or holds non-objects', () => {
    const prepared = prepareImport(bytes('\uFEFF [ {"a":1}, {"b":{"c":[2]}} ]'), 'jsonl');
    assert.deepEqual([prepared.records, prepared.converted], [2, true]);
    assert.equal(text(prepared.bytes), '{"a":1}\n{"b":{"c":[2]}}\n');
    assert.throws(() => prepareImport(bytes('[{"a":1},'), 'jsonl'), (e: unknown) => e instanceof ImportFileError && e.reason === 'arrayNotJson');
    assert.throws(() => prepareImport(bytes('[1, 2]'), 'jsonl'), (e: unknown) => e instanceof ImportFileError && e.reason === 'arrayNotObjects');
  });

  it('counts CSV rows after the header, a quoted cell over two lines once', () => {
    assert.equal(prepareImport(bytes('_id,note\r\na,"one\ntwo"\nb,x\n\n'), 'csv').records, 2);
    assert.equal(prepareImport(bytes('_id,note\n'), 'csv').records, 0);
  });
});
