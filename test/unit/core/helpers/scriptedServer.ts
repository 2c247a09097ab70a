// A real HTTP server on 127.0.0.1:0 that each test scripts, recording exactly what crossed
// the wire, so tests assert on requests instead of stubbing fetch.

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The raw request target, token and all (only the test sees it). */
  rawUrl: string;
  headers: http.IncomingHttpHeaders;
  bodyText: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: unknown;
}

export type Handler = (request: RecordedRequest, res: http.ServerResponse, req: http.IncomingMessage) => void | Promise<void>;

export interface ScriptedServer {
  url: string;
  requests: RecordedRequest[];
  /** How many requests hit a path. */
  count(path?: string): number;
  /** Sockets closed by the client before an answer was sent. */
  abortedRequests: number;
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const state = { aborted: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const bodyText = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(bodyText);
      } catch {
        body = undefined;
      }
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: url.pathname.replace(/^\//, ''),
        query: url.searchParams,
        rawUrl: req.url ?? '',
        headers: req.headers,
        bodyText,
        body,
      };
      requests.push(recorded);
      res.on('close', () => {
        if (!res.writableFinished) state.aborted++;
      });
      Promise.resolve(handler(recorded, res, req)).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (path) => (path === undefined ? requests.length : requests.filter((r) => r.path === path).length),
    get abortedRequests() {
      return state.aborted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: http.ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(res: http.ServerResponse, text: string, status = 200, contentType = 'text/plain'): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Answers with the WeChat error shape, errmsg ending in a rid like the real API. */
export function sendErrcode(res: http.ServerResponse, errcode: number, errmsg: string, rid = '6565d7e1-2b7c8a3f-1f2e3d4c'): void {
  sendJson(res, { errcode, errmsg: `${errmsg} rid: ${rid}` });
}

/** Holds work in flight until the test opens it, so tests wait on events instead of delays. */
export class Gate {
  open: () => void = () => undefined;
  readonly passed = new Promise<void>((resolve) => {
    this.open = resolve;
  });

  static opened(): Gate {
    const gate = new Gate();
    gate.open();
    return gate;
  }
}

/** A handler that never answers: the client's timeout or cancellation has to end the request. */
export const hold: Handler = () => undefined;

/**
 * Answers 200 with `head`, then `chunk` again and again (chunked, no content-length) until
 * `totalBytes` are written or the client closes the connection, whichever comes first.
 * Writes wait for the socket to drain, so `finished` stays false when the client stopped reading.
 */
export function streamUntilClosed(head: string, chunk: string, totalBytes: number): { handler: Handler; readonly closed: boolean; readonly finished: boolean } {
  const state = { closed: false, finished: false };
  const handler: Handler = async (_request, res) => {
    res.on('close', () => {
      state.closed = true;
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    let written = 0;
    const write = (text: string) =>
      new Promise<void>((resolve) => {
        written += Buffer.byteLength(text);
        if (res.write(text)) resolve();
        else res.once('drain', resolve).once('close', resolve);
      });
    await write(head);
    while (!state.closed && written < totalBytes) await write(chunk);
    if (!state.closed) {
      state.finished = true;
      res.end('{}]}');
    }
  };
  return {
    handler,
    get closed() {
      return state.closed;
    },
    get finished() {
      return state.finished;
    },
  };
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `condition` holds, so tests wait for events instead of guessing delays. */
export async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await delay(5);
  }
}
