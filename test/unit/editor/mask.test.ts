import * as assert from 'node:assert/strict';
import { MASK, maskEnvironmentValues } from '../../../src/documents/mask';

describe('masking environment variable values', () => {
  it('hides every value of the documented {key, value} list and keeps the names', () => {
    const config = { timeout: 5, environment: [{ key: 'GREETING', value: 'hello' }, { key: 'API_KEY', value: 'demo-not-a-secret' }] };
    const { value, count } = maskEnvironmentValues(config);
    assert.equal(count, 2);
    assert.deepEqual(value, { timeout: 5, environment: [{ key: 'GREETING', value: MASK }, { key: 'API_KEY', value: MASK }] });
    assert.ok(!JSON.stringify(value).includes('demo-not-a-secret'));
    assert.equal(config.environment[1]?.value, 'demo-not-a-secret', 'the original is not changed');
  });

  it('hides values of a name → value object too', () => {
    const { value, count } = maskEnvironmentValues({ envVariables: { A: '1', B: '2' } });
    assert.equal(count, 2);
    assert.deepEqual(value, { envVariables: { A: MASK, B: MASK } });
  });

  it('leaves anything else alone', () => {
    assert.deepEqual(maskEnvironmentValues(null), { value: null, count: 0 });
    assert.deepEqual(maskEnvironmentValues({ timeout: 3 }), { value: { timeout: 3 }, count: 0 });
  });
});
