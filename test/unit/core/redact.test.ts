import assert from 'node:assert/strict';
import { redactSecrets, redactUrl } from '../../../src/core/redact';

describe('core/redact', () => {
  it('replaces every token query parameter with ***', () => {
    assert.equal(
      redactUrl('https://api.weixin.qq.com/tcb/invokecloudfunction?access_token=ABC.def-123&env=e&name=n'),
      'https://api.weixin.qq.com/tcb/invokecloudfunction?access_token=***&env=e&name=n',
    );
    for (const param of ['component_access_token', 'cloudbase_access_token', 'authorizer_access_token', 'ACCESS_TOKEN']) {
      assert.equal(redactUrl(`/x?a=1&${param}=SECRET#frag`), `/x?a=1&${param}=***#frag`);
    }
    assert.equal(redactUrl('POST "http://h/p?access_token=s1" and http://h/q?access_token=s2'), 'POST "http://h/p?access_token=***" and http://h/q?access_token=***');
    assert.equal(redactUrl('http://h/p?my_access_token=keep'), 'http://h/p?my_access_token=keep');
  });

  it('removes raw and URL-encoded secrets and ignores empty or tiny ones', () => {
    const secret = 'se/cr+et==';
    assert.equal(redactSecrets(`a ${secret} b ${encodeURIComponent(secret)} c`, [secret]), 'a *** b *** c');
    assert.equal(redactSecrets('keep abc', ['', undefined, 'abc']), 'keep abc');
    assert.equal(redactSecrets('url?access_token=zzz'), 'url?access_token=***');
  });
});
