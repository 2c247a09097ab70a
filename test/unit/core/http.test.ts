import assert from 'node:assert/strict';
import { ENDPOINTS } from '../../../src/core/endpoints';
import {
  ApiError,
  CancelledError,
  HttpError,
  InvalidResponseError,
  InvokeMayHaveRunError,
  NetworkError,
  TimeoutError,
} from '../../../src/core/errors';
import { HttpTransport, fetcherFor } from '../../../src/core/http';
import { delay, sendErrcode, sendJson, sendText, startServer, waitFor, type ScriptedServer } from './helpers/scriptedServer';
import { LogCollector, assertNoSecrets, errorTexts, rejectionOf } from './helpers/secrets';

const TOKEN = 'TOKEN-http-secret-9f8e7d6c5b4a';
const fastRetry = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

describe('core/http', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  function transport(url: string, logger?: LogCollector, extra: Partial<ConstructorParameters<typeof HttpTransport>[0]> = {}) {
    return new HttpTransport({ baseUrl: url, logger, retry: fastRetry, readTimeoutMs: 2_000, invokeTimeoutMs: 2_000, ...extra });
  }
  const listFunctions = (t: HttpTransport, signal?: AbortSignal) =>
    t.post({ endpoint: ENDPOINTS.listFunctions, token: TOKEN, bodyText: '{"env":"e1","limit":20,"offset":0}', signal });
  const invoke = (t: HttpTransport, extra: { signal?: AbortSignal; timeoutMs?: number } = {}) =>
    t.post({ endpoint: ENDPOINTS.invokeCloudFunction, token: TOKEN, query: { env: 'e1', name: 'fn' }, bodyText: '{}', functionName: 'fn', ...extra });

  it('POSTs JSON with the token in the query and parses the answer', async () => {
    server = await startServer((_r, res) => sendJson(res, { errcode: 0, errmsg: 'ok', total_count: 0, functions: [] }));
    const answer = await listFunctions(transport(server.url));
    assert.deepEqual(answer.body, { errcode: 0, errmsg: 'ok', total_count: 0, functions: [] });
    const [req] = server.requests;
    assert.equal(req?.method, 'POST');
    assert.equal(req?.path, 'tcb/listfunctions');
    assert.equal(req?.query.get('access_token'), TOKEN);
    assert.match(String(req?.headers['content-type']), /^application\/json/);
    assert.deepEqual(req?.body, { env: 'e1', limit: 20, offset: 0 });
    assert.equal(answer.attempts, 1);
  });

  it('shares one ofetch instance per base URL', () => {
    assert.equal(fetcherFor('http://127.0.0.1:1'), fetcherFor('http://127.0.0.1:1/'));
    assert.notEqual(fetcherFor('http://127.0.0.1:1'), fetcherFor('http://127.0.0.1:2'));
  });

  it('sends no token parameter to stable_token', async () => {
    server = await startServer((_r, res) => sendJson(res, { access_token: 'x', expires_in: 7200 }));
    await transport(server.url).post({ endpoint: ENDPOINTS.stableToken, bodyText: '{}' });
    assert.equal(server.requests[0]?.rawUrl, '/cgi-bin/stable_token');
  });

  it('turns errcode ≠ 0 into ApiError with the rid, errmsg and key', async () => {
    server = await startServer((_r, res) => sendErrcode(res, 40097, 'invalid args', 'abc-123'));
    const error = await rejectionOf(listFunctions(transport(server.url)));
    assert.ok(error instanceof ApiError);
    assert.equal(error.code, 40097);
    assert.equal(error.rid, 'abc-123');
    assert.equal(error.endpoint, 'tcb/listfunctions');
    assert.equal(error.messageKey, 'invalidArgs');
    assert.equal(error.errmsg, 'invalid args rid: abc-123');
    assert.equal(error.retryable, false);
    assert.equal(server.count(), 1, 'a non-retryable errcode is not retried');
  });

  for (const errcode of [-1, -1000]) {
    it(`retries a read on ${errcode}, then succeeds`, async () => {
      server = await startServer((_r, res) => {
        if (server!.count() < 3) sendErrcode(res, errcode, 'system error');
        else sendJson(res, { errcode: 0, functions: [] });
      });
      const log = new LogCollector();
      const answer = await listFunctions(transport(server.url, log));
      assert.equal(server.count(), 3);
      assert.equal(answer.attempts, 3);
      assert.deepEqual(log.events.map((e) => [e.attempt, e.errcode]), [[1, errcode], [2, errcode], [3, 0]]);
    });
  }

  it('gives up after 3 tries and reports the last error', async () => {
    server = await startServer((_r, res) => sendErrcode(res, -1, 'system error'));
    const error = await rejectionOf(listFunctions(transport(server.url)));
    assert.ok(error instanceof ApiError && error.code === -1);
    assert.equal(server.count(), 3);
  });

  it('waits with growing backoff between tries', async () => {
    const times: number[] = [];
    server = await startServer((_r, res) => {
      times.push(Date.now());
      sendErrcode(res, -1, 'busy');
    });
    const t = transport(server.url, undefined, { retry: { maxAttempts: 3, baseDelayMs: 60, maxDelayMs: 1_000 }, random: () => 1 });
    await rejectionOf(listFunctions(t));
    const [a = 0, b = 0, c = 0] = times;
    assert.ok(b - a >= 55, `first backoff ${b - a} ms`);
    assert.ok(c - b >= 110, `second backoff ${c - b} ms doubles`);
  });

  it('retries HTTP 5xx with an HTML page and reports HttpError', async () => {
    server = await startServer((_r, res) => sendText(res, '<html><body>502 Bad Gateway</body></html>', 502, 'text/html'));
    const error = await rejectionOf(listFunctions(transport(server.url)));
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 502);
    assert.equal(error.messageKey, 'httpHtmlPage');
    assert.equal(server.count(), 3);
  });

  it('does not retry HTTP 4xx', async () => {
    server = await startServer((_r, res) => sendText(res, 'nope', 404));
    const error = await rejectionOf(listFunctions(transport(server.url)));
    assert.ok(error instanceof HttpError && error.status === 404 && error.messageKey === 'httpStatus');
    assert.equal(server.count(), 1);
  });

  const badBodies: Array<[string, string, string, number]> = [
    ['truncated JSON', '{"errcode":0,"functions":[{"name":"a"', 'notJson', 3],
    ['plain text', 'service unavailable', 'notJson', 3],
    ['an HTML page with status 200', '<!DOCTYPE html><p>hi</p>', 'html', 1],
    ['an empty body', '', 'empty', 3],
    ['a JSON array', '[1,2]', 'notObject', 1],
  ];
  for (const [name, body, reason, tries] of badBodies) {
    it(`turns ${name} into InvalidResponseError (${reason}), read ${tries} time(s)`, async () => {
      server = await startServer((_r, res) => sendText(res, body, 200, 'application/json'));
      const error = await rejectionOf(listFunctions(transport(server.url)));
      assert.ok(error instanceof InvalidResponseError, String(error));
      assert.equal(error.reason, reason);
      assert.equal(server.count(), tries);
    });
  }

  it('never retries a truncated invoke answer: the function ran', async () => {
    server = await startServer((_r, res) => sendText(res, '{"errcode":0,"resp_data":"{\\"a', 200, 'application/json'));
    assert.ok((await rejectionOf(invoke(transport(server.url)))) instanceof InvalidResponseError);
    assert.equal(server.count(), 1);
  });

  it('turns a body cut off by a reset into a retryable NetworkError', async () => {
    server = await startServer((_r, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"errcode":0,"functions":[');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const error = await rejectionOf(listFunctions(transport(server.url)));
    assert.ok(error instanceof NetworkError, String(error));
    assert.equal(error.retryable, true);
    assert.equal(server.count(), 3, 'a reset read is retried');
  });

  it('retries a read after a connection reset and succeeds', async () => {
    server = await startServer((_r, res) => {
      if (server!.count() === 1) res.socket?.destroy();
      else sendJson(res, { errcode: 0, functions: [] });
    });
    const answer = await listFunctions(transport(server.url));
    assert.equal(answer.attempts, 2);
    assert.equal(server.count(), 2);
  });

  it('reports a refused connection without retrying it', async () => {
    server = await startServer(() => undefined);
    const url = server.url;
    await server.close();
    server = undefined;
    const error = await rejectionOf(listFunctions(transport(url)));
    assert.ok(error instanceof NetworkError);
    assert.equal(error.causeCode, 'ECONNREFUSED');
    assert.equal(error.messageKey, 'connectionRefused');
  });

  it('times out a read with TimeoutError and does not retry it', async () => {
    server = await startServer(async (_r, res) => {
      await delay(500);
      sendJson(res, { errcode: 0 });
    });
    const error = await rejectionOf(listFunctions(transport(server.url, undefined, { readTimeoutMs: 80 })));
    assert.ok(error instanceof TimeoutError);
    assert.equal(error.timeoutMs, 80);
    assert.equal(server.count(), 1);
  });

  it('reports an invoke timeout as "may have run" and never retries it', async () => {
    server = await startServer(async (_r, res) => {
      await delay(400);
      sendJson(res, { errcode: 0, resp_data: '{}' });
    });
    const error = await rejectionOf(invoke(transport(server.url), { timeoutMs: 80 }));
    assert.ok(error instanceof InvokeMayHaveRunError);
    assert.equal(error.reason, 'timeout');
    assert.equal(error.functionName, 'fn');
    assert.match(error.message, /may have run/);
    await delay(50);
    assert.equal(server.count(), 1);
  });

  it('reports a reset during invoke as "may have run" and never retries it', async () => {
    server = await startServer((_r, res) => void res.socket?.destroy());
    const error = await rejectionOf(invoke(transport(server.url)));
    assert.ok(error instanceof InvokeMayHaveRunError);
    assert.equal(error.reason, 'network');
    assert.equal(server.count(), 1);
  });

  it('does not retry invoke on -1 or 5xx either', async () => {
    server = await startServer((_r, res) => (server!.count() === 1 ? sendErrcode(res, -1, 'system error') : sendText(res, '<html/>', 503)));
    const t = transport(server.url);
    assert.ok((await rejectionOf(invoke(t))) instanceof ApiError);
    assert.ok((await rejectionOf(invoke(t))) instanceof HttpError);
    assert.equal(server.count(), 2);
  });

  it('aborts an in-flight request when the signal fires', async () => {
    server = await startServer(async (_r, res) => {
      await delay(1_000);
      if (!res.destroyed) sendJson(res, { errcode: 0 });
    });
    const controller = new AbortController();
    const pending = listFunctions(transport(server.url), controller.signal);
    await waitFor(() => server!.count() === 1);
    const started = Date.now();
    controller.abort();
    const error = await rejectionOf(pending);
    assert.ok(error instanceof CancelledError);
    assert.ok(Date.now() - started < 500, 'rejects promptly, long before the answer');
    await waitFor(() => server!.abortedRequests === 1);
  });

  it('cancels during backoff without another try', async () => {
    server = await startServer((_r, res) => sendErrcode(res, -1, 'busy'));
    const controller = new AbortController();
    const t = transport(server.url, undefined, { retry: { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 300 } });
    const pending = listFunctions(t, controller.signal);
    await waitFor(() => server!.count() === 1);
    await delay(30);
    controller.abort();
    assert.ok((await rejectionOf(pending)) instanceof CancelledError);
    await delay(350);
    assert.equal(server.count(), 1);
  });

  it('does not send at all when the signal already fired', async () => {
    server = await startServer((_r, res) => sendJson(res, { errcode: 0 }));
    const controller = new AbortController();
    controller.abort();
    assert.ok((await rejectionOf(listFunctions(transport(server.url), controller.signal))) instanceof CancelledError);
    assert.equal(server.count(), 0);
  });

  it('logs every attempt with a redacted URL and never the token', async () => {
    server = await startServer((_r, res) => (server!.count() === 1 ? sendText(res, '<html/>', 500) : sendErrcode(res, 40014, `invalid access_token ${TOKEN}`)));
    const log = new LogCollector();
    const error = await rejectionOf(listFunctions(transport(server.url, log)));
    assert.equal(log.events.length, 2);
    const [first, second] = log.events;
    assert.equal(first?.url, `${server.url}/tcb/listfunctions?access_token=***`);
    assert.equal(first?.status, 500);
    assert.equal(first?.method, 'POST');
    assert.ok(typeof first?.durationMs === 'number' && typeof first.error === 'string');
    assert.equal(second?.errcode, 40014);
    assertNoSecrets([...log.lines, ...errorTexts(error)], [TOKEN]);
  });

  it('keeps the token out of network errors too', async () => {
    server = await startServer((_r, res) => void res.socket?.destroy());
    const log = new LogCollector();
    const errors = [await rejectionOf(listFunctions(transport(server.url, log))), await rejectionOf(invoke(transport(server.url, log)))];
    assertNoSecrets([...log.lines, ...errors.flatMap(errorTexts)], [TOKEN]);
  });

  it('survives a logger that throws', async () => {
    server = await startServer((_r, res) => sendJson(res, { errcode: 0 }));
    const t = new HttpTransport({ baseUrl: server.url, logger: { onRequest: () => { throw new Error('logger broke'); } } });
    assert.equal((await listFunctions(t)).status, 200);
  });
});
