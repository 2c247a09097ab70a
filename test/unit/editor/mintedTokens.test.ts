import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { ConnectionStore } from '../../../src/editor/connections/connectionStore';
import { MintedTokens } from '../../../src/editor/connections/mintedTokens';
import type { ConnectionInfo, KeptSelfToken } from '../../../src/editor/connections/model';

/** The two things MintedTokens asks of the store, in memory. */
class FakeStore {
  readonly infos = new Map<string, ConnectionInfo>();
  readonly kept = new Map<string, KeptSelfToken>();
  writes = 0;
  private waiting: Array<() => void> = [];
  /** Settles when the next write has been made. */
  nextWrite(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  get(id: string) {
    return this.infos.get(id);
  }
  async keptToken(id: string) {
    return this.kept.get(id);
  }
  async keepToken(id: string, token: KeptSelfToken | undefined) {
    this.writes++;
    if (token) this.kept.set(id, token);
    else this.kept.delete(id);
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

const warnings: string[] = [];
const log = { warn: (line: string) => warnings.push(line) } as unknown as vscode.LogOutputChannel;
const timeouts = { logger: { onRequest: () => undefined }, readTimeoutMs: 1000, invokeTimeoutMs: 1000 };
const info: ConnectionInfo = { id: 'm1', name: 'Demo', kind: 'miniProgram', appid: 'wx7d3c9a1b5e2f4068', baseUrl: 'http://127.0.0.1:9' };
const kept: KeptSelfToken = { token: 'KEPT-TOKEN', expiresAt: Date.now() + 3_600_000, mintedAt: Date.now() - 600_000, appid: info.appid!, baseUrl: info.baseUrl };

function setup() {
  const store = new FakeStore();
  store.infos.set(info.id, info);
  return { store, tokens: new MintedTokens(store as unknown as ConnectionStore, log) };
}

describe('minted tokens of mini-program connections', () => {
  it('one source per connection, shared by every session, seeded with the kept token', async () => {
    const { store, tokens } = setup();
    store.kept.set(info.id, kept);
    const a = await tokens.stableSource(info, { appSecret: 's' }, timeouts);
    const b = await tokens.stableSource(info, { appSecret: 's' }, timeouts);
    assert.equal(a, b);
    assert.equal((await a.getToken()).token, 'KEPT-TOKEN', 'no request: the kept token is used');
  });

  it('a changed timeout or secret makes a new source that keeps the token; another AppID or API does not get it', async () => {
    const { store, tokens } = setup();
    store.kept.set(info.id, kept);
    const first = await tokens.stableSource(info, { appSecret: 's' }, timeouts);
    const slower = await tokens.stableSource(info, { appSecret: 's2' }, { ...timeouts, readTimeoutMs: 5000 });
    assert.notEqual(slower, first);
    assert.equal(slower.snapshot()?.token, 'KEPT-TOKEN');
    const elsewhere = await tokens.stableSource({ ...info, baseUrl: 'http://127.0.0.1:8' }, { appSecret: 's2' }, timeouts);
    assert.equal(elsewhere.snapshot(), undefined);
    const otherApp = setup();
    otherApp.store.kept.set(info.id, { ...kept, appid: 'wx0000000000000000' });
    assert.equal((await otherApp.tokens.stableSource(info, { appSecret: 's' }, timeouts)).snapshot(), undefined);
  });

  it('a refusal noted on the token is kept; nothing is kept for a connection signed out', async () => {
    const { store, tokens } = setup();
    store.kept.set(info.id, kept);
    const source = await tokens.stableSource(info, { appSecret: 's' }, timeouts);
    const written = store.nextWrite();
    source.noteRefusedKind('KEPT-TOKEN', 'tcb/getenvinfo');
    await written;
    assert.deepEqual(store.kept.get(info.id)?.refusedBy, ['tcb/getenvinfo']);
    assert.equal(store.kept.get(info.id)?.appid, info.appid);
    store.infos.delete(info.id);
    store.kept.delete(info.id);
    source.noteRefusedKind('KEPT-TOKEN', 'tcb/listfunctions');
    tokens.prune();
    assert.equal(store.kept.get(info.id), undefined);
    assert.equal(store.writes, 1);
    assert.notEqual(await tokens.stableSource(info, { appSecret: 's' }, timeouts), source, 'a pruned connection starts again');
  });
});
