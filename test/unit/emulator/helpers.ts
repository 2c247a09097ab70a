// Shared by the emulator's tier-1 tests: real HTTP with node's fetch, no project client.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, type Clock, type EmulatorOptions, type RunningEmulator, type TimerHandle } from '../../../src/emulator/index';

export const DEMO_DIR = path.resolve(__dirname, '../../../demo-project');
export const DEMO_ENV = 'demo-env-1a2b3c';
export const RID = / rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** POST (or another method) to an API path with a query; body: object → JSON, string → as-is. */
export async function call(emu: RunningEmulator, apiPath: string, query: Record<string, string>, body?: unknown, method = 'POST'): Promise<Answer> {
  const qs = new URLSearchParams(query).toString();
  const init: RequestInit = { method };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${emu.url}/${apiPath}${qs ? `?${qs}` : ''}`, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** An answer with this errcode, a rid, and (when given) a detail in its errmsg. */
export function expectErr(r: Answer, errcode: number, detail?: RegExp): void {
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json?.errcode, errcode, r.text);
  assert.match(r.json.errmsg, RID);
  if (detail) assert.match(r.json.errmsg, detail);
}

/** A successful answer's body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function expectOk(r: Answer): any {
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json?.errcode, 0, r.text);
  assert.equal(r.json.errmsg, 'ok');
  return r.json;
}

/** A request to the emulator's control path (/_emulator/…). */
export function control(emu: RunningEmulator, pathAndQuery: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${emu.url}${pathAndQuery}`, { ...init, headers: { 'x-wxcloud-emulator-key': emu.controlKey } });
}

export const start = (options: EmulatorOptions = {}) => startEmulator({ log: () => {}, ...options });

/** A throwaway copy of the demo project, for tests that edit files. */
export function copyDemo(options: { seeds?: string[] } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxcloud-emu-'));
  fs.cpSync(DEMO_DIR, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.wxcloud-data`) });
  // Tests that count collections keep only the seeds they name.
  if (options.seeds) {
    const seeds = path.join(dir, 'database');
    for (const file of fs.readdirSync(seeds)) if (!options.seeds.includes(path.basename(file, '.json'))) fs.rmSync(path.join(seeds, file));
  }
  return dir;
}

/** Adds a function that reports its process id (and waits event.ms when asked). */
export function addPidFunction(projectDir: string, timeoutSeconds = 3): string {
  const dir = path.join(projectDir, 'cloudfunctions', 'pid');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'index.js'),
    `exports.main = async (event) => {
  console.log('pid ' + process.pid);
  if (event.ms) await new Promise((r) => setTimeout(r, event.ms));
  return { pid: process.pid, version: 1, greeting: process.env.GREETING || null };
};
`,
  );
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"pid","version":"1.0.0","main":"index.js"}\n');
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ timeout: timeoutSeconds }));
  return dir;
}

/** Alive and not a zombie (an orphan may wait a while to be reaped, here or in a container). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
  } catch {
    return true;
  }
}

/** The script a Node process runs (its argv[1]), where /proc tells. */
export function scriptOf(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[1];
  } catch {
    return undefined;
  }
}

/** Polls `condition` every 20 ms until it holds; fails after `withinMs` with `what`. */
export async function waitUntil(condition: () => boolean, what: string, withinMs = 10_000): Promise<void> {
  const end = performance.now() + withinMs;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A clock that moves only when told: timers fire in order of their due time. */
export class ManualClock implements Clock {
  private t = 1_700_000_000_000;
  private seq = 0;
  private readonly timers = new Map<number, { due: number; ms: number; fn: () => void }>();

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, { due: this.t + ms, ms, fn });
    return id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as unknown as number);
  }

  /** How many timers of exactly `ms` are pending. */
  pending(ms: number): number {
    return [...this.timers.values()].filter((t) => t.ms === ms).length;
  }

  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { due: number; fn: () => void }] | undefined;
      for (const e of this.timers) if (e[1].due <= end && (!next || e[1].due < next[1].due)) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = next[1].due;
      next[1].fn();
    }
    this.t = end;
  }
}

export function decodeLogs(header: string | null): string[] {
  if (header === null) throw new Error('no x-wxcloud-logs header');
  return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as string[];
}
