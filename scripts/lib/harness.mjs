// Pieces the test runners and `npm start` share: the packaged extension, run folders, the demo
// workspace, Chromium and the emulator process. Plain Node built-ins plus playwright-core.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { repoRoot, spawnTracked, stopChildAndWait } from '../offlineHost.mjs';

export const vsixPath = path.join(repoRoot, 'dist', 'wxcloud.vsix');
export const demoProject = path.join(repoRoot, 'demo-project');
export const artifactsDir = path.join(repoRoot, 'artifacts');
export const EXTENSION_ID = 'wxcloud-tools.wxcloud';

/** What goes into the .vsix, or decides what the bundle contains: a newer one means repackaging. */
const packageInputs = ['src', 'l10n', 'media', 'demo-project', 'package.json', 'package.nls.json', 'README.md', 'README.zh-CN.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'esbuild.mjs', 'package-lock.json'];

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function sourcesMtime() {
  let newest = 0;
  for (const input of packageInputs) newest = Math.max(newest, newestMtime(path.join(repoRoot, input)));
  for (const f of readdirSync(repoRoot)) if (/^package\.nls\..+\.json$/.test(f)) newest = Math.max(newest, newestMtime(path.join(repoRoot, f)));
  return newest;
}

/** Runs `npm run package` when dist/wxcloud.vsix is missing or older than what goes into it. */
export function ensureVsix({ log = console.log } = {}) {
  const stale = !existsSync(vsixPath) || statSync(vsixPath).mtimeMs < sourcesMtime();
  if (stale) {
    log(`packaging: ${existsSync(vsixPath) ? 'dist/wxcloud.vsix is older than its sources' : 'dist/wxcloud.vsix is missing'}`);
    const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status ?? r.signal})`);
  }
  return vsixPath;
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * A fresh folder `.cache/runs/<name>-<pid>/` for one run: its own user data, extensions, workspace
 * and logs, so runs in parallel (two people, or CI and a developer) never share one. Kept after the
 * run so its logs can be read; folders of earlier runs whose process has ended are removed.
 */
export function freshRunDir(name) {
  const runs = path.join(repoRoot, '.cache', 'runs');
  mkdirSync(runs, { recursive: true });
  for (const entry of readdirSync(runs)) {
    const m = /^(.*)-(\d+)$/.exec(entry);
    if (m && m[1] === name && Number(m[2]) !== process.pid && !pidAlive(Number(m[2]))) {
      rmSync(path.join(runs, entry), { recursive: true, force: true });
    }
  }
  const dir = path.join(runs, `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A copy of the demo project (or an empty folder while there is none) to open as the workspace. */
export function makeWorkspace(runDir) {
  const ws = path.join(runDir, 'workspace');
  if (existsSync(demoProject)) cpSync(demoProject, ws, { recursive: true });
  else mkdirSync(ws, { recursive: true });
  return ws;
}

/**
 * Installs missing Debian/Ubuntu packages with apt-get when running as root; otherwise says which
 * command to run. `packages` maps a package name to a file that proves it is installed.
 */
export function ensureDebianPackages(packages, { log = console.log } = {}) {
  const missing = Object.entries(packages).filter(([, proof]) => !existsSync(proof)).map(([name]) => name);
  if (!missing.length) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`missing system packages: ${missing.join(' ')} (on Debian/Ubuntu: sudo apt-get install ${missing.join(' ')})`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    r = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  }
  if (r.status !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed`);
}

export const CHROMIUM = process.env.WXCLOUD_CHROMIUM ?? '/usr/bin/chromium';

/** Chromium for the browser, and a CJK font so Chinese labels render in screenshots. */
export function ensureBrowserPackages(options) {
  ensureDebianPackages(
    process.env.WXCLOUD_CHROMIUM ? {} : { chromium: CHROMIUM, 'fonts-wqy-microhei': '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc' },
    options,
  );
}
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Debian's Chromium through playwright-core with a fresh profile in `profileDir`.
 * Returns { context, page, close() }.
 */
export async function launchChromium({ profileDir, locale = 'en-US', viewport = { width: 1440, height: 900 } } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
  const { chromium } = await import('playwright-core');
  rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir, { recursive: true });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: process.env.WXCLOUD_HEADED ? false : true,
    args: CHROMIUM_ARGS,
    viewport,
    locale,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, close: () => context.close().catch(() => {}) };
}

/**
 * Starts the emulator CLI (`tsx src/emulator/cli.ts --project DIR`) as a child and resolves with
 * its one JSON line { url, credentials, envs } plus stop().
 */
export async function startEmulatorProcess({ project = demoProject, timeoutMs = 60_000, extraArgs = [] } = {}) {
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
  const child = spawnTracked(tsx, [path.join(repoRoot, 'src', 'emulator', 'cli.ts'), '--project', project, ...extraArgs], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout });
  const info = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the emulator printed no JSON line within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited (${code ?? signal}) before it was ready`));
    });
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line);
        if (parsed && typeof parsed.url === 'string') {
          clearTimeout(timer);
          resolve(parsed);
        }
      } catch {
        /* a log line, not the ready line */
      }
    });
  });
  // Keep draining its stdout so it never blocks on a full pipe.
  lines.on('line', () => {});
  return { ...info, child, stop: () => stopChildAndWait(child) };
}

export function formatDuration(ms) {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Files under `dir` (recursively) whose names end in `suffix`, sorted. */
export function findFiles(dir, suffix) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findFiles(p, suffix));
    else if (entry.name.endsWith(suffix)) found.push(p);
  }
  return found.sort();
}
