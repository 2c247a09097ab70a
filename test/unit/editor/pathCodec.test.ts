import * as assert from 'node:assert/strict';
import { decodeSegment, encodeSegment, joinSegments, splitSegments } from '../../../src/documents/pathCodec';

describe('virtual-document path codec', () => {
  const names = ['sum', 'my function', '云函数', 'a/b', 'a\\b', '100%', '%2F literal', 'emoji 🚀', ' leading and trailing ', ''];

  it('round-trips names with spaces, Chinese characters, slashes and percent signs', () => {
    for (const name of names) assert.equal(decodeSegment(encodeSegment(name)), name);
    assert.deepEqual(splitSegments(joinSegments(names)), names);
  });

  it('never leaves a slash inside a segment', () => {
    for (const name of names) assert.ok(!encodeSegment(name).includes('/'), name);
    assert.equal(joinSegments(['env', 'a/b']).split('/').length, 3);
  });

  it('keeps readable names readable', () => {
    assert.equal(encodeSegment('我的 函数'), '我的 函数');
    assert.equal(encodeSegment('a/b'), 'a%2Fb');
  });
});
