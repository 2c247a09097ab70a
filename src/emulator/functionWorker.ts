// The child process that runs one cloud function for the emulator. The parent forks it with
// cwd = the function's folder (so its own node_modules resolve), sends `invoke` messages
// one at a time, and kills it at the function's timeout. Console output is streamed back
// per invocation so it survives a timeout; the return value is serialised here.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { format } from 'node:util';

interface InvokeMessage {
  type: 'invoke';
  id: string;
  event: unknown;
  context: Record<string, unknown>;
}

type Main = (event: unknown, context: unknown) => unknown;

let current: string | null = null;

function send(message: unknown): void {
  if (process.connected) process.send?.(message);
}

function emit(line: string): void {
  if (current) send({ type: 'log', id: current, line });
}

for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
  console[level] = (...args: unknown[]) => emit(format(...args));
}

let main: Main | undefined;

function load(): Main {
  if (main) return main;
  const entry = path.join(process.cwd(), 'index.js');
  const mod = createRequire(entry)(entry) as { main?: unknown; default?: { main?: unknown } };
  const fn = typeof mod.main === 'function' ? mod.main : mod.default?.main;
  if (typeof fn !== 'function') throw new Error('index.js does not export a function named main');
  main = fn as Main;
  return main;
}

/** The stack without the worker's own frames, which mean nothing to the function's author. */
function ownFrames(stack: string | undefined): string | undefined {
  return stack
    ?.split('\n')
    .filter((l) => !l.includes(__filename) && !/node:internal|node:events/.test(l))
    .join('\n');
}

function describe(e: unknown): { message: string; stack?: string } {
  if (e instanceof Error) return { message: `${e.name}: ${e.message}`, stack: ownFrames(e.stack) };
  return { message: typeof e === 'string' ? e : format(e) };
}

function serialise(value: unknown): string {
  // `undefined` (a function that returns nothing) becomes an empty resp_data.
  if (value === undefined) return '';
  const text = JSON.stringify(value) as string | undefined;
  return text ?? '';
}

async function run(m: InvokeMessage): Promise<void> {
  current = m.id;
  try {
    const context = { ...m.context, getRemainingTimeInMillis: () => Math.max(0, Number(m.context.deadline ?? 0) - Date.now()) };
    const fn = load();
    // Loading is the cold start; the function's own timeout counts from here.
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
}

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

// The emulator went away: do not linger.
process.on('disconnect', () => process.exit(0));
