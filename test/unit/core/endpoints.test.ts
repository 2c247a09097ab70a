import assert from 'node:assert/strict';
import { ENDPOINTS, acceptedKinds, chooseTokenKind } from '../../../src/core/endpoints';

describe('core/endpoints', () => {
  it('matches the seeds and the reference', () => {
    const table = Object.values(ENDPOINTS).map((e) => [e.path, e.documentedKinds.join('|'), e.triedKinds.join('|'), e.mode]);
    assert.deepEqual(table, [
      ['tcb/getenvinfo', 'authorizer', 'mp', 'read'],
      ['componenttcb/describeenvs', 'component', '', 'read'],
      ['tcb/listfunctions', 'authorizer', 'mp', 'read'],
      ['tcb/getfuncconfig', 'authorizer', 'mp', 'read'],
      ['componenttcb/gettriggers', 'component', '', 'read'],
      ['componenttcb/describestaticstore', 'component', '', 'read'],
      ['tcb/invokecloudfunction', 'mp|authorizer|component', '', 'invoke'],
      ['cgi-bin/stable_token', '', '', 'token'],
      ['cgi-bin/component/api_authorizer_token', 'component', '', 'token'],
      ['cgi-bin/component/api_get_authorizer_list', 'component', '', 'read'],
      ['cgi-bin/component/api_component_token', '', '', 'token'],
    ]);
    assert.equal(ENDPOINTS.stableToken.tokenParam, null);
    assert.equal(ENDPOINTS.componentToken.tokenParam, null);
    assert.ok(Object.values(ENDPOINTS).every((e) => e.path !== 'cgi-bin/token'));
  });

  it('prefers a documented kind, falls back to a tried one, else none', () => {
    assert.deepEqual(chooseTokenKind(ENDPOINTS.listFunctions, ['mp', 'authorizer']), { kind: 'authorizer', documented: true });
    assert.deepEqual(chooseTokenKind(ENDPOINTS.listFunctions, ['mp']), { kind: 'mp', documented: false });
    assert.equal(chooseTokenKind(ENDPOINTS.getTriggers, ['mp', 'authorizer']), undefined);
    assert.deepEqual(chooseTokenKind(ENDPOINTS.invokeCloudFunction, ['component']), { kind: 'component', documented: true });
    assert.deepEqual(acceptedKinds(ENDPOINTS.getEnvInfo), ['authorizer', 'mp']);
  });
});
