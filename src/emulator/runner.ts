// Runs local cloud functions in warm child processes: a small pool per function folder,
// one invocation per process at a time, restarted when the folder's files change, killed
// at the timeout.
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export type RunOutcome =
  | { kind: 'ok'; data: string; logs: string[] }
  | { kind: 'error'; message: string; logs: string[] }
  | { kind: 'timeout'; logs: string[] };

export interface RunRequest {
  dir: string;
  event: unknown;
  context: Record<string, unknown>;
  /** The function's own timeout, from when its code starts. */
  timeoutMs: number;
  /** The API's wall-clock limit (epoch ms), counted from the request: waiting for a free process counts too. */
  capAt: number;
  /** Variables the function sees in process.env (its type 3 environment plus SCF's own). */
  env: Record<string, string>;
}

const MAX_INSTANCES = 8;
const MAX_LOG_LINES = 1000;

interface Pending {
  id: string;
  logs: string[];
  done: (o: RunOutcome) => void;
  timer: NodeJS.Timeout;
  started: () => void;
}

interface Instance {
  child: ChildProcess;
  signature: string;
  envKey: string;
  pending: Pending | null;
  dead: boolean;
}

let entry: { file: string; execArgv: string[] } | undefined;

/**
 * The worker script: `functionWorker.js` beside a bundle (dist/). From source (tsx, tests)
 * the .ts is transpiled once to a cached plain .js in the temp folder, so the function's
 * code runs in a plain Node process: under a `--import tsx` loader it would start several
 * times slower and resolve modules differently (tsconfig paths, .ts files) than WeChat's
 * runtime. tsx stays the fallback when esbuild is not installed.
 */
function workerEntry(): { file: string; execArgv: string[] } {
  if (entry) return entry;
  const js = path.join(__dirname, 'functionWorker.js');
  if (fs.existsSync(js)) return (entry = { file: js, execArgv: [] });
  const ts = path.join(__dirname, 'functionWorker.ts');
  // Module names in a variable, resolved at run time only: a bundle never takes this path.
  const load = createRequire(__filename);
  try {
    const source = fs.readFileSync(ts, 'utf8');
    const out = path.join(os.tmpdir(), `wxcloud-emulator-worker-${createHash('sha1').update(source).digest('hex').slice(0, 16)}.js`);
    if (!fs.existsSync(out)) {
      const esbuild = load(['esbuild'][0]) as { transformSync(code: string, options: Record<string, unknown>): { code: string } };
      const { code } = esbuild.transformSync(source, { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: ts });
      const tmp = `${out}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, code);
      fs.renameSync(tmp, out);
    }
    return (entry = { file: out, execArgv: [] });
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

class Pool {
  private instances: Instance[] = [];
  private waiting: Array<() => void> = [];
  private seq = 0;
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly onColdStart: () => void,
    private readonly log: (s: string) => void,
  ) {}

  async run(req: RunRequest): Promise<RunOutcome> {
    const envKey = JSON.stringify(req.env);
    let signature: string;
    let inst: Instance | undefined;
    for (;;) {
      signature = folderSignature(this.dir);
      // Files changed: idle processes of the old code go now, busy ones when they finish.
      for (const i of this.instances) {
        if (i.signature !== signature || i.envKey !== envKey) {
          i.signature = '';
          if (!i.pending) this.kill(i);
        }
      }
      inst = this.instances.find((i) => !i.dead && !i.pending && i.signature === signature);
      if (inst || this.count() < MAX_INSTANCES) break;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (this.closed) return { kind: 'error', message: 'the emulator is shutting down', logs: [] };
    }
    // Out of time while queued: answer as the API would, without taking a process.
    if (Date.now() >= req.capAt) {
      this.wake();
      return { kind: 'timeout', logs: [] };
    }
    if (!inst) inst = this.spawn(signature, envKey, req.env);
    return this.dispatch(inst, req);
  }

  private spawn(signature: string, envKey: string, env: Record<string, string>): Instance {
    const { file, execArgv } = workerEntry();
    const child = fork(file, [], {
      cwd: this.dir,
      env: { ...baseEnv(), ...env },
      execArgv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.onColdStart();
    const inst: Instance = { child, signature, envKey, pending: null, dead: false };
    const onOutput = (chunk: Buffer) => {
      const p = inst.pending;
      if (!p) return;
      for (const line of chunk.toString('utf8').split(/\r?\n/)) if (line) pushLog(p, line);
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    child.on('message', (m: { type?: string; id?: string; line?: string; ok?: boolean; data?: string; error?: { message?: string } }) => {
      const p = inst.pending;
      if (!p || m.id !== p.id) return;
      if (m.type === 'log') pushLog(p, String(m.line));
      else if (m.type === 'started') p.started();
      else if (m.type === 'result') {
        this.finish(inst, m.ok ? { kind: 'ok', data: String(m.data ?? ''), logs: p.logs } : { kind: 'error', message: String(m.error?.message ?? 'unknown error'), logs: p.logs });
      }
    });
    child.on('error', (e) => this.log(`function worker ${this.dir}: ${e.message}`));
    child.on('exit', (code, signal) => {
      const wasDead = inst.dead;
      inst.dead = true;
      const p = inst.pending;
      if (p && !wasDead) this.finish(inst, { kind: 'error', message: `the function's process exited (${signal ?? `code ${code}`})`, logs: p.logs });
      this.instances = this.instances.filter((i) => i !== inst);
      this.wake();
    });
    this.instances.push(inst);
    return inst;
  }

  /**
   * The function's timeout counts from when its code starts (after a cold start's loading);
   * the API's wall-clock cap counts from the request, loading included.
   */
  private dispatch(inst: Instance, req: RunRequest): Promise<RunOutcome> {
    return new Promise<RunOutcome>((resolve) => {
      const id = `${process.pid}-${++this.seq}`;
      const expire = () => {
        const p = inst.pending;
        if (!p || p.id !== id) return;
        clearTimeout(p.timer);
        clearTimeout(capTimer);
        this.kill(inst);
        inst.pending = null;
        resolve({ kind: 'timeout', logs: p.logs });
        this.wake();
      };
      const capTimer = setTimeout(expire, Math.max(0, req.capAt - Date.now()));
      const pending: Pending = {
        id,
        logs: [],
        done: (o) => {
          clearTimeout(capTimer);
          resolve(o);
        },
        timer: capTimer,
        started: () => {
          pending.timer = setTimeout(expire, req.timeoutMs);
        },
      };
      inst.pending = pending;
      inst.child.send({ type: 'invoke', id, event: req.event, context: { ...req.context, deadline: Date.now() + req.timeoutMs } });
    });
  }

  private finish(inst: Instance, outcome: RunOutcome): void {
    const p = inst.pending;
    if (!p) return;
    clearTimeout(p.timer);
    inst.pending = null;
    if (inst.signature === '') this.kill(inst);
    p.done(outcome);
    this.wake();
  }

  private wake(): void {
    const w = this.waiting.shift();
    if (w) w();
  }

  private kill(inst: Instance): void {
    if (inst.dead) return;
    inst.dead = true;
    inst.child.kill('SIGKILL');
  }

  /** Kills every process; resolves when they have all exited (so none is left unreaped). */
  closeAll(): Promise<void> {
    this.closed = true;
    const exits = this.instances
      .filter((i) => i.child.exitCode === null && i.child.signalCode === null)
      .map((i) => new Promise<void>((resolve) => i.child.once('exit', () => resolve())));
    for (const inst of this.instances) {
      const p = inst.pending;
      this.kill(inst);
      if (p) {
        clearTimeout(p.timer);
        inst.pending = null;
        p.done({ kind: 'error', message: 'the emulator is shutting down', logs: p.logs });
      }
    }
    this.instances = [];
    for (const w of this.waiting.splice(0)) w();
    return Promise.all(exits).then(() => undefined);
  }

  count(): number {
    return this.instances.filter((i) => !i.dead).length;
  }

  pids(): number[] {
    return this.instances.filter((i) => !i.dead).map((i) => i.child.pid ?? 0);
  }
}

function pushLog(p: Pending, line: string): void {
  p.logs.push(line);
  if (p.logs.length > MAX_LOG_LINES) p.logs.splice(0, p.logs.length - MAX_LOG_LINES);
}

export class FunctionRunner {
  private pools = new Map<string, Pool>();
  private closed = false;

  constructor(
    private readonly log: (s: string) => void,
    private readonly onColdStart: () => void = () => {},
  ) {}

  run(req: RunRequest): Promise<RunOutcome> {
    if (this.closed) return Promise.resolve({ kind: 'error', message: 'the emulator is shutting down', logs: [] });
    let pool = this.pools.get(req.dir);
    if (!pool) {
      pool = new Pool(req.dir, this.onColdStart, this.log);
      this.pools.set(req.dir, pool);
    }
    return pool.run(req);
  }

  /** Process ids of the live function processes of a folder (for tests and diagnostics). */
  pids(dir: string): number[] {
    return this.pools.get(dir)?.pids() ?? [];
  }

  processCount(): number {
    let n = 0;
    for (const p of this.pools.values()) n += p.count();
    return n;
  }

  closeAll(): Promise<void> {
    this.closed = true;
    const all = Promise.all([...this.pools.values()].map((p) => p.closeAll()));
    const limit = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
    return Promise.race([all.then(() => undefined), limit]);
  }
}
