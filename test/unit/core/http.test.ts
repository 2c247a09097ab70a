import type { ServerResponse } from 'node:http';
import assert from 'node:assert/strict';
import { ENDPOINTS } from '../../../src/core/endpoints';
import {
  ApiError,
  CancelledError,
  HttpError,
  InvalidResponseError,
  InvokeMayHaveRunError,
  NetworkError,
  RedirectError,
  ResponseTooLargeError,
  TimeoutError,
} from '../../../src/core/errors';
import { DEFAULT_MAX_INVOKE_ANSWER_BYTES, DEFAULT_MAX_READ_ANSWER_BYTES, HttpTransport, fetcherFor } from '../../../src/core/http';
import { hold, sendErrcode, sendJson, sendText, startServer, streamUntilClosed, waitFor, type ScriptedServer } from './helpers/scriptedServer';
import { LogCollector, assertNoSecrets, errorTexts, rejectionOf } from './helpers/secrets';

const TOKEN = 'TOKEN-http-secret-9f8e7d6c5b4a';
const fastRetry = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 };
/** Backoff without waiting: the tests count tries, not milliseconds. */
const noWait = async () => undefined;

describe('core/http', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  function transport(url: string, logger?: LogCollector, extra: Partial<ConstructorParameters<typeof HttpTransport>[0]> = {}) {
    return new HttpTransport({ baseUrl: url, logger, retry: fastRetry, sleep: noWait, readTimeoutMs: 2_000, invokeTimeoutMs: 2_000, ...extra });
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

  it('waits with growing, jittered backoff between tries', async () => {
    server = await startServer((_r, res) => sendErrcode(res, -1, 'busy'));
    const waits: Array<[number, number]> = [];
    const sleep = async (ms: number) => void waits.push([ms, server!.count()]);
    const jitter = [1, 0];
    const t = transport(server.url, undefined, { retry: { maxAttempts: 3, baseDelayMs: 60, maxDelayMs: 1_000 }, random: () => jitter.shift() ?? 0, sleep });
    await rejectionOf(listFunctions(t));
    // Equal jitter: the full delay with random() = 1, half of the doubled one with random() = 0.
    assert.deepEqual(waits, [[60, 1], [60, 2]]);
    assert.equal(server.count(), 3);
  });

  it('measures durationMs with the injected clock', async () => {
    server = await startServer((_r, res) => sendJson(res, { errcode: 0 }));
    const ticks = [1_000, 1_250];
    const log = new LogCollector();
    const answer = await listFunctions(transport(server.url, log, { clock: () => ticks.shift() ?? 9_999 }));
    assert.equal(answer.durationMs, 250);
    assert.equal(log.events[0]?.durationMs, 250);
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
      res.write('{"errcode":0,"functions":[', () => res.socket?.destroy());
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
    server = await startServer(hold);
    const error = await rejectionOf(listFunctions(transport(server.url, undefined, { readTimeoutMs: 80 })));
    assert.ok(error instanceof TimeoutError);
    assert.equal(error.timeoutMs, 80);
    assert.equal(server.count(), 1);
  });

  it('reports an invoke timeout as "may have run" and never retries it', async () => {
    server = await startServer(hold);
    const error = await rejectionOf(invoke(transport(server.url), { timeoutMs: 80 }));
    assert.ok(error instanceof InvokeMayHaveRunError);
    assert.equal(error.reason, 'timeout');
    assert.equal(error.functionName, 'fn');
    assert.equal(error.retryable, false);
    assert.match(error.message, /may have run/);
    assert.equal(server.count(), 1);
  });

  it('reports a reset during invoke as "may have run" and never retries it', async () => {
    server = await startServer((_r, res) => void res.socket?.destroy());
    const error = await rejectionOf(invoke(transport(server.url)));
    assert.ok(error instanceof InvokeMayHaveRunError);
    assert.equal(error.reason, 'network');
    assert.equal(server.count(), 1);
  });

  it('does not retry invoke on -1 or 5xx either, and marks none of its errors retryable', async () => {
    const answers = [
      (res: ServerResponse) => sendErrcode(res, -1, 'system error'),
      (res: ServerResponse) => sendText(res, '<html/>', 503),
      (res: ServerResponse) => sendText(res, '{"errcode":0,"resp_data":"{\\"a', 200, 'application/json'),
      (res: ServerResponse) => sendText(res, '', 200, 'application/json'),
    ];
    server = await startServer((_r, res) => answers[server!.count() - 1]?.(res));
    const t = transport(server.url);
    const errors = [];
    for (let i = 0; i < answers.length; i++) errors.push(await rejectionOf(invoke(t)));
    const [busy, unavailable, cutOff, empty] = errors;
    assert.ok(busy instanceof ApiError && busy.code === -1);
    assert.ok(unavailable instanceof HttpError && unavailable.status === 503);
    assert.ok(cutOff instanceof InvalidResponseError && cutOff.reason === 'notJson');
    assert.ok(empty instanceof InvalidResponseError && empty.reason === 'empty');
    assert.deepEqual(errors.map((e) => (e as HttpError).retryable), [false, false, false, false]);
    assert.equal(server.count(), answers.length);
  });

  it('aborts an in-flight request when the signal fires', async () => {
    server = await startServer(hold);
    const controller = new AbortController();
    // Read timeout far beyond mocha's: only the abort can end this request in time.
    const pending = listFunctions(transport(server.url, undefined, { readTimeoutMs: 600_000 }), controller.signal);
    await waitFor(() => server!.count() === 1);
    controller.abort();
    const error = await rejectionOf(pending);
    assert.ok(error instanceof CancelledError);
    await waitFor(() => server!.abortedRequests === 1);
  });

  it('cancels during backoff without another try', async () => {
    server = await startServer((_r, res) => sendErrcode(res, -1, 'busy'));
    const controller = new AbortController();
    let waiting = 0;
    // A backoff that never ends by itself: only the cancellation can end the call.
    const sleep = () => {
      waiting++;
      return new Promise<void>(() => undefined);
    };
    const pending = listFunctions(transport(server.url, undefined, { sleep }), controller.signal);
    await waitFor(() => waiting === 1);
    controller.abort();
    assert.ok((await rejectionOf(pending)) instanceof CancelledError);
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

  describe('redirects', () => {
    let elsewhere: ScriptedServer | undefined;
    afterEach(async () => {
      await elsewhere?.close();
      elsewhere = undefined;
    });
    const SECRET = 'APPSECRET-redirect-1a2b3c4d5e6f';

    for (const [status, name, call] of [
      [302, 'stable_token with the AppSecret in its body', (t: HttpTransport) => t.post({ endpoint: ENDPOINTS.stableToken, bodyText: JSON.stringify({ appid: 'wx1', secret: SECRET }), secrets: [SECRET] })],
      [307, 'a read with the token in its query', (t: HttpTransport) => listFunctions(t)],
      [308, 'invoke', (t: HttpTransport) => invoke(t)],
    ] as const) {
      it(`refuses a ${status} on ${name}: nothing reaches the other host`, async () => {
        elsewhere = await startServer((_r, res) => sendJson(res, { errcode: 0, access_token: 'stolen', expires_in: 7200 }));
        const target = `${elsewhere.url}/collect?access_token=${TOKEN}&note=${SECRET}`;
        server = await startServer((_r, res) => {
          res.writeHead(status, { location: target, 'content-type': 'text/html' });
          res.end('<a href="elsewhere">moved</a>');
        });
        const log = new LogCollector();
        const error = await rejectionOf(call(transport(server.url, log)));
        assert.ok(error instanceof RedirectError, String(error));
        assert.equal(error.status, status);
        assert.equal(error.targetHost, new URL(elsewhere.url).host);
        assert.equal(error.retryable, false);
        assert.match(error.message, new RegExp(`answered HTTP ${status}, a redirect to 127\\.0\\.0\\.1:\\d+\\. Redirects are not followed`));
        assert.ok(!error.message.includes('collect'), 'the host only, never the path or query');
        assert.equal(elsewhere.count(), 0, 'nothing was sent to the other host');
        assert.equal(server.count(), 1, 'not retried');
        assert.equal(log.events[0]?.status, status);
        assertNoSecrets([...log.lines, ...errorTexts(error)], [TOKEN, SECRET]);
      });
    }

    it('refuses a redirect without a Location too', async () => {
      server = await startServer((_r, res) => {
        res.writeHead(301);
        res.end();
      });
      const error = await rejectionOf(listFunctions(transport(server.url)));
      assert.ok(error instanceof RedirectError && error.targetHost === undefined);
      assert.equal(error.message, 'tcb/listfunctions answered HTTP 301, a redirect. Redirects are not followed.');
    });
  });

  describe('answer size limits', () => {
    const small = { read: 1_024, invoke: 4_096 };

    it('refuses an answer whose content-length is over the limit before reading it', async () => {
      server = await startServer((_r, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(100 * 1024 * 1024) });
        res.write('{"errcode":0,"functions":['); // and never more: only the header can decide in time
      });
      // Read timeout far beyond mocha's: waiting for the body would fail the test.
      const error = await rejectionOf(listFunctions(transport(server.url, undefined, { maxAnswerBytes: small, readTimeoutMs: 600_000 })));
      assert.ok(error instanceof ResponseTooLargeError, String(error));
      assert.equal(error.limitBytes, 1_024);
      assert.equal(error.retryable, false);
      assert.equal(error.message, 'The answer from tcb/listfunctions is larger than 1024 bytes; it was not read.');
      assert.equal(server.count(), 1, 'not retried');
      await waitFor(() => server!.abortedRequests === 1);
    });

    it('stops reading a chunked answer without content-length once it passes the limit', async () => {
      const stream = streamUntilClosed('{"errcode":0,"functions":[', '{"name":"fn"},', 32 * 1024 * 1024);
      server = await startServer(stream.handler);
      const error = await rejectionOf(listFunctions(transport(server.url, undefined, { maxAnswerBytes: small })));
      assert.ok(error instanceof ResponseTooLargeError, String(error));
      await waitFor(() => stream.closed);
      assert.equal(stream.finished, false, 'the connection was closed long before the 32 MB answer was sent');
      assert.equal(server.count(), 1);
    });

    it('uses the invoke limit for invoke, with a "may have run" message', async () => {
      const answer = (length: number) => JSON.stringify({ errcode: 0, resp_data: 'x'.repeat(length) });
      server = await startServer((_r, res) => sendText(res, answer(server!.count() === 1 ? 2_000 : 5_000), 200, 'application/json'));
      const t = transport(server.url, undefined, { maxAnswerBytes: small });
      assert.equal((await invoke(t)).body.resp_data, 'x'.repeat(2_000), 'over the read limit, within the invoke limit');
      const error = await rejectionOf(invoke(t));
      assert.ok(error instanceof ResponseTooLargeError);
      assert.equal(error.retryable, false);
      assert.equal(error.message, 'The answer of cloud function fn is larger than 4096 bytes and was not read. It may have run; it was not retried.');
    });

    it('reads an answer of exactly the limit', async () => {
      const head = '{"errcode":0,"pad":"';
      const body = `${head}${'p'.repeat(1_024 - head.length - 2)}"}`;
      assert.equal(Buffer.byteLength(body), 1_024);
      server = await startServer((_r, res) => sendText(res, body, 200, 'application/json'));
      assert.equal((await listFunctions(transport(server.url, undefined, { maxAnswerBytes: small }))).status, 200);
    });

    it('defaults to 4 MiB for reads and 16 MiB for invoke', async () => {
      assert.deepEqual([DEFAULT_MAX_READ_ANSWER_BYTES, DEFAULT_MAX_INVOKE_ANSWER_BYTES], [4 * 1024 * 1024, 16 * 1024 * 1024]);
      const big = JSON.stringify({ errcode: 0, resp_data: 'y'.repeat(5 * 1024 * 1024) });
      server = await startServer((_r, res) => sendText(res, big, 200, 'application/json'));
      const t = new HttpTransport({ baseUrl: server.url, retry: fastRetry, sleep: noWait });
      assert.ok((await rejectionOf(listFunctions(t))) instanceof ResponseTooLargeError);
      assert.equal(String((await invoke(t)).body.resp_data).length, 5 * 1024 * 1024);
    });
  });

  describe('errcode that is not a number', () => {
    for (const [name, errcode] of [
      ['a word', 'abc'],
      ['a numeric string', '0'],
      ['null', null],
      ['an object', { code: 0 }],
      ['a boolean', false],
    ] as const) {
      it(`reads ${name} as an invalid answer, never as success`, async () => {
        server = await startServer((_r, res) => sendJson(res, { errcode, errmsg: 'ok', functions: [] }));
        const error = await rejectionOf(listFunctions(transport(server.url)));
        assert.ok(error instanceof InvalidResponseError, String(error));
        assert.equal(error.reason, 'badErrcode');
        assert.equal(error.message, 'The answer from tcb/listfunctions carried an errcode that is not a number.');
        assert.equal(server.count(), 1, 'the same answer would come again: not retried');
      });
    }

    it('still reads a missing errcode as success', async () => {
      server = await startServer((_r, res) => sendJson(res, { access_token: 'x', expires_in: 7200 }));
      assert.equal((await transport(server.url).post({ endpoint: ENDPOINTS.stableToken, bodyText: '{}' })).body.access_token, 'x');
    });
  });

  it('survives a logger that throws', async () => {
    server = await startServer((_r, res) => sendJson(res, { errcode: 0 }));
    const t = new HttpTransport({ baseUrl: server.url, logger: { onRequest: () => { throw new Error('logger broke'); } } });
    assert.equal((await listFunctions(t)).status, 200);
  });
});
