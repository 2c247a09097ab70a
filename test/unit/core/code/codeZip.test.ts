// The editor's rules for a code zip: entry paths that stay inside, bounded sizes, the checksum.
import * as assert from 'node:assert/strict';
import { zipSync } from 'fflate';
import { CodeError } from '../../../../src/core/code/codeErrors';
import { compareCode, entryPathProblem, packCode, sha256Hex, unpackCode, verifyChecksum } from '../../../../src/core/code/codeZip';

const utf8 = (s: string) => new TextEncoder().encode(s);
const limits = { maxZipBytes: 64 * 1024, maxUnzippedBytes: 32 * 1024, maxFiles: 5 };

function refused(run: () => unknown, key: string): CodeError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof CodeError, String(error));
    assert.equal(error.messageKey, key, error.message);
    return error;
  }
  assert.fail(`expected ${key}`);
}

describe('code zip rules', () => {
  it('accepts plain relative paths and refuses every path that leaves the folder', () => {
    for (const ok of ['index.js', 'lib/a.js', 'node_modules/x/package.json', 'dir/', '..hidden', 'a..b/c']) assert.equal(entryPathProblem(ok), undefined, ok);
    const bad: Record<string, string> = {
      '../evil.js': 'parent segment',
      'lib/../../evil.js': 'parent segment',
      '/etc/passwd': 'absolute',
      'lib\\evil.js': 'backslash',
      'C:/evil.js': 'drive letter',
      'c:evil.js': 'drive letter',
      'a//b.js': 'empty segment',
      './a.js': 'empty segment',
      '': 'empty',
      'a\u0000.js': 'control character',
    };
    for (const [name, problem] of Object.entries(bad)) assert.equal(entryPathProblem(name), problem, name);
  });

  it('packs and unpacks the same files', () => {
    const files = new Map([
      ['index.js', utf8('exports.main = () => 1;\n')],
      ['lib/util.js', utf8('module.exports = 2;\n')],
    ]);
    const back = unpackCode('f', packCode('f', files));
    assert.deepEqual([...back.keys()].sort(), ['index.js', 'lib/util.js']);
    assert.equal(new TextDecoder().decode(back.get('lib/util.js')), 'module.exports = 2;\n');
  });

  it('refuses a zip holding a zip-slip entry, naming it, and unpacks nothing of it', () => {
    for (const name of ['../evil.js', '/abs.js', 'a\\..\\evil.js', 'C:/evil.js']) {
      const zip = zipSync({ 'index.js': utf8('ok'), [name]: utf8('evil') });
      const error = refused(() => unpackCode('f', zip), 'codeUnsafeEntry');
      assert.match(error.message, /leaves its folder/);
      assert.ok(error.message.includes(JSON.stringify(name)), error.message);
    }
  });

  it('bounds the zip, the unpacked size and the number of files', () => {
    refused(() => unpackCode('f', new Uint8Array(limits.maxZipBytes + 1), limits), 'codeZipTooLarge');
    // 64 KB of zeros compresses to almost nothing but unpacks past the limit.
    const bomb = zipSync({ 'big.bin': new Uint8Array(64 * 1024) }, { level: 9 });
    assert.ok(bomb.length < limits.maxZipBytes);
    refused(() => unpackCode('f', bomb, limits), 'codeUnpacksTooLarge');
    const many = zipSync(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}.js`, utf8('x')])));
    refused(() => unpackCode('f', many, limits), 'codeUnpacksTooLarge');
    refused(() => packCode('f', new Map([['big.bin', new Uint8Array(200 * 1024).map(() => Math.floor(Math.random() * 256))]]), limits), 'codeZipTooLarge');
  });

  it('says when the bytes are not a zip', () => {
    refused(() => unpackCode('f', utf8('<html>not a zip</html>')), 'codeNotZip');
  });

  it('verifies the SHA-256 in any case and refuses a mismatch', () => {
    const bytes = utf8('code');
    const sum = sha256Hex(bytes);
    assert.equal(sum, '5694d08a2e53ffcae0c3103e5ad6f6076abd960eb1f8a56577040bc1028f702b');
    verifyChecksum('f', bytes, sum.toUpperCase());
    const error = refused(() => verifyChecksum('f', bytes, sum.replace(/^5/, '6')), 'codeChecksumMismatch');
    assert.match(error.message, /nothing is shown/);
  });

  it('lists files added, removed and changed from the deployed code to the workspace', () => {
    const deployed = new Map([['a.js', utf8('1')], ['b.js', utf8('2')], ['c.js', utf8('3')]]);
    const local = new Map([['a.js', utf8('1')], ['b.js', utf8('two')], ['d.js', utf8('4')]]);
    assert.deepEqual(compareCode(deployed, local), { added: ['d.js'], removed: ['c.js'], changed: ['b.js'], same: 1 });
  });
});
