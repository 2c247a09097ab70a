// `npm run test:e2e`: the browser tier. Mocha runs test/e2e/**/*.e2e.mjs, which drive the VS Code
// workbench of the offline host (code-server with dist/wxcloud.vsix installed) in Debian's Chromium
// through playwright-core, keeping screenshots under artifacts/e2e/. Ends with exactly
// `N passed, N failed` and exits non-zero on any failure. Env: WXCLOUD_E2E_GREP filters tests,
// WXCLOUD_HEADED=1 shows the browser (needs a display).
import path from 'node:path';
import Mocha from 'mocha';
import { installHost, repoRoot, stopAll } from './offlineHost.mjs';
import { ensureBrowserPackages, ensureVsix, findFiles, formatDuration } from './lib/harness.mjs';

const log = (msg) => console.log(`[e2e] ${msg}`);


async function main() {
  const started = Date.now();
  ensureVsix({ log });
  ensureBrowserPackages({ log });
  installHost(); // once: a second run finds it in the cache
  log('host: offline (code-server + Chromium)');
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    timeout: 120_000,
    ...(process.env.WXCLOUD_E2E_GREP ? { grep: process.env.WXCLOUD_E2E_GREP } : {}),
  });
  for (const spec of findFiles(path.join(repoRoot, 'test', 'e2e'), '.e2e.mjs')) mocha.addFile(spec);
  await mocha.loadFilesAsync();
  let passed = 0;
  let failed = 0;
  await new Promise((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
  });
  console.log(`[e2e] screenshots: ${path.relative(repoRoot, path.join(repoRoot, 'artifacts', 'e2e'))}/; total ${formatDuration(Date.now() - started)}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => {
    stopAll();
    process.exit(code);
  },
  (e) => {
    console.error(`[e2e] ${e instanceof Error ? e.message : e}`);
    stopAll();
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
