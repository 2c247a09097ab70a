import assert from 'node:assert/strict';
import {
  ApiError,
  CancelledError,
  HttpError,
  InvalidResponseError,
  InvokeMayHaveRunError,
  NetworkError,
  TimeoutError,
  TokenKindError,
  TokenSourceError,
  WxCloudError,
  describeError,
  ridOf,
} from '../../../src/core/errors';
import { ERRCODES, MESSAGES, defaultFormat } from '../../../src/core/messages';
import { assertNoSecrets, errorTexts } from './helpers/secrets';

/** Every errcode in the five seeds and the reference. */
const DOCUMENTED_ERRCODES = [
  0, -1, -1000, 40014, 40097, 40101, 41001, 42001, 43002, 44002, 47001, 85088, 85089, 40001, 40013, 40125, 40164, 40243, 45009, 45011, 48001, 61004,
  61005, 61006, -501000, -501009, -504001, -504002, -504003,
];

describe('core/errors and messages', () => {
  it('has a message for every documented errcode but 0 (success)', () => {
    for (const code of DOCUMENTED_ERRCODES.filter((c) => c !== 0)) {
      const info = ERRCODES.get(code);
      assert.ok(info, `errcode ${code} missing from the table`);
      assert.ok(MESSAGES[info.key].length > 10);
      const error = new ApiError({ errcode: code, errmsg: 'detail rid: r-1', endpoint: 'tcb/listfunctions' });
      assert.equal(error.messageKey === 'ipNotWhitelistedUnknownIp' ? 'ipNotWhitelisted' : error.messageKey, info.key);
      assert.ok(!/\{\d\}/.test(error.message), `unfilled placeholder for ${code}: ${error.message}`);
    }
    assert.equal(ERRCODES.has(0), false);
  });

  it('retries only -1 and -1000 among errcodes', () => {
    const retryable = [...ERRCODES].filter(([, info]) => info.retryable).map(([code]) => code);
    assert.deepEqual(retryable.sort(), [-1, -1000].sort());
  });

  it('keeps templates as plain literals with {n} placeholders', () => {
    for (const [key, template] of Object.entries(MESSAGES)) {
      assert.equal(typeof template, 'string', key);
      const indexes = [...template.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1]));
      indexes.forEach((i) => assert.ok(i < 3, `${key} uses {${i}}`));
    }
  });

  it('carries code, endpoint, rid, key and errmsg; unknown errcodes keep the errmsg', () => {
    const error = new ApiError({ errcode: 99999, errmsg: 'something odd rid: 1a2b-3c4d', endpoint: 'tcb/getenvinfo' });
    assert.ok(error instanceof WxCloudError && error instanceof Error);
    assert.equal(error.code, 99999);
    assert.equal(error.endpoint, 'tcb/getenvinfo');
    assert.equal(error.rid, '1a2b-3c4d');
    assert.equal(error.messageKey, 'unknownErrcode');
    assert.equal(error.message, 'WeChat returned an error: something odd');
    assert.equal(error.name, 'ApiError');
    assert.match(String(error.stack), /^ApiError: WeChat returned an error/);
  });

  it('reads the IP for 40164 and falls back when errmsg has none', () => {
    const withIp = new ApiError({ errcode: 40164, errmsg: 'invalid ip 198.51.100.4 ipv6 ::ffff:198.51.100.4, not in whitelist rid: x-1', endpoint: 'cgi-bin/stable_token' });
    assert.deepEqual(withIp.messageArgs, ['198.51.100.4']);
    const without = new ApiError({ errcode: 40164, errmsg: 'not in whitelist', endpoint: 'cgi-bin/stable_token' });
    assert.equal(without.messageKey, 'ipNotWhitelistedUnknownIp');
  });

  it('describeError: one line with errcode and rid, through the translator it is given', () => {
    const api = new ApiError({ errcode: 42001, errmsg: 'access_token expired rid: r-42', endpoint: 'tcb/listfunctions' });
    assert.equal(describeError(api), 'The access token has expired. (errcode 42001, rid r-42)');
    const noRid = new ApiError({ errcode: 85088, errmsg: 'no qbase privilege', endpoint: 'tcb/listfunctions' });
    assert.equal(describeError(noRid), 'Cloud development is not enabled for this mini program. (errcode 85088)');
    const calls: Array<[string, unknown[]]> = [];
    const t = (template: string, ...args: Array<string | number | boolean>) => {
      calls.push([template, args]);
      return `«${defaultFormat(template, ...args)}»`;
    };
    assert.equal(describeError(api, t), '««The access token has expired.» (errcode 42001, rid r-42)»');
    assert.deepEqual(calls[0], [MESSAGES.tokenExpired, []]);
    assert.equal(calls[1]?.[0], MESSAGES.withErrcodeAndRid, 'the suffix is a template too');
    assert.equal(describeError(new TimeoutError({ endpoint: 'tcb/getenvinfo', timeoutMs: 10_000 })), 'WeChat did not answer tcb/getenvinfo within 10 s.');
    assert.equal(describeError(new Error('boom access_token=abc123456')), 'Unexpected error: boom access_token=***');
  });

  it('builds each error class with its code and retryability', () => {
    const cases: Array<[WxCloudError, string | number, boolean]> = [
      [new HttpError({ endpoint: 'e', status: 502, statusText: 'Bad Gateway', html: true }), 'HTTP', true],
      [new HttpError({ endpoint: 'e', status: 404, statusText: 'Not Found', html: false }), 'HTTP', false],
      [new InvalidResponseError({ endpoint: 'e', reason: 'notJson' }), 'INVALID_RESPONSE', true],
      [new InvalidResponseError({ endpoint: 'e', reason: 'html' }), 'INVALID_RESPONSE', false],
      [new NetworkError({ endpoint: 'e', host: 'h', causeCode: 'ECONNRESET', retryable: true }), 'NETWORK', true],
      [new TimeoutError({ endpoint: 'e', timeoutMs: 5 }), 'TIMEOUT', false],
      [new CancelledError({ endpoint: 'e' }), 'CANCELLED', false],
      [new TokenKindError({ endpoint: 'e', needed: ['component'], available: [], sent: false }), 'TOKEN_KIND', false],
      [new InvokeMayHaveRunError({ endpoint: 'e', functionName: 'f', reason: 'timeout', timeoutMs: 15_000 }), 'INVOKE_MAY_HAVE_RUN', false],
      [new TokenSourceError({ source: 's', messageKey: 'tokenCommandNoToken', messageArgs: ['x'] }), 'TOKEN_SOURCE', false],
    ];
    for (const [error, code, retryable] of cases) {
      assert.equal(error.code, code);
      assert.equal(error.retryable, retryable, `${error.name}`);
      assert.ok(!/\{\d\}/.test(error.message), error.message);
    }
    assert.equal(new TokenKindError({ endpoint: 'componenttcb/gettriggers', needed: ['component'], available: [], sent: false }).message, 'This connection cannot call componenttcb/gettriggers. It needs: component_access_token. It has no token.');
    assert.equal(new InvokeMayHaveRunError({ endpoint: 'e', functionName: 'login', reason: 'timeout', timeoutMs: 15_000 }).message, 'Cloud function login did not answer within 15 s. It may have run; it was not retried.');
  });

  it('redacts secrets from messages, arguments and stacks when the error is built', () => {
    const secret = 'SUPERSECRET-token-123456';
    const error = new ApiError({ errcode: 40014, errmsg: `invalid access_token ${secret} rid: r`, endpoint: 'x', secrets: [secret] });
    const other = new TokenSourceError({ source: 's', messageKey: 'tokenCommandFailed', messageArgs: ['cmd', 1, `failed with ${secret}`], secrets: [secret] });
    assertNoSecrets([...errorTexts(error), ...errorTexts(other), error.errmsg, ...other.messageArgs.map(String), describeError(other)], [secret]);
  });

  it('finds the rid at the end of errmsg', () => {
    assert.equal(ridOf('invalid credential, access_token is invalid rid: 6565d7e1-2b7c8a3f-1f2e3d4c'), '6565d7e1-2b7c8a3f-1f2e3d4c');
    assert.equal(ridOf('ok'), undefined);
  });
});
