import * as assert from 'node:assert/strict';
import { MAX_SEGMENT_LENGTH, UnsafePathError, checkSegment, isInside, isSafeSegment, joinInside } from '../../../src/core/safeName';

describe('safe path segments', () => {
  it('accepts the names WeChat and workspaces use, Chinese ones included', () => {
    for (const name of ['demo-env-1a2b3c', 'fn_00249', 'login', '登录', '测试环境-1', 'a.b', 'default', '...', 'x'.repeat(MAX_SEGMENT_LENGTH)]) {
      assert.equal(checkSegment(name), undefined, name);
      assert.equal(isSafeSegment(name), true, name);
    }
  });

  it('refuses what could steer a path, and says why', () => {
    const cases: Array<[string, string]> = [
      ['', 'empty'],
      ['   ', 'empty'],
      ['.', 'dots'],
      ['..', 'dots'],
      ['../../../../escaped', 'separator'],
      ['a/b', 'separator'],
      ['a\\b', 'separator'],
      ['..\\..\\x', 'separator'],
      ['/etc', 'separator'],
      ['env\u0000', 'control'],
      ['line\nbreak', 'control'],
      ['del\u007f', 'control'],
      ['x'.repeat(MAX_SEGMENT_LENGTH + 1), 'tooLong'],
    ];
    for (const [name, problem] of cases) {
      assert.equal(checkSegment(name), problem, JSON.stringify(name));
      assert.equal(isSafeSegment(name), false, JSON.stringify(name));
    }
  });

  it('counts length in characters, so a long Chinese name is measured as it reads', () => {
    assert.equal(checkSegment('环'.repeat(MAX_SEGMENT_LENGTH)), undefined);
    assert.equal(checkSegment('环'.repeat(MAX_SEGMENT_LENGTH + 1)), 'tooLong');
  });
});

describe('paths inside a root', () => {
  const root = '/work/project/.wxcloud/events';

  it('joins safe segments below the root', () => {
    assert.equal(joinInside(root, 'demo-env', 'login', 'default.json'), `${root}/demo-env/login/default.json`);
    assert.equal(joinInside(root, '测试环境', '登录'), `${root}/测试环境/登录`);
  });

  it('refuses the envId that used to write outside the workspace, before any path is made', () => {
    const error = (() => {
      try {
        joinInside(root, '../../../../escaped', 'login', 'default.json');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(error instanceof UnsafePathError);
    assert.equal(error.problem, 'separator');
    assert.equal(error.segment, '../../../../escaped');
    assert.throws(() => joinInside(root, '..', 'x'), (e: unknown) => e instanceof UnsafePathError && e.problem === 'dots');
    assert.throws(() => joinInside(root, 'env', 'fn', '\u0001.json'), UnsafePathError);
  });

  it('tells inside from outside by the relative path', () => {
    assert.equal(isInside(root, root), true);
    assert.equal(isInside(root, `${root}/a/b.json`), true);
    assert.equal(isInside(root, `${root}/../x.json`), false);
    assert.equal(isInside(root, '/work/project/.wxcloud/eventsX/a.json'), false);
    assert.equal(isInside(root, '/elsewhere/a.json'), false);
    assert.equal(isInside(root, `${root}/..foo/a.json`), true, 'a name that starts with two dots is still inside');
  });
});
