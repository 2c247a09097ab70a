// Every user-visible string has a zh-CN translation: the manifest's %keys%, every
// vscode.l10n.t(...) message in the sources, and the core's error templates (which the editor
// passes through vscode.l10n.t). A string added without its translation fails here.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';
import { MESSAGES } from '../../src/core/messages';

const root = path.resolve(__dirname, '../..');
const readJson = (file: string): Record<string, string> => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

describe('localisation', function () {
  // Extracting the strings of every source file takes several seconds on a loaded machine.
  this.timeout(120_000);
  it('translates every manifest string and nothing stale', () => {
    const en = readJson('package.nls.json');
    const zh = readJson('package.nls.zh-cn.json');
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
    const manifest = readFileSync(path.join(root, 'package.json'), 'utf8');
    for (const [, key] of manifest.matchAll(/"%([^%"]+)%"/g)) assert.ok(key in en, `package.json uses %${key}% which package.nls.json lacks`);
  });

  it('translates every vscode.l10n.t message and every core error template into zh-CN', async () => {
    const files = sources(path.join(root, 'src')).filter((f) => !f.includes(`${path.sep}emulator${path.sep}`));
    const extracted = await getL10nJson(files.map((f) => ({ extension: '.ts', contents: readFileSync(f, 'utf8') })));
    const keys = new Set([...Object.keys(extracted), ...Object.values(MESSAGES)]);
    const zh = readJson('l10n/bundle.l10n.zh-cn.json');
    const missing = [...keys].filter((k) => !(k in zh));
    assert.deepEqual(missing, [], `${missing.length} strings have no zh-CN translation`);
    for (const [key, value] of Object.entries(zh)) {
      const placeholders = (s: string) => [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort().join(',');
      assert.equal(placeholders(value), placeholders(key), `placeholders differ in the translation of “${key}”`);
    }
  });
});
