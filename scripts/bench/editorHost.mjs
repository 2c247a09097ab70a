// Runs test/bench/editorBench.ts inside a real VS Code extension host (the offline code-server
// host, see scripts/offlineHost.mjs) against the packaged dist/wxcloud.vsix, and returns what it
// measured. Built from the same pieces as scripts/runIntegration.mjs, but with its own generated
// runner extension and its own run folder, so `npm run test:integration` never runs a benchmark.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { findExtHostLog, installVsix, isInstalled, repoRoot, startCodeServer } from '../offlineHost.mjs';
import { ensureBrowserPackages, freshRunDir, launchChromium, makeWorkspace } from '../lib/harness.mjs';
import { packageRunnerExtension, writeRunnerExtension } from '../lib/runnerExtension.mjs';

const benchEntry = path.join(repoRoot, 'test', 'bench', 'editorBench.ts');

async function buildRunner(runnerDir) {
  mkdirSync(runnerDir, { recursive: true });
  await esbuild.build({
    entryPoints: [benchEntry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    mainFields: ['module', 'main'],
    outfile: path.join(runnerDir, 'bench.js'),
    logLevel: 'warning',
  });
  writeRunnerExtension({
    dir: runnerDir,
    name: 'wxcloud-bench-runner',
    displayName: 'WeChat Cloud bench runner',
    generatedBy: 'scripts/bench/editorHost.mjs',
    extensionJs: `const fs = require('fs');
// Runs the benchmark once when WXCLOUD_BENCH_OUT is set.
exports.activate = function activate() {
  const out = process.env.WXCLOUD_BENCH_OUT;
  if (!out || fs.existsSync(out)) return;
  // After activation returns, so this extension's own start-up is not inside the figures.
  setTimeout(() => require('./bench.js').runAndWrite(out), 0);
};
exports.deactivate = function deactivate() {};
`,
  });
  return packageRunnerExtension(runnerDir, path.join(runnerDir, '..', 'wxcloud-bench-runner.vsix'));
}

/**
 * One editor session: installs the .vsix and the runner, starts code-server on a copy of the demo
 * project, opens the workbench in Chromium and waits for the results file.
 * Resolves with the suite's JSON; throws when the host could not run it.
 */
export async function runEditorBench({ vsix, emulator, reps = 5, timeoutMs = 300_000, log = () => {} }) {
  if (!isInstalled()) throw new Error('the offline host is not installed (run `npm run host:install`)');
  ensureBrowserPackages({ log });
  const runDir = freshRunDir('bench');
  const outDir = path.join(runDir, 'out');
  const runnerVsix = await buildRunner(path.join(outDir, 'runner'));
  const extensionsDir = path.join(runDir, 'extensions');
  const userDataDir = path.join(runDir, 'user-data');
  installVsix([vsix, runnerVsix], extensionsDir);
  const resultsFile = path.join(runDir, 'bench.json');
  const server = await startCodeServer({
    userDataDir,
    extensionsDir,
    folder: makeWorkspace(runDir),
    env: {
      WXCLOUD_BENCH_OUT: resultsFile,
      WXCLOUD_BENCH_HOST: 'offline',
      WXCLOUD_BENCH_REPS: String(reps),
      WXCLOUD_BENCH_EMULATOR: JSON.stringify(emulator),
    },
  });
  const browser = await launchChromium({ profileDir: path.join(runDir, 'chromium-profile') });
  try {
    await browser.page.goto(server.url);
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(resultsFile)) {
      if (server.child.exitCode !== null) throw new Error(`code-server exited (${server.child.exitCode}):\n${server.output()}`);
      if (Date.now() > deadline) {
        throw new Error(`no bench results after ${timeoutMs / 1000} s; extension host log: ${findExtHostLog(userDataDir) ?? userDataDir}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  if (results.error) throw new Error(`the bench failed in the extension host:\n${results.error}`);
  return { ...results, runDir };
}
