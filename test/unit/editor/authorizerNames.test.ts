// The names of a platform's mini programs: read at most `concurrency` at once, in the order
// asked, kept until a refresh, and a failure for one kept for that one only. Against the
// emulator over real HTTP, with its latency so reads overlap.
import assert from 'node:assert/strict';
import { WxCloudClient } from '../../../src/core/client';
import { getAuthorizerInfo } from '../../../src/core/platform';
import { createStaticTokenSource } from '../../../src/core/tokens/staticToken';
import type { AuthorizerProfile } from '../../../src/core/types';
import { AuthorizerNames } from '../../../src/editor/connections/authorizerNames';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';

describe('editor/authorizerNames', () => {
  let emu: RunningEmulator;
  let appids: string[];
  before(async () => {
    emu = await startEmulator({ log: () => {}, synthetic: { authorizers: 40 }, faults: { latencyMs: 10 } });
    appids = (await client().listAllAuthorizers({ componentAppid: emu.credentials.component_appid })).list.map((a) => a.appid);
  });
  after(() => emu.close());

  function client(): WxCloudClient {
    return new WxCloudClient({ baseUrl: emu.url, identity: 'p', credentials: { component: createStaticTokenSource({ kind: 'component', token: emu.credentials.component_access_token }) } });
  }

  /** A reader through the real client that records how many reads were in flight and in which order they started. */
  function recorder(fail: Set<string> = new Set()) {
    const c = client();
    const state = { inFlight: 0, most: 0, started: [] as string[] };
    const read = async (appid: string): Promise<AuthorizerProfile> => {
      state.started.push(appid);
      state.most = Math.max(state.most, ++state.inFlight);
      try {
        return await getAuthorizerInfo(c, { componentAppid: emu.credentials.component_appid, authorizerAppid: fail.has(appid) ? 'wx0000000000000000' : appid, fresh: true });
      } finally {
        state.inFlight--;
      }
    };
    return { read, state };
  }

  it('reads every name once, at most 6 at a time, in the order asked', async () => {
    const { read, state } = recorder();
    const names = new AuthorizerNames(read, 6);
    emu.resetStats();
    const results = await Promise.all([...appids, ...appids].map((a) => names.get(a)));
    assert.equal(state.most, 6);
    assert.deepEqual(state.started, appids);
    assert.equal(emu.stats().byEndpoint['cgi-bin/component/api_get_authorizer_info'], appids.length);
    assert.equal(results[0]!.profile?.nickName, '云开发演示');
    assert.match(String(results[43]!.profile?.nickName), / 0039$/);
    // Kept: asking again sends nothing.
    assert.equal((await names.get(appids[5]!)).profile?.appid, appids[5]);
    assert.equal(emu.stats().byEndpoint['cgi-bin/component/api_get_authorizer_info'], appids.length);
  });

  it('a failure is kept for that mini program only', async () => {
    const bad = appids[2]!;
    const names = new AuthorizerNames(recorder(new Set([bad])).read, 3);
    const results = await Promise.all(appids.slice(0, 6).map((a) => names.get(a)));
    assert.equal(results.filter((r) => r.error !== undefined).length, 1);
    assert.equal((names.peek(bad)?.error as { code?: number }).code, 61003);
    assert.ok(results.every((r, i) => i === 2 || r.profile?.appid === appids[i]));
  });

  it('a refresh reads again, drops what was still queued, and keeps the old names to show meanwhile', async () => {
    const { read, state } = recorder();
    const names = new AuthorizerNames(read, 2);
    await names.get(appids[0]!);
    const queued = appids.slice(1, 10).map((a) => names.get(a));
    names.clear();
    assert.equal(names.peek(appids[0]!), undefined);
    assert.equal(names.lastKnown(appids[0]!)?.profile?.nickName, '云开发演示');
    await Promise.all(queued);
    // Two were already being read; the other seven were dropped unread.
    assert.equal(state.started.length, 3);
    assert.equal(names.peek(appids[1]!), undefined, 'a read started before the refresh is not kept');
    assert.equal((await names.get(appids[0]!)).profile?.nickName, '云开发演示');
    assert.equal(state.started.length, 4);
  });
});
