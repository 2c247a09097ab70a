// `npm run emulator` as the harness uses it: one JSON line on stdout, clean stop on signals.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { addPidFunction, copyDemo, DEMO_ENV, isAlive, scriptOf, waitUntil } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');

interface Ready {
  url: string;
  credentials: Record<string, string>;
  envs: string[];
  controlKey: string;
}

function runCli(args: string[]): { child: ChildProcess; ready: Promise<Ready>; stdoutLines: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/emulator/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdoutLines: string[] = [];
  const ready = new Promise<Ready>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      stdoutLines.push(line);
      if (stdoutLines.length === 1) resolve(JSON.parse(line) as Ready);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited early (${code})`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, ready, stdoutLines, exited };
}

describe('emulator: CLI', function () {
  this.timeout(20000);
  let dir: string;
  before(() => {
    dir = copyDemo();
    addPidFunction(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`prints one JSON line when ready and stops on ${signal}, killing its function processes`, async () => {
      const cli = runCli(['--project', dir, '--token-ttl', '600']);
      try {
        const ready = await cli.ready;
        assert.match(ready.url, /^http:\/\/127\.0\.0\.1:\d+$/);
        assert.deepEqual(ready.envs, [DEMO_ENV]);
        assert.equal(ready.credentials.appid, 'wx7d3c9a1b5e2f4068');
        const res = await fetch(`${ready.url}/tcb/invokecloudfunction?access_token=${ready.credentials.access_token}&env=${DEMO_ENV}&name=pid`, { method: 'POST', body: '{}' });
        const answer = (await res.json()) as { resp_data: string };
        const pid = JSON.parse(answer.resp_data).pid as number;
        assert.ok(isAlive(pid));
        const token = await fetch(`${ready.url}/cgi-bin/stable_token`, { method: 'POST', body: JSON.stringify({ grant_type: 'client_credential', appid: ready.credentials.appid, secret: ready.credentials.secret }) });
        assert.equal(((await token.json()) as { expires_in: number }).expires_in <= 600, true);
        cli.child.kill(signal);
        assert.equal(await cli.exited, 0);
        assert.equal(cli.stdoutLines.length, 1, 'exactly one line on stdout');
        await waitUntil(() => !isAlive(pid), 'the function process is killed');
      } finally {
        cli.child.kill('SIGKILL');
      }
    });
  }

  it('a function process busy in a loop ends itself once the emulator is killed with SIGKILL', async () => {
    const fn = path.join(dir, 'cloudfunctions', 'busy');
    fs.mkdirSync(fn, { recursive: true });
    fs.writeFileSync(path.join(fn, 'index.js'), "exports.main = async (event) => { require('fs').writeFileSync(event.pidFile, String(process.pid)); for (;;); };\n");
    fs.writeFileSync(path.join(fn, 'config.json'), JSON.stringify({ timeout: 120 }));
    const pidFile = path.join(dir, 'busy.pid');
    const cli = runCli(['--project', dir, '--function-timeout-cap', '120000']);
    let worker = 0;
    let script: string | undefined;
    try {
      const ready = await cli.ready;
      fetch(`${ready.url}/tcb/invokecloudfunction?access_token=${ready.credentials.access_token}&env=${DEMO_ENV}&name=busy`, { method: 'POST', body: JSON.stringify({ pidFile }) }).catch(() => {});
      await waitUntil(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8') !== '', 'the function is running');
      worker = Number(fs.readFileSync(pidFile, 'utf8'));
      script = scriptOf(worker);
      cli.child.kill('SIGKILL');
      await cli.exited;
      await waitUntil(() => !isAlive(worker), `the orphaned worker (pid ${worker}) is gone`);
    } finally {
      cli.child.kill('SIGKILL');
      if (worker && isAlive(worker)) process.kill(worker, 'SIGKILL');
      // A killed emulator cannot remove its private copy of the worker script.
      if (script && path.basename(path.dirname(script)).startsWith('wxcloud-worker-')) fs.rmSync(path.dirname(script), { recursive: true, force: true });
    }
  });

  it('takes fault and synthetic flags', async () => {
    const cli = runCli(['--project', dir, '--busy-rate', '1', '--quirks', '--synthetic-functions', '30']);
    try {
      const ready = await cli.ready;
      assert.equal((await fetch(`${ready.url}/_emulator/faults`)).status, 403, 'not without the control key');
      const faults = (await (await fetch(`${ready.url}/_emulator/faults`, { headers: { 'x-wxcloud-emulator-key': ready.controlKey } })).json()) as { busyRate: number; quirks: boolean };
      assert.equal(faults.busyRate, 1);
      assert.equal(faults.quirks, true);
      assert.equal(ready.envs.length, 2);
      const res = await fetch(`${ready.url}/tcb/listfunctions?access_token=${ready.credentials.authorizer_access_token}`, { method: 'POST', body: JSON.stringify({ env: ready.envs[1], limit: 5, offset: 0 }) });
      assert.equal(((await res.json()) as { errcode: number }).errcode, -1);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });

  it('rejects an unknown flag with exit code 2', async () => {
    const cli = runCli(['--nope']);
    cli.ready.catch(() => {});
    assert.equal(await cli.exited, 2);
  });
});
