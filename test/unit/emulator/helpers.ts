// Shared by the emulator's tier-1 tests: real HTTP with node's fetch, no project client.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../../src/emulator/index';

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

export const start = (options: EmulatorOptions = {}) => startEmulator({ log: () => {}, ...options });

/** A throwaway copy of the demo project, for tests that edit files. */
export function copyDemo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxcloud-emu-'));
  fs.cpSync(DEMO_DIR, dir, { recursive: true });
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

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function decodeLogs(header: string | null): string[] {
  if (header === null) throw new Error('no x-wxcloud-logs header');
  return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as string[];
}
