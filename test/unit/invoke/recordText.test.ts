import * as assert from 'node:assert/strict';
import { parse, type ParseError } from 'jsonc-parser';
import { defaultFormat } from '../../../src/core/messages';
import type { InvokeOutcome, InvokeRecord } from '../../../src/invoke/invokeRecord';
import { renderRecord } from '../../../src/invoke/recordText';

const l10n = { t: defaultFormat, language: 'en' };

function record(outcome: InvokeOutcome): InvokeRecord {
  return { id: 'r1', time: 0, connectionId: 'c', connectionName: 'Demo', scopeKey: 'self', env: 'demo-env', functionName: 'sum', target: 'remote', event: '{}', outcome };
}

/** The document's value as a JSON-with-comments reader sees it, failing on any syntax error. */
function valueOf(text: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: false });
  assert.deepEqual(errors, [], `the document is not valid JSON with comments:\n${text}`);
  return value;
}

describe('result document text', () => {
  it('an answer that is not JSON is a JSON string, under a line that says so', () => {
    const raw = 'plain text, not {json';
    const text = renderRecord(record({ kind: 'ok', raw, parsed: false, errmsg: 'ok' }), l10n);
    assert.equal(valueOf(text), raw);
    assert.match(text, /^\/\/ The function returned text that is not JSON; it is shown below as a JSON string\.$/m);
  });

  it('a JSON answer is shown as its value, pretty-printed', () => {
    const text = renderRecord(record({ kind: 'ok', raw: '{"sum":3}', parsed: true, errmsg: 'ok', logs: ['adding'] }), l10n);
    assert.deepEqual(valueOf(text), { sum: 3 });
    assert.match(text, /^\/\/ Succeeded\.$/m);
    assert.match(text, /^\/\/ adding$/m);
    assert.doesNotMatch(text, /not JSON/);
  });

  it('a failure says how it ended, with the errcode', () => {
    const failed = renderRecord(record({ kind: 'failed', reason: 'threw', message: 'boom', errcode: -504002 }), l10n);
    assert.match(failed, /^\/\/ Failed: the function threw an error\.$/m);
    assert.match(failed, /^\/\/ errcode: -504002$/m);
    assert.ok(failed.split('\n').every((line) => line === '' || line.startsWith('//')), failed);
  });
});
