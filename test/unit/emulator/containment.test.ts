// The emulator runs the workspace's code: it keeps that code's processes, output and files
// contained. Each test shows the containment on the processes and files themselves.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunningEmulator } from '../../../src/emulator/index';
import { addPidFunction, call, control, copyDemo, DEMO_ENV, isAlive, ManualClock, scriptOf, start, waitUntil } from './helpers';

const ROOT = path.resolve(__dirname, '../../..');

/** A function that starts `sleep 30`, writes its pid to event.pidFile, then waits for event.release (or forever). */
function addSpawner(projectDir: string, name: string, timeoutSeconds = 1): void {
  const dir = path.join(projectDir, 'cloudfunctions', name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'index.js'),
    `const { spawn } = require('child_process');
const fs = require('fs');
exports.main = async (event) => {
  const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
  fs.writeFileSync(event.pidFile, String(sleeper.pid));
  if (event.hang) await new Promise(() => {});
  return { worker: process.pid, sleeper: sleeper.pid };
};
`,
  );
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ timeout: timeoutSeconds }));
}

describe('emulator: containing the functions it runs', function () {
  let dir: string;
  let emu: RunningEmulator | undefined;
  const invoke = (name: string, body: unknown = {}) => call(emu!, 'tcb/invokecloudfunction', { access_token: emu!.credentials.access_token, env: DEMO_ENV, name }, body);
  beforeEach(() => {
    dir = copyDemo();
  });
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('never runs a worker script planted at the old shared temp path', async () => {
    addPidFunction(dir);
    const source = fs.readFileSync(path.join(ROOT, 'src/emulator/functionWorker.ts'), 'utf8');
    const planted = path.join(os.tmpdir(), `wxcloud-emulator-worker-${createHash('sha1').update(source).digest('hex').slice(0, 16)}.js`);
    const marker = path.join(dir, 'planted-ran');
    fs.writeFileSync(planted, `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'); process.exit(3);\n`);
    try {
      emu = await start({ projectDir: dir });
      const r = await invoke('pid');
      assert.equal(r.json.errcode, 0, r.text);
      assert.equal(fs.existsSync(marker), false, 'the planted script ran');
      const script = scriptOf(JSON.parse(r.json.resp_data).pid);
      if (script) {
        const folder = fs.statSync(path.dirname(script));
        assert.equal(folder.mode & 0o777, 0o700, `${script} sits in a private folder`);
        assert.equal(folder.uid, process.getuid?.());
      }
    } finally {
      fs.rmSync(planted, { force: true });
    }
  });

  it('kills what a function started when it times out (the whole process group)', async () => {
    addSpawner(dir, 'spawner');
    const clock = new ManualClock();
    emu = await start({ projectDir: dir, clock });
    const pidFile = path.join(dir, 'sleeper.pid');
    const answer = invoke('spawner', { pidFile, hang: true });
    await waitUntil(() => fs.existsSync(pidFile) && clock.pending(1000) === 1, 'the function has started sleep');
    const sleeper = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.ok(isAlive(sleeper));
    clock.advance(1000);
    assert.equal((await answer).json.errcode, -504003);
    await waitUntil(() => !isAlive(sleeper), `sleep (pid ${sleeper}) is gone`);
  });

  it('close() kills what an idle function left running', async () => {
    addSpawner(dir, 'spawner');
    emu = await start({ projectDir: dir });
    const r = await invoke('spawner', { pidFile: path.join(dir, 'sleeper.pid') });
    const { worker, sleeper } = JSON.parse(r.json.resp_data) as { worker: number; sleeper: number };
    assert.ok(isAlive(sleeper));
    await emu.close();
    await waitUntil(() => !isAlive(worker) && !isAlive(sleeper), 'the worker and sleep are gone');
  });

  it('stops a process left idle for idleMs, with what it started', async () => {
    addSpawner(dir, 'spawner');
    const clock = new ManualClock();
    emu = await start({ projectDir: dir, clock, processes: { idleMs: 60_000 } });
    const r = await invoke('spawner', { pidFile: path.join(dir, 'sleeper.pid') });
    const { worker, sleeper } = JSON.parse(r.json.resp_data) as { worker: number; sleeper: number };
    await waitUntil(() => clock.pending(60_000) === 1, 'the idle timer is armed');
    clock.advance(59_999);
    assert.ok(isAlive(worker), 'not yet idle long enough');
    clock.advance(1);
    await waitUntil(() => !isAlive(worker) && !isAlive(sleeper), 'the idle worker and sleep are gone');
    const again = await invoke('spawner', { pidFile: path.join(dir, 'sleeper.pid') });
    assert.equal(again.json.errcode, 0, 'a new process takes over');
    assert.equal(emu.stats().coldStarts, 2);
  });

  it('caps the live processes across all functions at 16, queueing the rest', async () => {
    const names = ['held0', 'held1', 'held2'];
    const release = path.join(dir, 'release');
    const started = path.join(dir, 'started');
    for (const name of names) {
      const fn = path.join(dir, 'cloudfunctions', name);
      fs.mkdirSync(fn);
      fs.writeFileSync(
        path.join(fn, 'index.js'),
        `const fs = require('fs');
exports.main = async () => {
  fs.appendFileSync(${JSON.stringify(started)}, process.pid + '\\n');
  while (!fs.existsSync(${JSON.stringify(release)})) await new Promise((r) => setTimeout(r, 10));
  return process.pid;
};
`,
      );
    }
    const clock = new ManualClock();
    emu = await start({ projectDir: dir, clock });
    const answers = Array.from({ length: 24 }, (_, i) => invoke(names[i % 3]));
    const startedCount = () => (fs.existsSync(started) ? fs.readFileSync(started, 'utf8').trim().split('\n').length : 0);
    await waitUntil(() => emu!.stats().invocations === 24 && startedCount() === 16, '24 requests are in and 16 functions run', 30_000);
    assert.equal(emu.stats().coldStarts, 16, 'processes started');
    fs.writeFileSync(release, '');
    const results = await Promise.all(answers);
    assert.deepEqual(
      results.map((r) => r.json.errcode),
      results.map(() => 0),
    );
    assert.equal(startedCount(), 24);
  });

  it('caps each line at 8 KB and an invocation’s output at 256 KB, head and tail around a marker', async () => {
    const fn = path.join(dir, 'cloudfunctions', 'flood');
    fs.mkdirSync(fn);
    fs.writeFileSync(
      path.join(fn, 'index.js'),
      `exports.main = async () => {
  console.log('L' + 'x'.repeat(99999));
  for (let i = 0; i < 10000; i++) console.log('line ' + String(i).padStart(5, '0') + ' ' + 'y'.repeat(188));
  return 1;
};
`,
    );
    emu = await start({ projectDir: dir });
    const r = await invoke('flood');
    assert.equal(r.json.errcode, 0);
    const rid = / rid: (\S+)$/.exec(r.json.errmsg)![1];
    const { logs } = (await (await control(emu, `/_emulator/logs?rid=${rid}`)).json()) as { logs: string[] };
    assert.equal(logs[0], `L${'x'.repeat(8191)}… truncated 91808 bytes`);
    assert.match(logs[1], /^line 00000 /);
    assert.match(logs[logs.length - 1], /^line 09999 /);
    const markers = logs.map((l, i) => [l, i] as const).filter(([l]) => /^… truncated \d+ bytes \(\d+ lines\)$/.test(l));
    assert.equal(markers.length, 1, 'one marker between head and tail');
    const [marker, at] = markers[0];
    const [, bytes, lines] = /(\d+) bytes \((\d+) lines\)/.exec(marker)!.map(Number);
    assert.match(logs[at - 1], /^line \d+ /);
    assert.equal(Number(/^line (\d+)/.exec(logs[at + 1])![1]) - Number(/^line (\d+)/.exec(logs[at - 1])![1]) - 1, lines, 'the marker counts the lines it replaces');
    assert.equal(bytes, lines * 199);
    assert.equal(logs.length - 2 + lines, 10000, 'every line is kept or counted');
    const kept = logs.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    assert.ok(kept <= 256 * 1024 + 100, `kept ${kept} bytes`);
  });
});
