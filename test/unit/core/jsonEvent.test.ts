import assert from 'node:assert/strict';
import { MAX_EVENT_BYTES, eventByteSize, parseJsonEvent } from '../../../src/core/jsonEvent';

describe('core/jsonEvent', () => {
  it('parses JSON with comments and trailing commas', () => {
    const result = parseJsonEvent('{\n  // who\n  "name": "张三", /* age */ "age": 3,\n}');
    assert.ok(result.ok);
    assert.deepEqual(result.value, { name: '张三', age: 3 });
    assert.equal(result.bodyText, '{"name":"张三","age":3}');
    assert.equal(result.bytes, Buffer.byteLength('{"name":"张三","age":3}'));
  });

  it('treats blank or comment-only text as the empty event {}', () => {
    for (const text of ['', '  \n', '// nothing yet']) {
      const result = parseJsonEvent(text);
      assert.ok(result.ok, text);
      assert.equal(result.bodyText, '{}');
    }
  });

  it('reports the first error with line, column and offset', () => {
    const source = '{\n  "a": 1\n  "b": 2\n}';
    const result = parseJsonEvent(source);
    assert.ok(!result.ok);
    assert.equal(result.error.message, 'Comma expected');
    assert.equal(result.error.line, 3);
    assert.equal(result.error.column, 3);
    assert.equal(source.slice(result.error.offset, result.error.offset + result.error.length), '"b"');
  });

  it('accepts a byte-order mark and keeps offsets in the original text', () => {
    const ok = parseJsonEvent('\uFEFF{"a": 1}');
    assert.ok(ok.ok && (ok.value as { a: number }).a === 1);
    const bad = parseJsonEvent('\uFEFF{"a" 1}');
    assert.ok(!bad.ok);
    assert.equal(bad.error.offset, 6);
    assert.equal(bad.error.column, 7);
  });

  it('reports an unterminated value', () => {
    const result = parseJsonEvent('{"a": "open');
    assert.ok(!result.ok);
    assert.match(result.error.message, /Unexpected end of string|Close brace expected/);
  });

  it('measures UTF-8 bytes against a 1 MB limit', () => {
    assert.equal(MAX_EVENT_BYTES, 1_000_000);
    assert.equal(eventByteSize('中'), 3);
  });
});
