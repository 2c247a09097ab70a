// The child process that runs one cloud function for the emulator. The parent forks it with
// cwd = the function's folder (so its own node_modules resolve) as the leader of its own
// process group, sends `invoke` messages one at a time, and kills the group at the
// function's timeout. Console output is streamed back per invocation so it survives a
// timeout; the return value is serialised here. A watchdog thread ends the group when the
// emulator is gone, even while the function keeps the main thread busy.
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import { format } from 'node:util';
import { isMainThread, Worker, workerData } from 'node:worker_threads';

interface InvokeMessage {
  type: 'invoke';
  id: string;
  event: unknown;
  context: Record<string, unknown>;
  /** What wx-server-sdk's getWXContext() answers during this invocation. */
  wxContext?: Record<string, string>;
  /** The function's own timeout, for getRemainingTimeInMillis. */
  timeoutMs: number;
  /** The project folder: stack frames under it are shown relative to it. */
  root: string;
}

type Main = (event: unknown, context: unknown) => unknown;

const WATCH_MS = 200;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs in its own thread: when the parent is gone (reparented, or no such process), kill the group. */
function watchdog(parent: number): void {
  setInterval(() => {
    if (process.ppid === parent && alive(parent)) return;
    try {
      process.kill(-process.pid, 'SIGKILL');
    } catch {
      /* no group (Windows) */
    }
    process.kill(process.pid, 'SIGKILL');
  }, WATCH_MS);
}

/**
 * The emulator's wx-server-sdk, shipped beside the worker: `wxServerSdk.js` (dist/, or the
 * private folder the emulator transpiles into when it runs from source), else the .ts
 * source under tsx.
 */
function sdkFile(): string | undefined {
  return [path.join(__dirname, 'wxServerSdk.js'), path.join(__dirname, 'sdk', 'wxServerSdk.ts')].find((f) => fs.existsSync(f));
}

const SDK_BRIDGE = Symbol.for('wxcloud.emulator.wxServerSdk.bridge');

/**
 * `require('wx-server-sdk')` from any module of the function resolves to the emulator's own,
 * even when the function's node_modules hold the real package (which would reach the real
 * cloud). Only that exact request id is redirected.
 */
function redirectSdk(bridge: { current(): { id: string; wxContext: Record<string, string> } | null; send(m: unknown): void }): void {
  const file = sdkFile();
  if (!file) return;
  type Resolve = (request: string, ...rest: unknown[]) => string;
  const loader = Module as unknown as { _resolveFilename: Resolve };
  const original = loader._resolveFilename;
  loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    return request === 'wx-server-sdk' ? file : original.call(this, request, ...rest);
  };
  const sdk = createRequire(file)(file) as Record<symbol, ((b: unknown) => void) | undefined>;
  sdk[SDK_BRIDGE]?.(bridge);
}

function worker(): void {
  let current: string | null = null;
  let wxContext: Record<string, string> = {};
  let root = '';

  const send = (message: unknown): void => {
    if (process.connected) process.send?.(message);
  };
  const emit = (line: string): void => {
    if (current) send({ type: 'log', id: current, line });
  };
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    console[level] = (...args: unknown[]) => emit(format(...args));
  }
  redirectSdk({ current: () => (current ? { id: current, wxContext } : null), send });

  let main: Main | undefined;
  const load = (): Main => {
    if (main) return main;
    const entry = path.join(process.cwd(), 'index.js');
    const mod = createRequire(entry)(entry) as { main?: unknown; default?: { main?: unknown } };
    const fn = typeof mod.main === 'function' ? mod.main : mod.default?.main;
    if (typeof fn !== 'function') throw new Error('index.js does not export a function named main');
    main = fn as Main;
    return main;
  };

  /** The stack without the worker's own frames, its paths relative to the project folder. */
  const ownFrames = (stack: string | undefined): string | undefined => {
    const prefixes = root ? [`${root}${path.sep}`, `${root}/`] : [];
    return stack
      ?.split('\n')
      .filter((l) => !l.includes(__filename) && !/node:internal|node:events|wxServerSdk\.[jt]s/.test(l))
      .map((l) => prefixes.reduce((s, p) => s.split(p).join(''), l))
      .join('\n');
  };

  const describe = (e: unknown): { message: string; stack?: string } => {
    if (e instanceof Error) return { message: `${e.name}: ${e.message}`, stack: ownFrames(e.stack) };
    return { message: typeof e === 'string' ? e : format(e) };
  };

  const serialise = (value: unknown): string => {
    // `undefined` (a function that returns nothing) becomes an empty resp_data.
    if (value === undefined) return '';
    const text = JSON.stringify(value) as string | undefined;
    return text ?? '';
  };

  const run = async (m: InvokeMessage): Promise<void> => {
    current = m.id;
    wxContext = m.wxContext && typeof m.wxContext === 'object' ? m.wxContext : {};
    root = typeof m.root === 'string' ? m.root : '';
    try {
      const fn = load();
      // Loading is the cold start; the function's own timeout counts from here.
      const deadline = Date.now() + m.timeoutMs;
      const context = { ...m.context, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
      send({ type: 'started', id: m.id });
      const value = await fn(m.event, context);
      let data: string;
      try {
        data = serialise(value);
      } catch (e) {
        send({ type: 'result', id: m.id, ok: false, error: { message: `the return value is not JSON-serialisable (${describe(e).message})` } });
        return;
      }
      send({ type: 'result', id: m.id, ok: true, data });
    } catch (e) {
      const d = describe(e);
      if (d.stack) emit(d.stack);
      send({ type: 'result', id: m.id, ok: false, error: { message: d.message } });
    } finally {
      current = null;
    }
  };

  process.on('message', (m: InvokeMessage) => {
    if (m && m.type === 'invoke') void run(m);
  });

  // An error escaping the function's own promise chain fails the running invocation.
  const escape = (e: unknown) => {
    const id = current;
    const d = describe(e);
    if (d.stack) emit(d.stack);
    if (id) send({ type: 'result', id, ok: false, error: { message: d.message } });
    current = null;
  };
  process.on('uncaughtException', escape);
  process.on('unhandledRejection', escape);

  // The emulator went away: do not linger (the watchdog covers a busy main thread).
  process.on('disconnect', () => process.exit(0));
  new Worker(__filename, { workerData: { parent: process.ppid } }).unref();
}

if (isMainThread) worker();
else watchdog((workerData as { parent: number }).parent);
