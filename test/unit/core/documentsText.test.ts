import assert from 'node:assert/strict';
import { parseDocumentsText } from '../../../src/core/database/documentsText';

describe('core/database/documentsText', () => {
  it('reads one object, an array of objects, and JSON Lines', () => {
    assert.deepEqual(parseDocumentsText('{"a": 1}'), { ok: true, documents: [{ a: 1 }], format: 'object' });
    assert.deepEqual(parseDocumentsText('[{"a": 1}, {"b": 2}]'), { ok: true, documents: [{ a: 1 }, { b: 2 }], format: 'array' });
    assert.deepEqual(parseDocumentsText('{"a": 1}\n\n{"b": 2}\r\n'), { ok: true, documents: [{ a: 1 }, { b: 2 }], format: 'lines' });
  });

  it('says where a mistake is and reads nothing', () => {
    assert.deepEqual(parseDocumentsText('{"a": 1}\n{"b": }\n{"c": 3}'), { ok: false, message: 'Value expected', line: 2, column: 7 });
    assert.equal(parseDocumentsText('[1, {"a": 1}]').ok, false);
    assert.equal(parseDocumentsText('"text"').ok, false);
    assert.equal(parseDocumentsText('   \n').ok, false);
    assert.equal(parseDocumentsText('[]').ok, false);
  });
});
