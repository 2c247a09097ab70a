// Runs local cloud functions in warm child processes: a small pool per function folder,
// one invocation per process at a time, restarted when the folder's files change, killed
// at the timeout. Every process is the leader of its own process group, and the group is
// what gets killed, so whatever a function starts dies with it. Processes are capped
// across all functions and stopped after an idle period.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { systemClock, type Clock, type TimerHandle } from './clock';
import { OutputLog } from './output';

export type RunOutcome =
  | { kind: 'ok'; data: string; logs: string[] }
  | { kind: 'error'; message: string; logs: string[] }
  | { kind: 'timeout'; logs: string[] };

export interface RunRequest {
  dir: string;
  /** The project folder: the function's stack frames are reported relative to it. */
  root: string;
  event: unknown;
  context: Record<string, unknown>;
  /** The function's own timeout, from when its code starts. */
  timeoutMs: number;
  /** The API's wall-clock limit (on the runner's clock), counted from the request: waiting for a free process counts too. */
  capAt: number;
  /** Variables the function sees in process.env (its type 3 environment plus SCF's own). */
  env: Record<string, string>;
  /** What the function's wx-server-sdk getWXContext() answers. */
  wxContext?: Record<string, string>;
  /** Runs a wx-server-sdk request of this invocation (untrusted JSON from the worker). */
  sdk?: (request: unknown) => Promise<{ ok: boolean }>;
}

export interface RunnerOptions {
  log: (s: string) => void;
  onColdStart?: () => void;
  clock?: Clock;
  /** Live function processes across all functions (the rest queue); default 16. */
  maxProcesses?: number;
  /** Live processes of one function folder; default 8. */
  maxPerFunction?: number;
  /** A process left idle this long is stopped; default 5 minutes. */
  idleMs?: number;
}

/** After a kill, how long the output already in the pipes may take to arrive. */
const DRAIN_MS = 1000;

interface Pending {
  id: string;
  output: OutputLog;
  timeoutMs: number;
  timers: TimerHandle[];
  /** Killed at a timeout: only output is still taken, until the channel drains. */
  expired: boolean;
  sdk?: RunRequest['sdk'];
  done: (o: RunOutcome) => void;
}

interface Instance {
  child: ChildProcess;
  signature: string;
  envKey: string;
  pending: Pending | null;
  /** Killed or exited: takes no more work. */
  dead: boolean;
  /** Reaped: its slot under the global cap is free. */
  exited: boolean;
  lastUsed: number;
  idleTimer?: TimerHandle;
}

const SHUTTING_DOWN: RunOutcome = { kind: 'error', message: 'the emulator is shutting down', logs: [] };

let entry: { file: string; execArgv: string[] } | undefined;

/**
 * The worker script: `functionWorker.js` beside a bundle (dist/). From source (tsx, tests)
 * the .ts is transpiled into a fresh private folder (mkdtemp: mode 0700, a new name each
 * time, removed at exit) so no other user can plant or swap the file a worker runs; the
 * function's code then runs in a plain Node process, as on WeChat's runtime, rather than
 * under a `--import tsx` loader. tsx stays the fallback when esbuild is not installed.
 */
function workerEntry(): { file: string; execArgv: string[] } {
  if (entry) return entry;
  const js = path.join(__dirname, 'functionWorker.js');
  if (fs.existsSync(js)) return (entry = { file: js, execArgv: [] });
  const ts = path.join(__dirname, 'functionWorker.ts');
  // Module names in a variable, resolved at run time only: a bundle never takes this path.
  const load = createRequire(__filename);
  try {
    const esbuild = load(['esbuild'][0]) as { transformSync(code: string, options: Record<string, unknown>): { code: string } };
    const { code } = esbuild.transformSync(fs.readFileSync(ts, 'utf8'), { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: ts });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxcloud-worker-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'functionWorker.js');
    fs.writeFileSync(file, code, { flag: 'wx', mode: 0o600 });
    // The worker's wx-server-sdk goes beside it, as in dist/.
    const sdk = path.join(__dirname, 'sdk', 'wxServerSdk.ts');
    const sdkJs = esbuild.transformSync(fs.readFileSync(sdk, 'utf8'), { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: sdk }).code;
    fs.writeFileSync(path.join(dir, 'wxServerSdk.js'), sdkJs, { flag: 'wx', mode: 0o600 });
    return (entry = { file, execArgv: [] });
  } catch {
    const loader = pathToFileURL(load.resolve(['tsx'][0])).href;
    return (entry = { file: ts, execArgv: ['--import', loader] });
  }
}

/** A cheap fingerprint of a function folder: names, sizes and mtimes, node_modules by its own mtime. */
export function folderSignature(dir: string): string {
  const parts: string[] = [];
  const walk = (d: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (parts.length > 2000) return;
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name === 'node_modules' || e.name.startsWith('.') || depth >= 4) {
          parts.push(`${p}:${mtimeMs(p)}`);
        } else {
          walk(p, depth + 1);
        }
      } else if (e.isFile()) {
        try {
          const st = fs.statSync(p);
          parts.push(`${p}:${st.mtimeMs}:${st.size}`);
        } catch {
          /* vanished */
        }
      }
    }
  };
  walk(dir, 0);
  return parts.join('|');
}

function mtimeMs(p: string): number {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'TZ', 'SystemRoot', 'USERPROFILE'];
  const env: Record<string, string> = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  // Inside VS Code's extension host, process.execPath is Electron.
  if (process.versions.electron) env.ELECTRON_RUN_AS_NODE = '1';
  return env;
}

const GROUPS = process.platform !== 'win32';

/** SIGKILL to the worker's whole process group (Windows has none: the worker alone). */
function killGroup(child: ChildProcess): void {
  if (GROUPS && child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
      return;
    } catch {
      /* the group is already gone */
    }
  }
  child.kill('SIGKILL');
}

/** What all pools share: the clock, the global cap and the queue waiting for it. */
class Shared {
  live = 0;
  closed = false;
  private waiters = new Set<() => void>();

  constructor(
    readonly clock: Clock,
    readonly maxProcesses: number,
    readonly maxPerFunction: number,
    readonly idleMs: number,
    readonly evictIdle: () => boolean,
  ) {}

  /** Resolves at the next change (a process freed or gone, shutdown) or at `until`. */
  wait(until: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = this.clock.setTimeout(() => wake(), Math.max(0, until - this.clock.now()));
      const wake = () => {
        this.clock.clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
    });
  }

  changed(): void {
    for (const w of [...this.waiters]) w();
  }
}

class Pool {
  instances: Instance[] = [];
  private seq = 0;

  constructor(
    private readonly dir: string,
    private readonly shared: Shared,
    private readonly onColdStart: () => void,
    private readonly log: (s: string) => void,
  ) {}

  async run(req: RunRequest): Promise<RunOutcome> {
    const { clock } = this.shared;
    const envKey = JSON.stringify(req.env);
    for (;;) {
      if (this.shared.closed) return SHUTTING_DOWN;
      const signature = folderSignature(this.dir);
      // Files changed: idle processes of the old code go now, busy ones when they finish.
      for (const i of this.instances) {
        if (i.signature !== signature || i.envKey !== envKey) {
          i.signature = '';
          if (!i.pending) this.kill(i);
        }
      }
      // Out of time while queued: answer as the API would, without taking a process.
      if (clock.now() >= req.capAt) return { kind: 'timeout', logs: [] };
      const idle = this.instances.find((i) => !i.dead && !i.pending && i.signature === signature);
      if (idle) return this.dispatch(idle, req);
      if (this.count() < this.shared.maxPerFunction) {
        if (this.shared.live < this.shared.maxProcesses) return this.dispatch(this.spawn(signature, envKey, req.env), req);
        // Full: an idle process of another function makes room; its exit wakes the queue.
        this.shared.evictIdle();
      }
      await this.shared.wait(req.capAt);
    }
  }

  private spawn(signature: string, envKey: string, env: Record<string, string>): Instance {
    const { file, execArgv } = workerEntry();
    const child = fork(file, [], {
      cwd: this.dir,
      env: { ...baseEnv(), ...env },
      execArgv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Its own process group (and session): killing the group kills what the function started.
      detached: GROUPS,
    });
    this.shared.live++;
    this.onColdStart();
    const inst: Instance = { child, signature, envKey, pending: null, dead: false, exited: false, lastUsed: this.shared.clock.now() };
    const onOutput = (chunk: Buffer) => {
      const p = inst.pending;
      if (!p) return;
      for (const line of chunk.toString('utf8').split(/\r?\n/)) if (line) p.output.push(line);
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    child.on('message', (m: { type?: string; id?: string; seq?: unknown; call?: unknown; line?: string; ok?: boolean; data?: string; error?: { message?: string } }) => {
      const p = inst.pending;
      if (!p || m.id !== p.id) return;
      if (m.type === 'log') p.output.push(String(m.line));
      else if (p.expired) return;
      else if (m.type === 'sdk') this.sdk(inst, p, m.seq, m.call);
      else if (m.type === 'started') p.timers.push(this.shared.clock.setTimeout(() => this.expire(inst, p), p.timeoutMs));
      else if (m.type === 'result') {
        const logs = p.output.lines();
        this.finish(inst, m.ok ? { kind: 'ok', data: String(m.data ?? ''), logs } : { kind: 'error', message: String(m.error?.message ?? 'unknown error'), logs });
      }
    });
    const gone = (why: string) => {
      if (inst.exited) return;
      inst.exited = true;
      const wasDead = inst.dead;
      inst.dead = true;
      this.shared.live--;
      if (inst.idleTimer) this.shared.clock.clearTimeout(inst.idleTimer);
      // It exited by itself: what it started goes too.
      if (!wasDead) killGroup(child);
      const p = inst.pending;
      if (p && !wasDead) this.finish(inst, { kind: 'error', message: `the function's process exited (${why})`, logs: p.output.lines() });
      this.instances = this.instances.filter((i) => i !== inst);
      this.shared.changed();
    };
    child.on('error', (e) => {
      this.log(`function worker ${this.dir}: ${e.message}`);
      if (child.pid === undefined) gone(e.message);
    });
    child.on('exit', (code, signal) => gone(signal ?? `code ${code}`));
    this.instances.push(inst);
    return inst;
  }

  /**
   * The function's timeout counts from when its code starts (after a cold start's loading);
   * the API's wall-clock cap counts from the request, loading included.
   */
  private dispatch(inst: Instance, req: RunRequest): Promise<RunOutcome> {
    const { clock } = this.shared;
    if (inst.idleTimer) clock.clearTimeout(inst.idleTimer);
    return new Promise<RunOutcome>((resolve) => {
      const id = `${process.pid}-${++this.seq}`;
      const pending: Pending = { id, output: new OutputLog(), timeoutMs: req.timeoutMs, timers: [], expired: false, sdk: req.sdk, done: resolve };
      pending.timers.push(clock.setTimeout(() => this.expire(inst, pending), Math.max(0, req.capAt - clock.now())));
      inst.pending = pending;
      inst.child.send({ type: 'invoke', id, event: req.event, context: req.context, wxContext: req.wxContext ?? {}, timeoutMs: req.timeoutMs, root: req.root });
    });
  }

  /** A wx-server-sdk request of the running invocation; answered only while that invocation still runs. */
  private sdk(inst: Instance, p: Pending, seq: unknown, request: unknown): void {
    if (typeof seq !== 'number') return;
    const handled = p.sdk ? p.sdk(request) : Promise.resolve({ ok: false, error: { errCode: -1, errMsg: 'wx-server-sdk is not available to this function' } });
    void handled.then((answer) => {
      if (inst.pending === p && !p.expired && inst.child.connected) inst.child.send({ type: 'sdk-result', seq, ...answer });
    });
  }

  /** Kills the group, then answers once the output it printed before has arrived. */
  private expire(inst: Instance, p: Pending): void {
    if (inst.pending !== p || p.expired) return;
    p.expired = true;
    this.clearTimers(p);
    this.kill(inst);
    let answered = false;
    const answer = () => {
      if (answered) return;
      answered = true;
      this.shared.clock.clearTimeout(backstop);
      if (inst.pending === p) inst.pending = null;
      p.done({ kind: 'timeout', logs: p.output.lines() });
    };
    const backstop = this.shared.clock.setTimeout(answer, DRAIN_MS);
    if (inst.child.connected) inst.child.once('disconnect', answer);
    else answer();
  }

  private clearTimers(p: Pending): void {
    for (const t of p.timers.splice(0)) this.shared.clock.clearTimeout(t);
  }

  private finish(inst: Instance, outcome: RunOutcome): void {
    const p = inst.pending;
    if (!p) return;
    this.clearTimers(p);
    inst.pending = null;
    inst.lastUsed = this.shared.clock.now();
    if (inst.signature === '') this.kill(inst);
    else if (!inst.dead) {
      inst.idleTimer = this.shared.clock.setTimeout(() => {
        if (!inst.pending) this.kill(inst);
      }, this.shared.idleMs);
    }
    p.done(outcome);
    this.shared.changed();
  }

  kill(inst: Instance): void {
    if (inst.dead) return;
    inst.dead = true;
    if (inst.idleTimer) this.shared.clock.clearTimeout(inst.idleTimer);
    killGroup(inst.child);
  }

  /** Kills every process; resolves when they have all exited (so none is left unreaped). */
  closeAll(): Promise<void> {
    const exits = this.instances.filter((i) => !i.exited).map((i) => new Promise<void>((resolve) => i.child.once('exit', () => resolve())));
    for (const inst of this.instances) {
      const p = inst.pending;
      this.kill(inst);
      if (p) {
        this.clearTimers(p);
        inst.pending = null;
        p.done({ ...SHUTTING_DOWN, logs: p.output.lines() });
      }
    }
    return Promise.all(exits).then(() => undefined);
  }

  count(): number {
    return this.instances.filter((i) => !i.dead).length;
  }

  pids(): number[] {
    return this.instances.filter((i) => !i.dead).map((i) => i.child.pid ?? 0);
  }
}

export class FunctionRunner {
  private pools = new Map<string, Pool>();
  private readonly shared: Shared;
  private readonly log: (s: string) => void;
  private readonly onColdStart: () => void;

  constructor(options: RunnerOptions) {
    this.log = options.log;
    this.onColdStart = options.onColdStart ?? (() => {});
    this.shared = new Shared(options.clock ?? systemClock, options.maxProcesses ?? 16, options.maxPerFunction ?? 8, options.idleMs ?? 5 * 60_000, () => this.evictIdle());
  }

  run(req: RunRequest): Promise<RunOutcome> {
    if (this.shared.closed) return Promise.resolve(SHUTTING_DOWN);
    let pool = this.pools.get(req.dir);
    if (!pool) {
      pool = new Pool(req.dir, this.shared, this.onColdStart, this.log);
      this.pools.set(req.dir, pool);
    }
    return pool.run(req);
  }

  /** Stops the least recently used idle process of any function, unless one is already on its way out. */
  private evictIdle(): boolean {
    let victim: { pool: Pool; inst: Instance } | undefined;
    for (const pool of this.pools.values()) {
      for (const inst of pool.instances) {
        if (inst.dead && !inst.exited) return false;
        if (!inst.dead && !inst.pending && (!victim || inst.lastUsed < victim.inst.lastUsed)) victim = { pool, inst };
      }
    }
    victim?.pool.kill(victim.inst);
    return victim !== undefined;
  }

  /** Process ids of the live function processes of a folder (for tests and diagnostics). */
  pids(dir: string): number[] {
    return this.pools.get(dir)?.pids() ?? [];
  }

  /** Function processes not yet reaped, across all functions. */
  processCount(): number {
    return this.shared.live;
  }

  closeAll(): Promise<void> {
    this.shared.closed = true;
    const all = Promise.all([...this.pools.values()].map((p) => p.closeAll()));
    this.shared.changed();
    const limit = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
    return Promise.race([all.then(() => undefined), limit]);
  }
}
