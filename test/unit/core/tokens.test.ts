import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApiError, CancelledError, TokenSourceError } from '../../../src/core/errors';
import { HttpTransport } from '../../../src/core/http';
import { createAuthorizerTokenSource } from '../../../src/core/tokens/authorizerToken';
import { createCommandTokenSource } from '../../../src/core/tokens/commandToken';
import { createComponentTokenSource } from '../../../src/core/tokens/componentToken';
import { MemoryRefreshTokenStore, rememberRefreshTokens } from '../../../src/core/tokens/refreshTokenStore';
import { createStableTokenSource } from '../../../src/core/tokens/stableToken';
import { createStaticTokenSource } from '../../../src/core/tokens/staticToken';
import { CachedTokenSource } from '../../../src/core/tokens/tokenCache';
import type { TokenSource } from '../../../src/core/tokens/tokenSource';
import { sendErrcode, sendJson, startServer, waitFor, type ScriptedServer } from './helpers/scriptedServer';
import { LogCollector, assertNoSecrets, errorTexts, rejectionOf } from './helpers/secrets';

const APPID = 'wx0123456789abcdef';
const SECRET = 'APPSECRET-5e4d3c2b1a0f9e8d';
const node = process.execPath;

/** A promise the test settles itself, so work stays in flight exactly as long as the test needs. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => undefined as void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** True while a process with this pid runs (a killed one not yet reaped by its new parent does not). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // Linux: `pid (comm) S …`; state Z is a zombie, dead but not yet reaped.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

describe('core/tokens', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const transportFor = (url: string, logger?: LogCollector) => new HttpTransport({ baseUrl: url, logger, sleep: async () => undefined });

  describe('tokenCache', () => {
    it('keeps a token until the renewal margin, then mints again', async () => {
      let now = 1_000_000;
      let minted = 0;
      const source = new CachedTokenSource('mp', 'test', async () => ({ token: `t${++minted}`, expiresAt: now + 7_200_000 }), { now: () => now });
      assert.equal((await source.getToken()).token, 't1');
      now += 7_200_000 - 5 * 60_000 - 1; // just inside the 5-minute margin
      assert.equal((await source.getToken()).token, 't1');
      now += 2;
      assert.equal((await source.getToken()).token, 't2');
    });

    it('uses 10% of a short lifetime as the margin', async () => {
      let now = 0;
      let minted = 0;
      const source = new CachedTokenSource('mp', 'test', async () => ({ token: `t${++minted}`, expiresAt: now + 60_000 }), { now: () => now });
      await source.getToken();
      now = 53_999;
      assert.equal((await source.getToken()).token, 't1');
      now = 54_000;
      assert.equal((await source.getToken()).token, 't2');
    });

    it('runs one mint for many concurrent callers', async () => {
      let minted = 0;
      let release = deferred();
      const source = new CachedTokenSource('mp', 'test', async () => {
        minted++;
        await release.promise;
        return { token: 'shared' };
      });
      const pending = Array.from({ length: 20 }, () => source.getToken());
      release.resolve();
      const tokens = await Promise.all(pending);
      assert.equal(minted, 1);
      assert.ok(tokens.every((t) => t.token === 'shared'));
      release = deferred();
      const forced = Array.from({ length: 10 }, () => source.getToken({ forceRefresh: true }));
      release.resolve();
      await Promise.all(forced);
      assert.equal(minted, 2, 'concurrent forced refreshes share one mint too');
    });

    it('does not mint again when another caller already replaced the stale token', async () => {
      let minted = 0;
      const source = new CachedTokenSource('mp', 'test', async () => ({ token: `t${++minted}` }));
      await source.getToken();
      await source.getToken({ forceRefresh: true, staleToken: 't1' });
      const again = await source.getToken({ forceRefresh: true, staleToken: 't1' });
      assert.equal(again.token, 't2');
      assert.equal(minted, 2);
    });

    it('does not cache a failed mint', async () => {
      let calls = 0;
      const source = new CachedTokenSource('mp', 'test', async () => {
        if (++calls === 1) throw new Error('first fails');
        return { token: 'ok' };
      });
      await rejectionOf(source.getToken());
      assert.equal((await source.getToken()).token, 'ok');
    });

    it('lets one waiter give up without cancelling the others', async () => {
      const release = deferred();
      const source = new CachedTokenSource('mp', 'test', async (signal) => {
        await release.promise;
        if (signal.aborted) throw new Error('aborted');
        return { token: 'late' };
      });
      const controller = new AbortController();
      const quitter = source.getToken({ signal: controller.signal });
      const stayer = source.getToken();
      controller.abort();
      assert.ok((await rejectionOf(quitter)) instanceof CancelledError);
      release.resolve();
      assert.equal((await stayer).token, 'late');
    });
  });

  describe('stableToken', () => {
    it('POSTs cgi-bin/stable_token with force_refresh:false and caches the answer', async () => {
      server = await startServer((_r, res) => sendJson(res, { access_token: 'MP-TOKEN-1', expires_in: 7200 }));
      const source = createStableTokenSource({ transport: transportFor(server.url), appid: APPID, secret: SECRET, cache: { now: () => 1_000_000 } });
      const issued = await source.getToken();
      await source.getToken();
      assert.equal(issued.token, 'MP-TOKEN-1');
      assert.equal(issued.expiresAt, 1_000_000 + 7_200_000);
      assert.equal(server.count(), 1, 'cached');
      const [req] = server.requests;
      assert.equal(req?.path, 'cgi-bin/stable_token');
      assert.equal(req?.rawUrl, '/cgi-bin/stable_token', 'no token in the query');
      assert.deepEqual(req?.body, { grant_type: 'client_credential', appid: APPID, secret: SECRET, force_refresh: false });
    });

    it('never calls cgi-bin/token, not even on a forced refresh', async () => {
      server = await startServer((_r, res) => sendJson(res, { access_token: `MP-${server!.count()}`, expires_in: 7200 }));
      const source = createStableTokenSource({ transport: transportFor(server.url), appid: APPID, secret: SECRET });
      await source.getToken();
      await source.getToken({ forceRefresh: true });
      assert.deepEqual(server.requests.map((r) => r.path), ['cgi-bin/stable_token', 'cgi-bin/stable_token']);
      assert.ok(server.requests.every((r) => (r.body as { force_refresh: boolean }).force_refresh === false));
    });

    it('single-flights N concurrent callers into one token request', async () => {
      server = await startServer((_r, res) => sendJson(res, { access_token: 'MP-ONE', expires_in: 7200 }));
      const source = createStableTokenSource({ transport: transportFor(server.url), appid: APPID, secret: SECRET });
      const all = await Promise.all(Array.from({ length: 25 }, () => source.getToken()));
      assert.equal(server.count('cgi-bin/stable_token'), 1);
      assert.ok(all.every((t) => t.token === 'MP-ONE'));
    });

    it('surfaces 40164 with the IP from errmsg, and keeps the secret out of everything', async () => {
      server = await startServer((_r, res) =>
        sendErrcode(res, 40164, `invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist, secret ${SECRET}`, 'rid-40164'),
      );
      const log = new LogCollector();
      const source = createStableTokenSource({ transport: transportFor(server.url, log), appid: APPID, secret: SECRET });
      const error = await rejectionOf(source.getToken());
      assert.ok(error instanceof ApiError);
      assert.equal(error.code, 40164);
      assert.equal(error.messageKey, 'ipNotWhitelisted');
      assert.deepEqual(error.messageArgs, ['203.0.113.7']);
      assert.match(error.message, /203\.0\.113\.7.*IP whitelist/);
      assert.equal(error.rid, 'rid-40164');
      assertNoSecrets([...errorTexts(error), ...log.lines], [SECRET]);
    });

    it('reports an answer without access_token', async () => {
      server = await startServer((_r, res) => sendJson(res, { expires_in: 7200 }));
      const source = createStableTokenSource({ transport: transportFor(server.url), appid: APPID, secret: SECRET });
      const error = await rejectionOf(source.getToken());
      assert.ok(error instanceof TokenSourceError && error.messageKey === 'tokenResponseMissingField');
    });
  });

  describe('staticToken', () => {
    it('returns the pasted token until its expiry, then a clear error', async () => {
      let now = 1_000;
      const source = createStaticTokenSource({ kind: 'component', token: ' PASTED-abc123456 ', expiresAt: 5_000, now: () => now });
      assert.deepEqual(await source.getToken(), { token: 'PASTED-abc123456', expiresAt: 5_000 });
      assert.equal(source.expired, false);
      now = 5_000;
      assert.equal(source.expired, true);
      const error = await rejectionOf(source.getToken());
      assert.ok(error instanceof TokenSourceError);
      assert.equal(error.messageKey, 'pastedTokenExpired');
      assert.match(error.message, /component_access_token, expired at 1970-01-01T00:00:05\.000Z; paste a new one/);
      assertNoSecrets(errorTexts(error), ['PASTED-abc123456']);
    });

    it('cannot refresh: a forced refresh says to paste a new token', async () => {
      const source = createStaticTokenSource({ kind: 'mp', token: 'PASTED-never-expires' });
      assert.equal(source.refreshable, false);
      assert.equal((await source.getToken()).expiresAt, undefined);
      const error = await rejectionOf(source.getToken({ forceRefresh: true }));
      assert.ok(error instanceof TokenSourceError && error.messageKey === 'pastedTokenRejected');
    });
  });

  describe('commandToken', () => {
    it('takes stdout as the token and caches it', async () => {
      const source = createCommandTokenSource({ argv: [node, '-e', 'process.stdout.write("CMD-TOKEN-" + process.pid + "\\n")'] });
      assert.equal(source.kind, 'component');
      const issued = await source.getToken();
      assert.match(issued.token, /^CMD-TOKEN-\d+$/);
      assert.equal(issued.expiresAt, undefined);
      assert.equal((await source.getToken()).token, issued.token, 'the command did not run again');
    });

    it('reads JSON {component_access_token, expires_in}', async () => {
      const script = 'console.log(JSON.stringify({component_access_token:"CMD-JSON-TOKEN",expires_in:7200}))';
      const issued = await createCommandTokenSource({ argv: [node, '-e', script], cache: { now: () => 5_000 } }).getToken();
      assert.equal(issued.token, 'CMD-JSON-TOKEN');
      assert.equal(issued.expiresAt, 5_000 + 7_200_000);
    });

    it('runs the command once for concurrent callers', async () => {
      const script = 'process.stdout.write(String(process.pid))';
      const source = createCommandTokenSource({ argv: [node, '-e', script] });
      const tokens = await Promise.all(Array.from({ length: 8 }, () => source.getToken()));
      assert.equal(new Set(tokens.map((t) => t.token)).size, 1, 'one process answered everyone');
    });

    it('uses no shell: shell syntax in arguments reaches the program literally', async () => {
      const literal = '$(echo injected);|&`x`';
      const issued = await createCommandTokenSource({ argv: [node, '-e', 'process.stdout.write(process.argv[1].length ? "ARG-OK-" + process.argv[1].length : "")', literal] }).getToken();
      assert.equal(issued.token, `ARG-OK-${literal.length}`);
    });

    it('reports a failing command with its exit code and stderr, never its stdout', async () => {
      const script = 'process.stdout.write("LEAKY-STDOUT-TOKEN"); console.error("not logged in LEAKY-STDOUT-TOKEN"); process.exit(3)';
      const error = await rejectionOf(createCommandTokenSource({ argv: [node, '-e', script] }).getToken());
      assert.ok(error instanceof TokenSourceError);
      assert.equal(error.messageKey, 'tokenCommandFailed');
      assert.match(error.message, /exit code 3: not logged in \*\*\*/);
      assertNoSecrets(errorTexts(error), ['LEAKY-STDOUT-TOKEN']);
    });

    for (const [shape, stdout, echoed] of [
      ['JSON', '{"component_access_token":"JSON-TOKEN-abcdef0123456789","expires_in":7200}', 'JSON-TOKEN-abcdef0123456789'],
      ['a token inside punctuation', 'token:PUNCT-TOKEN_0123456789abcdef;', 'PUNCT-TOKEN_0123456789abcdef'],
      ['a token on its own line among others', 'fetching…\nLINE-TOKEN-9876543210fedcba\n', 'LINE-TOKEN-9876543210fedcba'],
    ] as const) {
      it(`keeps a token printed as ${shape} out of the error when the command then fails`, async () => {
        const script = `process.stdout.write(${JSON.stringify(stdout)}); console.error("refused: " + ${JSON.stringify(echoed)} + " is revoked"); process.exit(4)`;
        const error = await rejectionOf(createCommandTokenSource({ argv: [node, '-e', script] }).getToken());
        assert.ok(error instanceof TokenSourceError && error.messageKey === 'tokenCommandFailed', String(error));
        assert.match(error.message, /exit code 4: refused: \*\*\* is revoked$/);
        assertNoSecrets(errorTexts(error), [echoed]);
      });
    }

    it('kills a command that runs past its timeout', async () => {
      const error = await rejectionOf(createCommandTokenSource({ argv: [node, '-e', 'setTimeout(() => {}, 10000)'], timeoutMs: 150 }).getToken());
      assert.ok(error instanceof TokenSourceError && error.messageKey === 'tokenCommandTimedOut');
      assert.equal(error.message, `The token command ${node} did not finish within 0.15 s.`);
    });

    describe('what the command started', () => {
      let dir = '';
      let pid: number | undefined;
      beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'wxcloud-token-command-'));
      });
      afterEach(() => {
        // A failed run must not leave the sleep behind.
        if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGKILL');
        pid = undefined;
        rmSync(dir, { recursive: true, force: true });
      });
      // The shell starts a grandchild, records its pid, and waits for it: argv, no shell of ours.
      const argv = (pidFile: string) => ['sh', '-c', 'sleep 30 & echo $! > "$1"; wait', 'sh', pidFile];
      const grandchild = (pidFile: string) => Number(readFileSync(pidFile, 'utf8').trim());

      it('a timeout ends the whole process group, not only the command', async function () {
        if (process.platform === 'win32') this.skip();
        const pidFile = path.join(dir, 'pid');
        const error = await rejectionOf(createCommandTokenSource({ argv: argv(pidFile), timeoutMs: 1_500 }).getToken());
        assert.ok(error instanceof TokenSourceError && error.messageKey === 'tokenCommandTimedOut', String(error));
        pid = grandchild(pidFile);
        await waitFor(() => !alive(pid as number));
      });

      it('cancelling ends the whole process group too', async function () {
        if (process.platform === 'win32') this.skip();
        const pidFile = path.join(dir, 'pid');
        const controller = new AbortController();
        const pending = createCommandTokenSource({ argv: argv(pidFile), timeoutMs: 600_000 }).getToken({ signal: controller.signal });
        await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
        pid = grandchild(pidFile);
        assert.ok(alive(pid), 'the grandchild runs before the cancel');
        controller.abort();
        assert.ok((await rejectionOf(pending)) instanceof CancelledError);
        await waitFor(() => !alive(pid as number));
      });
    });

    it('reports a missing program, empty output and JSON without the field', async () => {
      const missing = await rejectionOf(createCommandTokenSource({ argv: ['/nonexistent/token-helper'] }).getToken());
      assert.ok(missing instanceof TokenSourceError && missing.messageKey === 'tokenCommandNotFound');
      const empty = await rejectionOf(createCommandTokenSource({ argv: [node, '-e', ''] }).getToken());
      assert.ok(empty instanceof TokenSourceError && empty.messageKey === 'tokenCommandNoToken');
      const badJson = await rejectionOf(createCommandTokenSource({ argv: [node, '-e', 'console.log("{\\"expires_in\\":1}")'] }).getToken());
      assert.ok(badJson instanceof TokenSourceError && badJson.messageKey === 'tokenCommandBadJson');
    });
  });

  describe('authorizerToken', () => {
    const COMPONENT_TOKEN = 'COMPONENT-TOKEN-aa11bb22cc33';
    const REFRESH = 'REFRESH-TOKEN-dd44ee55ff66';
    const componentSource = (tokens: string[]): TokenSource & { calls: number } => {
      const state = { calls: 0 };
      return {
        kind: 'component',
        refreshable: true,
        get calls() {
          return state.calls;
        },
        getToken: async () => ({ token: tokens[Math.min(state.calls++, tokens.length - 1)] as string }),
      };
    };

    it('mints from the component token plus the refresh token, and saves a new refresh token', async () => {
      server = await startServer((_r, res) =>
        sendJson(res, { authorizer_access_token: 'AUTH-TOKEN-1', expires_in: 7200, authorizer_refresh_token: 'REFRESH-TOKEN-new-777' }),
      );
      const store = new MemoryRefreshTokenStore({ wxAuthorized: REFRESH });
      const source = createAuthorizerTokenSource({
        transport: transportFor(server.url),
        componentToken: componentSource([COMPONENT_TOKEN]),
        componentAppid: 'wxComponent',
        authorizerAppid: 'wxAuthorized',
        refreshTokens: store,
      });
      assert.equal(source.kind, 'authorizer');
      assert.equal((await source.getToken()).token, 'AUTH-TOKEN-1');
      const [req] = server.requests;
      assert.equal(req?.path, 'cgi-bin/component/api_authorizer_token');
      assert.equal(req?.query.get('access_token'), COMPONENT_TOKEN);
      assert.deepEqual(req?.body, { component_appid: 'wxComponent', authorizer_appid: 'wxAuthorized', authorizer_refresh_token: REFRESH });
      assert.equal(store.get('wxAuthorized'), 'REFRESH-TOKEN-new-777');
    });

    it('renews a rejected component token once, then gives up', async () => {
      server = await startServer((req, res) =>
        req.query.get('access_token') === 'COMPONENT-fresh-0001'
          ? sendJson(res, { authorizer_access_token: 'AUTH-2', expires_in: 7200 })
          : sendErrcode(res, 42001, 'access_token expired'),
      );
      const component = componentSource(['COMPONENT-stale-0000', 'COMPONENT-fresh-0001']);
      const make = (c: TokenSource) =>
        createAuthorizerTokenSource({ transport: transportFor(server!.url), componentToken: c, componentAppid: 'c', authorizerAppid: 'a', refreshTokens: new MemoryRefreshTokenStore({ a: REFRESH }) });
      assert.equal((await make(component).getToken()).token, 'AUTH-2');
      assert.equal(server.count(), 2);

      const alwaysStale = componentSource(['COMPONENT-stale-0000']);
      const error = await rejectionOf(make(alwaysStale).getToken());
      assert.ok(error instanceof ApiError && error.code === 42001);
      assert.equal(server.count(), 4, 'exactly one retry, no loop');
    });

    it('asks for a refresh token it does not have, sending nothing', async () => {
      server = await startServer((_r, res) => sendJson(res, {}));
      const source = createAuthorizerTokenSource({
        transport: transportFor(server.url),
        componentToken: componentSource([COMPONENT_TOKEN]),
        componentAppid: 'c',
        authorizerAppid: 'wxUnknown',
        refreshTokens: new MemoryRefreshTokenStore(),
      });
      const error = await rejectionOf(source.getToken());
      assert.ok(error instanceof TokenSourceError && error.messageKey === 'refreshTokenMissing');
      assert.match(error.message, /wxUnknown/);
      assert.equal(server.count(), 0);
    });

    it('keeps the component and refresh tokens out of errors and logs', async () => {
      server = await startServer((_r, res) => sendErrcode(res, 61023, `refresh_token is invalid ${REFRESH}`));
      const log = new LogCollector();
      const source = createAuthorizerTokenSource({
        transport: transportFor(server.url, log),
        componentToken: componentSource([COMPONENT_TOKEN]),
        componentAppid: 'c',
        authorizerAppid: 'a',
        refreshTokens: new MemoryRefreshTokenStore({ a: REFRESH }),
      });
      const error = await rejectionOf(source.getToken());
      assert.ok(error instanceof ApiError && error.messageKey === 'refreshTokenInvalid');
      assertNoSecrets([...errorTexts(error), ...log.lines], [REFRESH, COMPONENT_TOKEN]);
    });

    it('remembers refresh tokens from an authorizer list, skipping missing ones', async () => {
      const store = new MemoryRefreshTokenStore();
      const saved = await rememberRefreshTokens(store, [{ appid: 'a', refreshToken: 'r-a' }, { appid: 'b' }]);
      assert.equal(saved, 1);
      assert.equal(store.get('a'), 'r-a');
      assert.equal(store.get('b'), undefined);
    });
  });
});

describe('core/tokens componentToken', () => {
  const APPSECRET = 'COMPONENT-APPSECRET-77aa88bb';
  const TICKET = 'ticket@@@verify-99cc00dd';
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('POSTs api_component_token without a token and keeps the secret and ticket out of errors', async () => {
    server = await startServer((_r, res) =>
      server!.count() === 1 ? sendJson(res, { component_access_token: 'COMP-1', expires_in: 7200 }) : sendErrcode(res, 61006, `component ticket is invalid ${TICKET}`),
    );
    const log = new LogCollector();
    const make = () =>
      createComponentTokenSource({ transport: new HttpTransport({ baseUrl: server!.url, logger: log }), componentAppid: 'wxcomp', componentAppSecret: APPSECRET, verifyTicket: TICKET });
    assert.equal((await make().getToken()).token, 'COMP-1');
    const [req] = server.requests;
    assert.equal(req?.rawUrl, '/cgi-bin/component/api_component_token');
    assert.deepEqual(req?.body, { component_appid: 'wxcomp', component_appsecret: APPSECRET, component_verify_ticket: TICKET });
    const error = await rejectionOf(make().getToken());
    assert.ok(error instanceof ApiError && error.messageKey === 'verifyTicketInvalid');
    assertNoSecrets([...errorTexts(error), ...log.lines], [APPSECRET, TICKET]);
  });
});
