// The two requests outside WeChat's API, against a scripted local server: the signed zip URL
// (bounded, no redirects, https or loopback only) and the code host's answers.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CodeError } from '../../../../src/core/code/codeErrors';
import { checkCodeUrl, fetchZip, postToCodeHost } from '../../../../src/core/code/codeTransfer';

describe('core/code: zip download and code host', () => {
  let server: http.Server;
  let base: string;
  let route: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  before(async () => {
    server = http.createServer((req, res) => route(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const codeError = (key: string) => (e: unknown) => e instanceof CodeError && e.messageKey === key;

  it('reads a zip within the limit and refuses a larger one, declared or streamed', async () => {
    route = (_req, res) => res.end(Buffer.alloc(100, 1));
    assert.equal((await fetchZip(`${base}/z`, 'f', 100)).length, 100);
    await assert.rejects(fetchZip(`${base}/z`, 'f', 99), codeError('codeZipTooLarge'));
    route = (_req, res) => {
      res.writeHead(200);
      for (let i = 0; i < 10; i++) res.write(Buffer.alloc(50, 1));
      res.end();
    };
    await assert.rejects(fetchZip(`${base}/z`, 'f', 120), codeError('codeZipTooLarge'));
  });

  it('never follows a redirect and says which status it got', async () => {
    let followed = false;
    route = (req, res) => {
      if (req.url === '/elsewhere') followed = true;
      res.writeHead(302, { location: '/elsewhere' }).end();
    };
    await assert.rejects(fetchZip(`${base}/z`, 'f', 100), (e: unknown) => e instanceof CodeError && /HTTP 302/.test(e.message));
    assert.equal(followed, false);
  });

  it('takes https anywhere and http only on this machine', () => {
    assert.equal(checkCodeUrl('https://scf.tencentcloudapi.com/', 'f', 'x').host, 'scf.tencentcloudapi.com');
    assert.equal(checkCodeUrl('http://localhost:9/_scf/', 'f', 'x').hostname, 'localhost');
    for (const bad of ['http://10.0.0.1/_scf/', 'ftp://localhost/', 'https://user:pw@host/', 'not a url']) assert.throws(() => checkCodeUrl(bad, 'f', 'x'), codeError('codeUrlRefused'));
  });

  it('posts the body with the signed headers and reads the code host’s refusal without echoing the secret', async () => {
    let seen: { headers: http.IncomingHttpHeaders; body: string } | undefined;
    route = (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen = { headers: req.headers, body };
        res.end(JSON.stringify({ Response: { Error: { Code: 'AuthFailure.SecretIdNotFound', Message: 'bad secret s3cr3t-value' }, RequestId: 'r' } }));
      });
    };
    const error = await postToCodeHost(`${base}/_scf/`, '{"CodeSecret":"s3cr3t-value"}', { Authorization: 'TC3 x', 'X-TC-Timestamp': '1' }, 'f', ['s3cr3t-value']).then(
      () => assert.fail('expected a refusal'),
      (e: unknown) => e as CodeError,
    );
    assert.equal(seen?.headers.authorization, 'TC3 x');
    assert.equal(seen?.headers['x-tc-timestamp'], '1');
    assert.equal(seen?.body, '{"CodeSecret":"s3cr3t-value"}');
    assert.equal(error.messageKey, 'codeHostRefused');
    assert.match(error.message, /AuthFailure\.SecretIdNotFound/);
    assert.doesNotMatch(error.message, /s3cr3t-value/);
    route = (_req, res) => res.end(JSON.stringify({ Response: { RequestId: 'r' } }));
    await postToCodeHost(`${base}/_scf/`, '{}', {}, 'f', []);
    route = (_req, res) => res.writeHead(502).end('<html>bad gateway</html>');
    await assert.rejects(postToCodeHost(`${base}/_scf/`, '{}', {}, 'f', []), (e: unknown) => e instanceof CodeError && /HTTP 502/.test(e.message));
  });
});
