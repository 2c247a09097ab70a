import assert from 'node:assert/strict';
import { parseArgv } from '../../../src/core/argv';
import { triggersFromTimerConfig } from '../../../src/core/timerConfig';
import { jsonText } from '../../../src/core/normalize';

describe('core/argv and core/timerConfig', () => {
  it('splits a command line with quotes and escapes, expanding nothing', () => {
    assert.deepEqual(parseArgv(`node "my script.js" --name 'a b' x\\ y $(whoami) "q\\"q"`), ['node', 'my script.js', '--name', 'a b', 'x y', '$(whoami)', 'q"q']);
    assert.deepEqual(parseArgv('   '), []);
    assert.deepEqual(parseArgv(`a "" b`), ['a', '', 'b']);
  });

  it('reads timer triggers from a getfuncconfig type 2 answer', () => {
    const config = { type: 2 as const, ...jsonText('{"triggers":[{"name":"daily","type":"timer","config":"0 0 2 * * * *"}]}') };
    assert.deepEqual(triggersFromTimerConfig(config), [{ name: 'daily', type: 'timer', config: '0 0 2 * * * *' }]);
    const bare = { type: 2 as const, ...jsonText('[{"trigger_name":"t","config":"* * * * * * *"}]') };
    assert.deepEqual(triggersFromTimerConfig(bare), [{ name: 't', type: 'timer', config: '* * * * * * *' }]);
    assert.deepEqual(triggersFromTimerConfig({ type: 2, ...jsonText('not json') }), []);
  });
});
