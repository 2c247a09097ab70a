// `npm start`: build and package the extension, start the local emulator on the demo project, and
// open a real editor with the packaged extension installed and connected to it:
//   - desktop VS Code when `code` is on PATH (its own profile under .cache/start/, so the
//     connection env reaches its extension host even when another VS Code window is open);
//   - otherwise the offline host (code-server) in the browser: the URL is printed.
// The emulator reaches the extension as env WXCLOUD_EMULATOR_URL and WXCLOUD_EMULATOR_CREDENTIALS
// (JSON). Ctrl-C stops everything this script started.
// Options: `npm start -- --port N` (offline host port, default 8765 or WXCLOUD_START_PORT),
// `--skip-package` (reuse dist/wxcloud.vsix); WXCLOUD_START_HOST=offline ignores `code` on PATH.
// Only Node built-ins are imported until `npm ci` has run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './lib/dependencies.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (msg) => console.log(`[start] ${msg}`);

function npm(args, what) {
  log(what);
  const r = spawnSync('npm', args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}


function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

function parsePort() {
  const i = process.argv.indexOf('--port');
  const value = i > 0 ? process.argv[i + 1] : process.env.WXCLOUD_START_PORT;
  return value ? Number(value) : 8765;
}

async function main() {
  ensureDependencies(log);
  const host = await import('./offlineHost.mjs');
  const { demoProject, startEmulatorProcess, vsixPath } = await import('./lib/harness.mjs');
  const { mkdirSync, writeFileSync } = await import('node:fs');

  if (process.argv.includes('--skip-package') && existsSync(vsixPath)) log('--skip-package: using the existing dist/wxcloud.vsix');
  else npm(['run', '--silent', 'package'], 'building and packaging dist/wxcloud.vsix');

  log(`starting the emulator on ${path.relative(root, demoProject)}`);
  const emulator = await startEmulatorProcess({ project: demoProject });
  log(`emulator: ${emulator.url} (environments: ${(emulator.envs ?? []).map((e) => e.envId ?? e.id ?? e).join(', ') || 'none'})`);
  const connectionEnv = {
    WXCLOUD_EMULATOR_URL: emulator.url,
    WXCLOUD_EMULATOR_CREDENTIALS: JSON.stringify(emulator.credentials ?? {}),
    WXCLOUD_EMULATOR_CODE_MODE: emulator.codeMode ?? 'live',
  };

  const stateDir = path.join(root, '.cache', 'start');
  const useDesktop = process.env.WXCLOUD_START_HOST !== 'offline' && onPath('code');
  if (useDesktop) {
    const userDataDir = path.join(stateDir, 'vscode-user-data');
    mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ 'security.workspace.trust.enabled': false }, null, 2));
    log('installing dist/wxcloud.vsix into VS Code');
    const install = spawnSync('code', ['--user-data-dir', userDataDir, '--install-extension', vsixPath, '--force'], { stdio: 'inherit' });
    if (install.status !== 0) throw new Error('code --install-extension failed');
    log('opening the demo project in VS Code (close its window or press Ctrl-C here to stop)');
    const editor = host.spawnTracked('code', ['--new-window', '--wait', '--user-data-dir', userDataDir, demoProject], {
      stdio: 'inherit',
      env: { ...process.env, ...connectionEnv },
    });
    await new Promise((resolve) => editor.once('exit', resolve));
    log('VS Code closed: stopping the emulator');
    await emulator.stop();
    return;
  }

  if (!host.isInstalled()) {
    log('`code` is not on PATH: installing the offline host (code-server, about 2.5 minutes once)');
    host.installHost();
  }
  const extensionsDir = path.join(stateDir, 'extensions');
  host.installVsix(vsixPath, extensionsDir);
  let port = parsePort();
  if (!(await portIsFree(port))) port = await host.freePort();
  const server = await host.startCodeServer({
    userDataDir: path.join(stateDir, 'user-data'),
    extensionsDir,
    folder: demoProject,
    env: connectionEnv,
    port,
  });
  console.log(`\n  WeChat Cloud in VS Code (code-server ${host.ENGINES.stable.codeServer}), connected to the local emulator:\n\n    ${server.url}\n\n  Open it in a browser. Ctrl-C stops the editor and the emulator.\n`);
  const exited = await Promise.race([
    new Promise((resolve) => server.child.once('exit', () => resolve('code-server'))),
    new Promise((resolve) => emulator.child.once('exit', () => resolve('the emulator'))),
  ]);
  log(`${exited} exited: stopping the rest`);
  await server.stop();
  await emulator.stop();
  process.exitCode = 1;
}

async function portIsFree(port) {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

main().catch(async (e) => {
  console.error(`[start] ${e instanceof Error ? e.message : e}`);
  try {
    (await import('./offlineHost.mjs')).stopAll();
  } catch {
    /* nothing started */
  }
  process.exit(1);
});
