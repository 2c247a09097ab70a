import * as assert from 'node:assert/strict';
import { PromiseCache } from '../../../src/core/promiseCache';

describe('PromiseCache', () => {
  it('makes a value once per key and shares it', async () => {
    const cache = new PromiseCache<string, number>();
    let made = 0;
    const make = () => Promise.resolve(++made);
    assert.equal(await cache.get('a', make), 1);
    assert.equal(await cache.get('a', make), 1);
    assert.equal(await cache.get('b', make), 2);
  });

  it('forgets a failure: the next use tries again', async () => {
    const cache = new PromiseCache<string, string>();
    let attempts = 0;
    const make = () => (++attempts === 1 ? Promise.reject(new Error('secret storage unavailable')) : Promise.resolve('session'));
    await assert.rejects(cache.get('c', make), /secret storage unavailable/);
    assert.equal(await cache.get('c', make), 'session');
    assert.equal(attempts, 2);
  });

  it('callers waiting on the failed attempt all see its error, once', async () => {
    const cache = new PromiseCache<string, string>();
    let attempts = 0;
    let fail!: (e: Error) => void;
    const make = () => {
      attempts++;
      return new Promise<string>((_resolve, reject) => (fail = reject));
    };
    const first = cache.get('c', make);
    const second = cache.get('c', make);
    fail(new Error('boom'));
    await assert.rejects(first, /boom/);
    await assert.rejects(second, /boom/);
    assert.equal(attempts, 1);
  });

  it('a failure of an entry already replaced does not remove its successor', async () => {
    const cache = new PromiseCache<string, string>();
    let fail!: (e: Error) => void;
    const old = cache.get('c', () => new Promise<string>((_r, reject) => (fail = reject)));
    cache.clear();
    const next = cache.get('c', () => Promise.resolve('new'));
    fail(new Error('old attempt'));
    await assert.rejects(old);
    assert.equal(await cache.get('c', () => Promise.resolve('newer')), 'new');
    assert.equal(await next, 'new');
  });
});
