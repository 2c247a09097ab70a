// A minted token is asked for once and reused: across callers, across caches handed the kept
// token (a session reset or a window reload in the editor), and by an endpoint that refuses its
// kind, until it nears expiry or WeChat rejects it.
import assert from 'node:assert/strict';
import { WxCloudClient } from '../../../src/core/client';
import { TokenKindError } from '../../../src/core/errors';
import { HttpTransport } from '../../../src/core/http';
import { createStableTokenSource } from '../../../src/core/tokens/stableToken';
import { CachedTokenSource, type KeptToken } from '../../../src/core/tokens/tokenCache';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index';
import { DEMO_DIR } from '../emulator/helpers';

describe('core/tokens kept across caches', () => {
  describe('tokenCache', () => {
    it('a kept token is used without minting, and a new mint is reported to keep', async () => {
      let now = 1_000_000;
      let minted = 0;
      const changes: Array<KeptToken | undefined> = [];
      const mint = async () => ({ token: `t${++minted}`, expiresAt: now + 7_200_000 });
      const source = new CachedTokenSource('mp', 'test', mint, { now: () => now, initial: { token: 'kept', expiresAt: now + 3_600_000, mintedAt: now - 3_600_000 }, onChange: (k) => changes.push(k) });
      assert.equal((await source.getToken()).token, 'kept');
      assert.equal(minted, 0);
      now += 3_600_000; // past the kept token's renewal time
      assert.equal((await source.getToken()).token, 't1');
      assert.deepEqual(changes, [{ token: 't1', expiresAt: now + 7_200_000, mintedAt: now }]);
    });

    it('a rejection drops the kept token; a forced refresh right after a mint returns that mint', async () => {
      let now = 0;
      let minted = 0;
      const changes: Array<KeptToken | undefined> = [];
      const source = new CachedTokenSource('mp', 'test', async () => ({ token: `t${++minted}`, expiresAt: now + 7_200_000 }), { now: () => now, reuseWithinMs: 60_000, onChange: (k) => changes.push(k) });
      await source.getToken();
      now = 59_999;
      assert.equal((await source.getToken({ forceRefresh: true, staleToken: 't1' })).token, 't1', 'the source answered t1 a moment ago');
      assert.equal(minted, 1);
      now = 60_000;
      assert.equal((await source.getToken({ forceRefresh: true, staleToken: 't1' })).token, 't2');
      assert.deepEqual(changes.map((k) => k?.token), ['t1', undefined, 't2'], 'dropped, then the new one kept');
    });

    it('a refusal is kept with its token and forgotten with it', async () => {
      let minted = 0;
      const changes: Array<KeptToken | undefined> = [];
      const source = new CachedTokenSource('mp', 'test', async () => ({ token: `t${++minted}` }), { onChange: (k) => changes.push(k) });
      await source.getToken();
      source.noteRefusedKind('t1', 'tcb/getenvinfo');
      assert.equal(source.refusedKind('t1', 'tcb/getenvinfo'), true);
      assert.equal(source.refusedKind('t1', 'tcb/listfunctions'), false);
      assert.deepEqual(changes.at(-1)?.refusedBy, ['tcb/getenvinfo']);
      const reloaded = new CachedTokenSource('mp', 'test', async () => ({ token: 'never' }), { initial: source.snapshot() });
      assert.equal(reloaded.refusedKind('t1', 'tcb/getenvinfo'), true);
      await source.getToken({ forceRefresh: true });
      assert.equal(source.refusedKind('t2', 'tcb/getenvinfo'), false, 'a new token is asked again');
    });
  });

  describe('against the emulator (stable_token hands out the current token)', () => {
    let emu: RunningEmulator;
    before(async () => {
      emu = await startEmulator({ projectDir: DEMO_DIR, log: () => {} });
    });
    after(async () => {
      await emu.close();
    });
    beforeEach(async () => {
      await fetch(`${emu.url}/_emulator/stats/reset`, { method: 'POST', headers: { 'x-wxcloud-emulator-key': emu.controlKey } });
    });

    const count = (path: string) => emu.stats().byEndpoint[path] ?? 0;
    function miniProgram(initial?: KeptToken, onChange?: (k: KeptToken | undefined) => void) {
      const transport = new HttpTransport({ baseUrl: emu.url });
      const source = createStableTokenSource({ transport, appid: emu.credentials.appid, secret: emu.credentials.secret, cache: { initial, onChange, reuseWithinMs: 60_000 } });
      const client = new WxCloudClient({ baseUrl: emu.url, identity: 'mp', credentials: { mp: source } });
      return { source, client };
    }

    it('an mp token refused by tcb/getenvinfo: one token, one request per listing, also after a reload', async () => {
      let kept: KeptToken | undefined;
      const first = miniProgram(undefined, (k) => (kept = k));
      for (let i = 0; i < 3; i++) {
        const error = await first.client.getEnvInfo().then(() => undefined, (e: unknown) => e);
        assert.ok(error instanceof TokenKindError && error.sent, String(error));
      }
      assert.equal(count('cgi-bin/stable_token'), 1);
      assert.equal(count('tcb/getenvinfo'), 3);
      assert.deepEqual(kept?.refusedBy, ['tcb/getenvinfo']);

      const reloaded = miniProgram(kept);
      await assert.rejects(reloaded.client.getEnvInfo(), TokenKindError);
      assert.equal(count('cgi-bin/stable_token'), 1, 'the kept token was used');
      assert.equal(count('tcb/getenvinfo'), 4);
    });

    it('a kept token older than the reuse window is confirmed once, then remembered', async () => {
      const minted = await miniProgram().source.getToken();
      await fetch(`${emu.url}/_emulator/stats/reset`, { method: 'POST', headers: { 'x-wxcloud-emulator-key': emu.controlKey } });
      const { client } = miniProgram({ token: minted.token, expiresAt: minted.expiresAt, mintedAt: Date.now() - 10 * 60_000 });
      await assert.rejects(client.getEnvInfo(), TokenKindError);
      await assert.rejects(client.getEnvInfo(), TokenKindError);
      assert.equal(count('cgi-bin/stable_token'), 1, 'asked once whether the token is current');
      assert.equal(count('tcb/getenvinfo'), 2, 'the same token is not sent twice');
    });
  });
});
