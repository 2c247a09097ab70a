// Small pieces of the wire format: rids, errcodes with their WeChat messages, times.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh request id shaped like WeChat's (`rid: 6565d7e1-2b7c8a3f-1f2e3d4c`). */
export function newRid(): string {
  const b = randomBytes(12).toString('hex');
  return `${b.slice(0, 8)}-${b.slice(8, 16)}-${b.slice(16, 24)}`;
}

/** A fresh secret per start (32 hex digits, like an AppSecret), never one written in the source. */
export function newSecret(): string {
  return randomBytes(16).toString('hex');
}

/** Compares a secret someone sent with the real one in constant time (length included). */
export function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The errmsg WeChat gives for each errcode the emulator answers (before ` rid: …`). */
export const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  [-1000]: 'system error',
  40002: 'invalid grant_type',
  40013: 'invalid appid',
  41002: 'appid missing',
  41004: 'appsecret missing',
  61003: 'component is not authorized by this account',
  40014: 'invalid access_token',
  40066: 'invalid url',
  40097: 'invalid args',
  40101: 'missing parameter',
  40125: 'invalid appsecret',
  41001: 'access_token missing',
  42001: 'access_token expired',
  43002: 'require POST method',
  44002: 'empty post data',
  47001: 'data format error',
  61006: 'component ticket is invalid',
  61023: 'refresh_token is invalid',
  85088: 'no qbase privilege',
  85089: 'config not found',
  [-501000]: 'invalid env',
  [-501009]: 'resource not found',
  [-501001]: 'resource system error',
  [-501007]: 'invalid parameters',
  [-502001]: 'database request fail',
  [-502005]: 'database collection not exist',
  [-504002]: 'functions execute fail',
  [-504003]: 'functions execute timeout',
};

/** Thrown by handlers; the server turns it into `{errcode, errmsg: "<msg> rid: <rid>"}`. */
export class ApiFailure extends Error {
  constructor(
    readonly errcode: number,
    detail?: string,
  ) {
    const base = ERRMSG[errcode] ?? 'system error';
    super(detail ? `${base}: ${detail}` : base);
  }
}

export function fail(errcode: number, detail?: string): never {
  throw new ApiFailure(errcode, detail);
}

/** "YYYY-MM-DD HH:mm:ss" in Beijing time (UTC+8), as the WeChat console shows times. */
export function formatTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** A small seedable random source (mulberry32) so fault rates can be made deterministic. */
export function makeRandom(seed: number | null): () => number {
  if (seed === null) return Math.random;
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable short hex digest of a string, for derived ids (buckets, db instances). */
export function shortHash(s: string, len = 8): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  let out = '';
  while (out.length < len) {
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, len);
}
