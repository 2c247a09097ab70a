// `npm run test:integration`: the mocha suites in test/integration/**/*.test.ts, run inside a real
// VS Code against the packaged dist/wxcloud.vsix, on two engines one after the other: `min`, the
// oldest VS Code that `engines.vscode` accepts (1.99), and `stable`. Two hosts, chosen per engine:
//   1. @vscode/test-electron (desktop VS Code 1.99.0 / stable, downloaded) wherever the download works;
//   2. the offline host (code-server 4.99.4 / 4.139.1 from npm, see scripts/offlineHost.mjs)
//      otherwise: a generated test-runner extension runs the suites in its extension host once
//      Chromium opens the page.
// Prints every test under the engine and VS Code version that ran it, a line per engine, then
// exactly one combined `N passed, N failed`; exits non-zero on any failure.
// Env: WXCLOUD_TEST_ENGINES=min|stable (or both, the default) picks the engines;
// WXCLOUD_TEST_HOST=electron|offline forces a host; WXCLOUD_TEST_GREP filters tests;
// WXCLOUD_TEST_HOST_TIMEOUT_S bounds each offline run (default 600); WXCLOUD_TEST_LOCALE=zh-cn
// runs the host in that display language (offline host: with a generated language pack).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { ENGINES, findExtHostLog, installVsix, installHost, parseEngines, repoRoot, startCodeServer, stopAll } from './offlineHost.mjs';
import { buildTestLanguagePack, registerTestLanguagePack } from './lib/languagePack.mjs';
import { artifactsDir, demoProject, ensureBrowserPackages, ensureVsix, findFiles, formatDuration, freshRunDir, launchChromium, makeWorkspace } from './lib/harness.mjs';
import { packageRunnerExtension, writeRunnerExtension } from './lib/runnerExtension.mjs';

const log = (msg) => console.log(`[integration] ${msg}`);
const integrationDir = path.join(repoRoot, 'test', 'integration');
// Set by main(): this run's folder (.cache/runs/integration-<pid>/) and the runner extension in it.
let outDir;
let runnerDir;
let runnerVsix;
const RUNNER_ID = 'wxcloud-tools.wxcloud-test-runner';


const locale = process.env.WXCLOUD_TEST_LOCALE && process.env.WXCLOUD_TEST_LOCALE !== 'en' ? process.env.WXCLOUD_TEST_LOCALE.toLowerCase() : undefined;

/** What the suites find in process.env, in both hosts. */
function testEnv(host, engine, resultsFile) {
  return {
    WXCLOUD_TEST: '1',
    WXCLOUD_TEST_HOST: host,
    WXCLOUD_TEST_ENGINE: engine,
    WXCLOUD_TEST_RESULTS: resultsFile,
    WXCLOUD_REPO_ROOT: repoRoot,
    WXCLOUD_DEMO_PROJECT: demoProject,
    WXCLOUD_TEST_LOCALE: locale ?? 'en',
  };
}

/** Bundles index.ts then every suite into runner/suites.js: mocha inside, `vscode` external. */
async function buildSuites() {
  const suites = findFiles(integrationDir, '.test.ts');
  const entry = [
    `export * from ${JSON.stringify(path.join(integrationDir, 'index.ts'))};`,
    ...suites.map((s) => `import ${JSON.stringify(s)};`),
  ].join('\n');
  await esbuild.build({
    stdin: { contents: entry, resolveDir: integrationDir, sourcefile: 'integration-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    sourcesContent: false,
    external: ['vscode'],
    outfile: path.join(runnerDir, 'suites.js'),
    logLevel: 'warning',
    // jsonc-parser's UMD `main` hides its requires from esbuild; its ESM build bundles cleanly.
    mainFields: ['module', 'main'],
    // mocha's parallel mode (unused here) require.resolve()s its worker files.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
  // The emulator, bundled into suites.js, forks the worker it finds beside itself (__dirname).
  // The worker loads the emulator's wx-server-sdk from beside itself.
  for (const name of ['functionWorker.js', 'wxServerSdk.js']) {
    const file = path.join(repoRoot, 'dist', name);
    if (existsSync(file)) copyFileSync(file, path.join(runnerDir, name));
  }
  return suites;
}

/**
 * The offline host's way in: an extension that, when env WXCLOUD_TEST_HOST=offline, runs the
 * bundled suites once after start-up and writes the results to WXCLOUD_TEST_RESULTS.
 */
function writeRunner() {
  writeRunnerExtension({
    dir: runnerDir,
    name: 'wxcloud-test-runner',
    displayName: 'WeChat Cloud test runner',
    generatedBy: 'scripts/runIntegration.mjs',
    extensionJs: `const fs = require('fs');
exports.activate = async function activate() {
  const out = process.env.WXCLOUD_TEST_RESULTS;
  // Under @vscode/test-electron, extensionTestsPath runs the suites instead.
  if (process.env.WXCLOUD_TEST_HOST !== 'offline' || !out || fs.existsSync(out)) return;
  let results;
  try {
    results = await require('./suites.js').runSuites();
  } catch (e) {
    results = { passed: 0, failed: 1, pending: 0, tests: [{ title: 'loading the integration suites', state: 'failed', durationMs: 0, error: String(e && e.stack || e) }] };
  }
  // The version the extension host reports, so the harness names the engine that really ran.
  results.vscode = require('vscode').version;
  fs.writeFileSync(out + '.tmp', JSON.stringify(results, null, 2));
  fs.renameSync(out + '.tmp', out);
};
exports.deactivate = function deactivate() {};
`,
  });
}

function printResults(results, label) {
  for (const t of results.tests) {
    const mark = t.state === 'passed' ? 'ok  ' : t.state === 'failed' ? 'FAIL' : 'skip';
    console.log(`${mark} ${t.title}${t.durationMs >= 100 ? ` (${formatDuration(t.durationMs)})` : ''}`);
    if (t.error) console.log(t.error.replace(/^/gm, '       '));
  }
  log(`${label}: ${results.passed} passed, ${results.failed} failed`);
}

/** The version in a downloaded VS Code's resources/app/package.json, or what was asked for. */
function desktopVersion(vscodeExecutablePath, asked) {
  for (const rel of ['resources/app/package.json', '../Resources/app/package.json']) {
    try {
      return JSON.parse(readFileSync(path.join(path.dirname(vscodeExecutablePath), rel), 'utf8')).version;
    } catch {
      /* another layout */
    }
  }
  return asked;
}

let downloadFails = false;

/**
 * Resolves with { results, host, vscode }, or with `undefined` when VS Code cannot be downloaded
 * here (tried once per run: the update server either answers or it does not).
 */
async function runWithTestElectron({ engine, vsix, workspace, runDir, resultsFile }) {
  if (downloadFails) return undefined;
  const electron = await import('@vscode/test-electron');
  let vscodeExecutablePath;
  const started = Date.now();
  const version = ENGINES[engine].electron;
  try {
    vscodeExecutablePath = await electron.downloadAndUnzipVSCode({
      version,
      cachePath: path.join(repoRoot, '.vscode-test'),
      timeout: 15_000,
      reporter: new electron.SilentReporter(),
    });
  } catch (e) {
    log(`@vscode/test-electron cannot download VS Code ${version} (${formatDuration(Date.now() - started)}): ${String(e?.message ?? e).split('\n')[0]}`);
    downloadFails = true;
    return undefined;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    log('VS Code downloaded, but there is no display for it (run under xvfb-run to use @vscode/test-electron)');
    downloadFails = true;
    return undefined;
  }
  const vscode = desktopVersion(vscodeExecutablePath, version);
  log(`${engine}: VS Code ${vscode}, host @vscode/test-electron (${vscodeExecutablePath})`);
  const extensionsDir = path.join(runDir, 'extensions');
  const userDataDir = path.join(runDir, 'user-data');
  const [cli, ...cliArgs] = electron.resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
  const install = spawnSync(cli, [...cliArgs, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix], {
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  if (install.status !== 0) throw new Error(`installing ${vsix} failed:\n${install.stdout}${install.stderr}`);
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ 'security.workspace.trust.enabled': false }));
  try {
    await electron.runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: runnerDir,
      extensionTestsPath: path.join(runnerDir, 'suites.js'),
      extensionTestsEnv: testEnv('electron', engine, resultsFile),
      launchArgs: [workspace, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--disable-workspace-trust', '--disable-gpu', '--skip-welcome', ...(locale ? ['--locale', locale] : [])],
    });
  } catch (e) {
    if (!existsSync(resultsFile)) throw e; // failing tests also reject; the results file tells which
  }
  return { results: JSON.parse(readFileSync(resultsFile, 'utf8')), host: '@vscode/test-electron', vscode };
}

async function waitForFile(file, timeoutMs, failFast) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(file)) return true;
    failFast();
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

async function runWithOfflineHost({ engine, vsix, workspace, runDir, resultsFile }) {
  const installed = installHost({ engines: [engine] })[engine]; // once: a second run finds it in the cache
  log(`${engine}: VS Code ${installed.vscode}, host offline (code-server ${installed.codeServer} on Node ${installed.node}, Chromium)`);
  ensureBrowserPackages({ log });
  const extensionsDir = path.join(runDir, 'extensions');
  const userDataDir = path.join(runDir, 'user-data');
  let t = Date.now();
  const pack = locale ? await buildTestLanguagePack(locale, outDir) : undefined;
  installVsix([vsix, runnerVsix, ...(pack ? [pack.vsix] : [])], extensionsDir, { engine });
  if (pack) registerTestLanguagePack(pack, { userDataDir, extensionsDir });
  log(`installed dist/wxcloud.vsix, ${RUNNER_ID}${locale ? ` and a ${locale} language pack` : ''} (${formatDuration(Date.now() - t)})`);

  t = Date.now();
  const server = await startCodeServer({
    userDataDir,
    extensionsDir,
    folder: workspace,
    env: testEnv('offline', engine, resultsFile),
    locale,
    engine,
  });
  log(`code-server ${server.baseUrl} ready (${formatDuration(Date.now() - t)})`);
  const browser = await launchChromium({ profileDir: path.join(runDir, 'chromium-profile') });
  try {
    t = Date.now();
    await browser.page.goto(server.url);
    const timeoutMs = Number(process.env.WXCLOUD_TEST_HOST_TIMEOUT_S ?? 600) * 1000;
    const done = await waitForFile(resultsFile, timeoutMs, () => {
      if (server.child.exitCode !== null) throw new Error(`code-server exited (${server.child.exitCode}):\n${server.output()}`);
    });
    if (!done) {
      mkdirSync(artifactsDir, { recursive: true });
      const shot = path.join(artifactsDir, `integration-timeout-${engine}.png`);
      await browser.page.screenshot({ path: shot }).catch(() => {});
      const exthostLog = findExtHostLog(userDataDir) ?? path.join(userDataDir, 'logs', '<time>', 'exthost1', 'remoteexthost.log');
      throw new Error(
        `no test results after ${timeoutMs / 1000} s: the suites did not finish in the extension host.\n` +
          `  extension host log: ${exthostLog}\n  screenshot of the workbench: ${shot}\n  code-server output:\n${server.output().replace(/^/gm, '    ')}`,
      );
    }
    log(`suites ran in the extension host (${formatDuration(Date.now() - t)})`);
  } finally {
    await browser.close();
    await server.stop();
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  return { results, host: `offline, code-server ${installed.codeServer}`, vscode: results.vscode ?? installed.vscode };
}

/** Runs the suites on one engine in its own folder; resolves with { results, host, vscode }. */
async function runEngine(engine, { vsix, runDir }) {
  const engineDir = path.join(runDir, engine);
  mkdirSync(engineDir, { recursive: true });
  const workspace = makeWorkspace(engineDir);
  const resultsFile = path.join(engineDir, 'results.json');
  const forced = process.env.WXCLOUD_TEST_HOST;
  const started = Date.now();
  console.log(`\n### engine: ${engine}`);
  let ran;
  if (forced !== 'offline') ran = await runWithTestElectron({ engine, vsix, workspace, runDir: engineDir, resultsFile });
  if (!ran) {
    if (forced === 'electron') throw new Error('WXCLOUD_TEST_HOST=electron, but VS Code could not be downloaded');
    ran = await runWithOfflineHost({ engine, vsix, workspace, runDir: engineDir, resultsFile });
  }
  printResults(ran.results, `${engine} (VS Code ${ran.vscode}, ${ran.host}) in ${formatDuration(Date.now() - started)}`);
  return ran;
}

async function main() {
  const started = Date.now();
  const engines = parseEngines(process.env.WXCLOUD_TEST_ENGINES);
  const vsix = ensureVsix({ log });
  const runDir = freshRunDir('integration');
  outDir = path.join(runDir, 'out');
  runnerDir = path.join(outDir, 'runner');
  const suites = await buildSuites();
  writeRunner();
  runnerVsix = await packageRunnerExtension(runnerDir, path.join(outDir, 'wxcloud-test-runner.vsix'));
  log(`bundled ${suites.length} suite file(s): ${suites.map((s) => path.relative(repoRoot, s)).join(', ')}`);
  log(`engines: ${engines.join(', ')}`);

  const ran = [];
  for (const engine of engines) {
    try {
      ran.push({ engine, ...(await runEngine(engine, { vsix, runDir })) });
    } catch (e) {
      // One engine that cannot run fails the tier, and the other engine still runs.
      console.error(`[integration] ${engine}: ${e instanceof Error ? e.message : e}`);
      ran.push({ engine, vscode: '?', host: 'did not run', results: { passed: 0, failed: 1, pending: 0, tests: [] } });
    }
  }
  console.log('');
  for (const r of ran) log(`${r.engine.padEnd(6)} VS Code ${r.vscode} (${r.host}): ${r.results.passed} passed, ${r.results.failed} failed`);
  log(`total ${formatDuration(Date.now() - started)}`);
  const passed = ran.reduce((n, r) => n + r.results.passed, 0);
  const failed = ran.reduce((n, r) => n + r.results.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && ran.every((r) => r.results.tests.length > 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[integration] ${e instanceof Error ? e.message : e}`);
    stopAll();
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
