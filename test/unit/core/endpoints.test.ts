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
      ['tcb/databasecollectionget', 'mp|authorizer', '', 'read'],
      ['tcb/databasecollectionadd', 'mp|authorizer', '', 'write'],
      ['tcb/databasecollectiondelete', 'mp|authorizer', '', 'write'],
      ['tcb/databasequery', 'mp|authorizer', '', 'read'],
      ['tcb/databasecount', 'mp|authorizer', '', 'read'],
      ['tcb/databaseadd', 'mp|authorizer', '', 'write'],
      ['tcb/databaseupdate', 'mp|authorizer', '', 'write'],
      ['tcb/databasedelete', 'mp|authorizer', '', 'write'],
      ['tcb/databaseaggregate', 'mp|authorizer', '', 'read'],
      ['tcb/updateindex', 'mp|authorizer', '', 'write'],
      ['tcb/databasemigrateexport', 'mp|authorizer', '', 'write'],
      ['tcb/databasemigrateimport', 'mp|authorizer', '', 'write'],
      ['tcb/databasemigratequeryinfo', 'mp|authorizer', '', 'read'],
      ['componenttcb/dbcollection', 'component', '', 'read'],
      ['componenttcb/dbcollection', 'component', '', 'write'],
      ['componenttcb/dbrecord', 'component', '', 'read'],
      ['componenttcb/dbrecord', 'component', '', 'write'],
      ['componenttcb/dbindex', 'component', '', 'write'],
      ['componenttcb/dbaggregate', 'component', '', 'read'],
      ['tcb/uploadfile', 'mp|authorizer', '', 'write'],
      ['tcb/batchdownloadfile', 'mp|authorizer', '', 'read'],
      ['tcb/batchdeletefile', 'mp|authorizer', '', 'write'],
      ['cgi-bin/component/api_get_authorizer_info', 'component', '', 'read'],
      ['componenttcb/getscflist', 'component', '', 'read'],
      ['tcb/uploadfuncconfig', 'authorizer', 'mp', 'write'],
      ['componenttcb/updatescfconfig', 'component', '', 'write'],
      ['tcb/downloadfunction', 'authorizer', 'mp', 'read'],
      ['tcb/createfunction', 'authorizer', 'mp', 'write'],
      ['tcb/getcodesecret', 'authorizer', 'mp', 'token'],
      ['tcb/getuploadsignature', 'authorizer', 'mp', 'token'],
      ['componenttcb/batchuploadscfcode', 'component', '', 'write'],
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
