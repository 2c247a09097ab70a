// HTTP plumbing: who may ask at all (a loopback Host, no foreign Origin), the checks every
// endpoint shares (token, method, body), the faults, the stats, and the control path under
// /_emulator/ (loopback peers holding the per-start control key).
import * as http from 'node:http';
import type { Clock } from './clock';
import type { Call, Endpoint } from './endpoints';
import type { LogStore } from './invoke';
import type { TokenStore } from './tokens';
import type { EmulatorStats, Faults } from './types';
import { ApiFailure, fail, newRid, sameSecret } from './wire';
import type { World } from './world';

const MAX_BODY = 6 * 1024 * 1024;

export const DEFAULT_FAULTS: Faults = {
  latencyMs: 0,
  jitterMs: 0,
  busyRate: 0,
  resetRate: 0,
  html502Rate: 0,
  truncateRate: 0,
  quirks: false,
  seed: null,
  codeChecksumCorrupt: false,
  endpoints: null,
};

const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** Checks a partial fault set; returns an error message or undefined. */
export function validateFaults(f: Record<string, unknown>): string | undefined {
  for (const [k, v] of Object.entries(f)) {
    if (!(k in DEFAULT_FAULTS)) return `unknown fault ${k}`;
    if (k.endsWith('Rate') && (typeof v !== 'number' || !(v >= 0 && v <= 1))) return `${k} must be a number from 0 to 1`;
    if (k.endsWith('Ms') && (typeof v !== 'number' || !(v >= 0))) return `${k} must be a number of ms ≥ 0`;
    if ((k === 'quirks' || k === 'codeChecksumCorrupt') && typeof v !== 'boolean') return `${k} must be true or false`;
    if (k === 'seed' && v !== null && typeof v !== 'number') return 'seed must be a number or null';
    if (k === 'endpoints' && v !== null && !(Array.isArray(v) && v.every((s) => typeof s === 'string'))) return 'endpoints must be an array of paths or null';
  }
  return undefined;
}

export function emptyStats(): EmulatorStats {
  return { requests: 0, byEndpoint: {}, byErrcode: {}, invocations: 0, coldStarts: 0, faults: { busy: 0, reset: 0, html502: 0, truncate: 0 } };
}

export interface ServerDeps {
  endpoints: Map<string, Endpoint>;
  tokens: TokenStore;
  world: World;
  logs: LogStore;
  stats: EmulatorStats;
  faults: { current: Faults; random: () => number };
  resetStats: () => void;
  setFaults: (f: Partial<Faults>) => Faults;
  log: (s: string) => void;
  /** Times the faults' latency and jitter. */
  clock: Clock;
  /** The control path's secret, sent as the `x-wxcloud-emulator-key` header. */
  controlKey: string;
  /** Paths served outside the API (storage's COS-like host), by prefix; after the Host check. */
  raw?: Array<{ prefix: string; handle: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void> }>;
  /** Sees every API request body as it arrived (see `EmulatorOptions.onApiRequest`). */
  onApiRequest?: (path: string, bodyText: string) => void;
}

export const CONTROL_KEY_HEADER = 'x-wxcloud-emulator-key';

function isLoopback(addr: string | undefined): boolean {
  return !!addr && (addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.'));
}

/** `localhost`, `127.x.x.x` or `[::1]`, with any port: the only names this machine's own clients use. */
export function isLoopbackHost(host: string | undefined): boolean {
  const m = host === undefined ? null : /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]+))(?::\d{1,5})?$/.exec(host);
  if (!m) return false;
  if (m[1] !== undefined) return m[1] === '::1';
  const name = m[2].toLowerCase();
  if (name === 'localhost') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  return !!v4 && v4.slice(1).every((o) => Number(o) <= 255);
}

/** An `Origin` header of a page served from this machine (http or https on a loopback host). */
export function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.host);
}

/**
 * Why a request is refused before anything else, if it is: a Host that is not loopback (a
 * DNS-rebound page, another machine) or an Origin of a page that is not served from here.
 */
function refusal(req: http.IncomingMessage): string | undefined {
  if (!isLoopbackHost(req.headers.host)) return 'the emulator answers requests to localhost, 127.x.x.x or [::1] only';
  const origin = req.headers.origin;
  if (origin !== undefined && !isLoopbackOrigin(origin)) return 'the emulator does not answer pages from other origins';
  return undefined;
}

function readBody(req: http.IncomingMessage, max = MAX_BODY): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        resolve(null);
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(size > max ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, truncate = false): void {
  let buf = Buffer.from(JSON.stringify(body), 'utf8');
  if (truncate) buf = buf.subarray(0, Math.floor(buf.length / 2));
  res.writeHead(status, { 'content-type': 'application/json; encoding=utf-8', 'content-length': String(buf.length), ...headers });
  res.end(buf);
}

export function createServer(d: ServerDeps): http.Server {
  const server = http.createServer((req, res) => {
    const refused = refusal(req);
    if (refused) {
      req.resume();
      sendJson(res, 403, { error: refused });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://emulator');
    const raw = d.raw?.find((r) => url.pathname.startsWith(r.prefix));
    const handler = url.pathname.startsWith('/_emulator/') ? control(d, req, res, url) : raw ? raw.handle(req, res, url) : api(d, req, res, url);
    handler.catch((e: unknown) => {
      d.log(`emulator: ${(e as Error)?.stack ?? String(e)}`);
      if (!res.headersSent) sendJson(res, 200, { errcode: -1000, errmsg: `system error rid: ${newRid()}` });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

async function control(d: ServerDeps, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress)) {
    sendJson(res, 403, { error: 'the control path answers loopback only' });
    return;
  }
  if (!sameSecret(req.headers[CONTROL_KEY_HEADER], d.controlKey)) {
    sendJson(res, 403, { error: `the control path wants the ${CONTROL_KEY_HEADER} header printed when the emulator started` });
    return;
  }
  const route = `${req.method} ${url.pathname}`;
  switch (route) {
    case 'GET /_emulator/stats':
      return sendJson(res, 200, d.stats);
    case 'POST /_emulator/stats/reset':
      d.resetStats();
      return sendJson(res, 200, { ok: true });
    case 'GET /_emulator/faults':
      return sendJson(res, 200, d.faults.current);
    case 'POST /_emulator/faults': {
      const raw = (await readBody(req))?.toString('utf8') ?? '';
      let patch: unknown;
      try {
        patch = raw.trim() ? JSON.parse(raw) : {};
      } catch {
        return sendJson(res, 400, { error: 'body is not JSON' });
      }
      if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return sendJson(res, 400, { error: 'body must be a JSON object' });
      const problem = validateFaults(patch as Record<string, unknown>);
      if (problem) return sendJson(res, 400, { error: problem });
      return sendJson(res, 200, d.setFaults(patch as Partial<Faults>));
    }
    case 'GET /_emulator/logs': {
      const rid = url.searchParams.get('rid') ?? '';
      const logs = d.logs.get(rid);
      if (!logs) return sendJson(res, 404, { error: `no invocation with rid ${rid}` });
      return sendJson(res, 200, { rid, logs });
    }
    default:
      return sendJson(res, 404, { error: `no control route ${route}` });
  }
}

async function api(d: ServerDeps, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const path = url.pathname.replace(/^\/+|\/+$/g, '');
  const stats = d.stats;
  stats.requests++;
  stats.byEndpoint[path] = (stats.byEndpoint[path] ?? 0) + 1;
  const f = d.faults.current;
  const faulty = f.endpoints === null || f.endpoints.includes(path);
  const rnd = d.faults.random;
  const rid = newRid();

  if (faulty) {
    const delay = f.latencyMs + (f.jitterMs > 0 ? rnd() * f.jitterMs : 0);
    if (delay > 0) await new Promise<void>((resolve) => d.clock.setTimeout(resolve, delay));
    if (f.resetRate > 0 && rnd() < f.resetRate) {
      stats.faults.reset++;
      const socket = req.socket as typeof req.socket & { resetAndDestroy?: () => void };
      if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      return;
    }
    if (f.html502Rate > 0 && rnd() < f.html502Rate) {
      stats.faults.html502++;
      res.writeHead(502, { 'content-type': 'text/html', 'content-length': String(Buffer.byteLength(HTML_502)), server: 'nginx' });
      res.end(HTML_502);
      return;
    }
  }
  const truncate = faulty && f.truncateRate > 0 && rnd() < f.truncateRate;
  const headers: Record<string, string> = { 'x-wxcloud-rid': rid };
  const answer = (body: Record<string, unknown>) => {
    const code = String(body.errcode ?? 0);
    stats.byErrcode[code] = (stats.byErrcode[code] ?? 0) + 1;
    if (truncate) stats.faults.truncate++;
    sendJson(res, 200, body, headers, truncate);
  };

  try {
    if (faulty && f.busyRate > 0 && rnd() < f.busyRate) {
      stats.faults.busy++;
      fail(-1);
    }
    const endpoint = d.endpoints.get(path);
    if (!endpoint) {
      stats.byErrcode['40066'] = (stats.byErrcode['40066'] ?? 0) + 1;
      sendJson(res, 404, { errcode: 40066, errmsg: `invalid url: no API ${path} rid: ${rid}` }, headers);
      return;
    }
    const call: Call = { query: url.searchParams, body: undefined, token: undefined, rid, headers };
    if (endpoint.kinds.length > 0) {
      const t = url.searchParams.get('access_token') || url.searchParams.get('component_access_token');
      if (!t) fail(41001);
      const rec = d.tokens.lookup(t!);
      if (!rec) fail(40014);
      if (d.tokens.expired(rec!)) fail(42001);
      if (!endpoint.kinds.includes(rec!.kind)) {
        fail(40014, `this API takes ${endpoint.kinds.map((k) => (k === 'mp' ? 'access_token' : `${k}_access_token`)).join(' or ')}, not ${rec!.kind === 'mp' ? 'a mini program access_token' : `a ${rec!.kind}_access_token`}`);
      }
      call.token = rec;
    }
    if (req.method !== 'POST') fail(43002);
    const raw = await readBody(req, endpoint.maxBody);
    if (raw === null) fail(40097, 'body too large');
    const text = raw!.toString('utf8');
    d.onApiRequest?.(path, text);
    if (text.trim() === '') fail(44002);
    try {
      call.body = JSON.parse(text);
    } catch {
      fail(47001);
    }
    if (!endpoint.rawBody && (!call.body || typeof call.body !== 'object' || Array.isArray(call.body))) fail(47001, 'the body must be a JSON object');
    if (endpoint.cloud && call.token && call.token.kind !== 'component' && !d.world.mini.get(call.token.appid)?.cloud) fail(85088);
    answer(await endpoint.handle(call));
  } catch (e) {
    if (!(e instanceof ApiFailure)) throw e;
    answer({ errcode: e.errcode, errmsg: `${e.message} rid: ${rid}` });
  }
}
