// Storage over real HTTP against the emulator: the three endpoints and the COS-like host
// behind their URLs (the upload form, temporary download URLs), what crosses the wire.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunningEmulator } from '../../../../src/emulator/index';
import { call, copyDemo, DEMO_ENV, ManualClock, start, expectErr, expectOk } from '../helpers';

const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'wxcloud-data-'));

interface Ticket {
  url: string;
  token: string;
  authorization: string;
  file_id: string;
  cos_file_id: string;
}

/** The upload form as WeChat's pages describe it; `override` replaces fields. */
function form(t: Ticket, cloudPath: string, bytes: Buffer | string, override: Record<string, string> = {}): FormData {
  const fd = new FormData();
  const fields: Record<string, string> = { key: cloudPath, Signature: t.authorization, 'x-cos-security-token': t.token, 'x-cos-meta-fileid': t.cos_file_id, ...override };
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), path.basename(cloudPath));
  return fd;
}

describe('emulator storage: HTTP', function () {
  let emu: RunningEmulator;
  let dir: string;
  let clock: ManualClock;
  const api = (p: string, body: unknown, token = emu.credentials.access_token) => call(emu, p, { access_token: token }, body);
  const ticket = async (cloudPath: string, env = DEMO_ENV): Promise<Ticket> => expectOk(await api('tcb/uploadfile', { env, path: cloudPath }));
  const upload = async (cloudPath: string, bytes: Buffer | string): Promise<string> => {
    const t = await ticket(cloudPath);
    const res = await fetch(t.url, { method: 'POST', body: form(t, cloudPath, bytes) });
    assert.equal(res.status, 204, await res.text());
    return t.file_id;
  };
  const downloadUrl = async (fileid: string, maxAge = 600): Promise<string> => {
    const [f] = expectOk(await api('tcb/batchdownloadfile', { env: DEMO_ENV, file_list: [{ fileid, max_age: maxAge }] })).file_list;
    assert.equal(f.status, 0, JSON.stringify(f));
    return f.download_url as string;
  };

  beforeEach(async () => {
    dir = dataDir();
    clock = new ManualClock();
    emu = await start({ projectDir: copyDemo(), dataDir: dir, clock });
  });
  afterEach(() => emu.close());

  it('uploads through the form of tcb/uploadfile and serves the bytes at a temporary URL', async () => {
    const t = await ticket('docs/hello world.txt');
    assert.match(t.file_id, new RegExp(`^cloud://${DEMO_ENV}\\.[0-9a-f]{4}-${DEMO_ENV}-\\d+/docs/hello world\\.txt$`));
    assert.ok(t.url.startsWith(`${emu.url}/`), t.url);
    for (const k of ['token', 'authorization', 'cos_file_id'] as const) assert.ok(typeof t[k] === 'string' && t[k].length > 10, k);
    const res = await fetch(t.url, { method: 'POST', body: form(t, 'docs/hello world.txt', 'héllo') });
    assert.equal(res.status, 204);

    const url = await downloadUrl(t.file_id);
    assert.ok(url.startsWith(emu.url), url);
    const got = await fetch(url);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(await got.text(), 'héllo');

    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const pngId = await upload('a/b/pic.PNG', png);
    const pic = await fetch(await downloadUrl(pngId));
    assert.equal(pic.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await pic.arrayBuffer()), png);
  });

  it('keeps files in the data folder across restarts, and under the folder only', async () => {
    const id = await upload('x/kept.txt', 'kept');
    await emu.close();
    emu = await start({ projectDir: copyDemo(), dataDir: dir, clock });
    assert.equal(await (await fetch(await downloadUrl(id))).text(), 'kept');
    const files = fs.readdirSync(path.join(dir, DEMO_ENV, 'files'));
    assert.equal(files.length, 2, files.join());
    await emu.close();
    emu = await start({ projectDir: copyDemo(), dataDir: dir, clock, resetData: true });
    const [f] = expectOk(await api('tcb/batchdownloadfile', { env: DEMO_ENV, file_list: [{ fileid: id, max_age: 60 }] })).file_list;
    assert.equal(f.status, -503003);
  });

  it('refuses a form with a wrong signature, token, key or ticket and stores nothing', async () => {
    const t = await ticket('secret.txt');
    const cases: [Record<string, string>, number, string][] = [
      [{ Signature: `${t.authorization}x` }, 403, 'SignatureDoesNotMatch'],
      [{ 'x-cos-security-token': 'forged' }, 403, 'InvalidAccessKeyId'],
      [{ key: 'other.txt' }, 403, 'AccessDenied'],
      [{ 'x-cos-meta-fileid': 'unknown' }, 403, 'AccessDenied'],
    ];
    for (const [override, status, code] of cases) {
      const res = await fetch(t.url, { method: 'POST', body: form(t, 'secret.txt', 'nope', override) });
      assert.equal(res.status, status, JSON.stringify(override));
      assert.match(res.headers.get('content-type') ?? '', /xml/);
      assert.match(await res.text(), new RegExp(`<Code>${code}</Code>`));
    }
    const fd = form(t, 'secret.txt', 'nope');
    fd.delete('Signature');
    const missing = await fetch(t.url, { method: 'POST', body: fd });
    assert.equal(missing.status, 400);
    assert.match(await missing.text(), /<Code>InvalidArgument<\/Code>.*Signature/s);
    const notForm = await fetch(t.url, { method: 'POST', body: 'raw bytes' });
    assert.equal(notForm.status, 400);

    const [f] = expectOk(await api('tcb/batchdownloadfile', { env: DEMO_ENV, file_list: [{ fileid: t.file_id, max_age: 60 }] })).file_list;
    assert.equal(f.status, -503003);
    assert.match(f.errmsg, /STORAGE_FILE_NONEXIST/);
    assert.equal(f.download_url, '');
    assert.ok(!fs.existsSync(path.join(dir, DEMO_ENV, 'files')) || fs.readdirSync(path.join(dir, DEMO_ENV, 'files')).length === 0);
  });

  it('bounds the upload form: a body over 50 MB or a form cut short is refused', async () => {
    const t = await ticket('big.bin');
    const url = new URL(t.url);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=xyz', 'content-length': String(60 * 1024 * 1024) } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write('--xyz\r\n');
    });
    assert.equal(answer.status, 400);
    assert.match(answer.body, /<Code>EntityTooLarge<\/Code>/);

    const cut = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=xyz' }, body: '--xyz\r\ncontent-disposition: form-data; name="key"\r\n\r\nbig.bin' });
    assert.equal(cut.status, 400);
    assert.match(await cut.text(), /<Code>MalformedPOSTRequest<\/Code>/);
    const [f] = expectOk(await api('tcb/batchdownloadfile', { env: DEMO_ENV, file_list: [{ fileid: t.file_id, max_age: 60 }] })).file_list;
    assert.equal(f.status, -503003);
  });

  it('expires upload tickets and temporary URLs on the emulator clock', async () => {
    const t = await ticket('late.txt');
    clock.advance(15 * 60_000);
    const late = await fetch(t.url, { method: 'POST', body: form(t, 'late.txt', 'late') });
    assert.equal(late.status, 403);
    assert.match(await late.text(), /expired/);

    const id = await upload('soon.txt', 'soon');
    const url = await downloadUrl(id, 60);
    clock.advance(59_000);
    assert.equal((await fetch(url)).status, 200);
    clock.advance(1_000);
    const gone = await fetch(url);
    assert.equal(gone.status, 403);
    assert.match(await gone.text(), /<Code>AccessDenied<\/Code>.*expired/s);

    const far = await downloadUrl(id, 1e300);
    assert.equal((await fetch(far)).status, 200, 'a huge max_age is cut to ten years, not an unusable URL');

    const fresh = new URL(await downloadUrl(id, 60));
    fresh.searchParams.set('t', String(Number(fresh.searchParams.get('t')) + 3600));
    assert.equal((await fetch(fresh)).status, 403, 'a later t without its signature');
  });

  it('deletes files and reports each one', async () => {
    const a = await upload('del/a.txt', 'a');
    const b = await upload('del/b.txt', 'b');
    const bucket = /^cloud:\/\/[^.]+\.([^/]+)\//.exec(a)![1];
    const forged = `cloud://${DEMO_ENV}.${bucket}/../../../etc/passwd`;
    const { delete_list } = expectOk(await api('tcb/batchdeletefile', { env: DEMO_ENV, fileid_list: [a, `${a}.missing`, forged] }));
    assert.deepEqual(
      delete_list.map((d: { fileid: string; status: number }) => [d.fileid, d.status]),
      [
        [a, 0],
        [`${a}.missing`, -503003],
        [forged, -503003],
      ],
    );
    assert.equal(delete_list[0].errmsg, 'ok');
    const { file_list } = expectOk(await api('tcb/batchdownloadfile', { env: DEMO_ENV, file_list: [a, b].map((fileid) => ({ fileid, max_age: 60 })) }));
    assert.deepEqual(file_list.map((f: { status: number }) => f.status), [-503003, 0]);
    assert.equal(await (await fetch(file_list[1].download_url)).text(), 'b');
  });

  it('checks token, parameters, then env, as every tcb endpoint', async () => {
    expectErr(await call(emu, 'tcb/uploadfile', {}, { env: DEMO_ENV, path: 'x' }), 41001);
    expectErr(await api('tcb/uploadfile', { env: DEMO_ENV, path: 'x' }, emu.credentials.component_access_token), 40014, /access_token/);
    expectErr(await api('tcb/uploadfile', { path: 'x' }), 40101, /env/);
    expectErr(await api('tcb/uploadfile', { env: DEMO_ENV }), 40101, /path/);
    for (const bad of ['../x', '/abs', 'a//b', 'a/./b', 'a\\b']) expectErr(await api('tcb/uploadfile', { env: 'nope', path: bad }), 40097, /path/);
    expectErr(await api('tcb/uploadfile', { env: 'shop-prod-4f5a6b', path: 'x' }), -501000);
    expectOk(await api('tcb/uploadfile', { env: DEMO_ENV, path: 'x' }, emu.credentials.authorizer_access_token));
    expectErr(await api('tcb/batchdownloadfile', { env: DEMO_ENV }), 40101, /file_list/);
    expectErr(await api('tcb/batchdownloadfile', { env: DEMO_ENV, file_list: [{ fileid: 'cloud://x' }] }), 40097, /max_age/);
    expectErr(await api('tcb/batchdownloadfile', { env: DEMO_ENV, file_list: Array.from({ length: 51 }, () => ({ fileid: 'x', max_age: 1 })) }), 40097, /50/);
    expectErr(await api('tcb/batchdeletefile', { env: DEMO_ENV, fileid_list: [] }), 40097);
    expectErr(await api('tcb/batchdeletefile', { env: 'shop-prod-4f5a6b', fileid_list: ['x'] }), -501000);
  });

  it('keeps environments apart: a file ID of another env is not served through this one', async () => {
    await upload('mine.txt', 'mine');
    const { info_list } = expectOk(await api('componenttcb/describeenvs', {}, emu.credentials.component_access_token));
    const shop = info_list.find((e: { env: string }) => e.env === 'shop-prod-4f5a6b');
    const other = `cloud://shop-prod-4f5a6b.${shop.bucket_id}/mine.txt`;
    const { file_list } = expectOk(await api('tcb/batchdownloadfile', { env: DEMO_ENV, file_list: [{ fileid: other, max_age: 60 }] }));
    assert.equal(file_list[0].status, -503002);
    assert.match(file_list[0].errmsg, /STORAGE_EXCEED_AUTHORITY/);
    const { delete_list } = expectOk(await api('tcb/batchdeletefile', { env: DEMO_ENV, fileid_list: [other] }));
    assert.equal(delete_list[0].status, -503002);
  });

  it('answers the COS-like host only for loopback Host names, and never outside the bucket', async () => {
    const id = await upload('x.txt', 'x');
    const url = new URL(await downloadUrl(id));
    const status = (pathAndQuery: string, host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: url.hostname, port: url.port, path: pathAndQuery, headers: { host }, setHost: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    assert.equal(await status(`${url.pathname}${url.search}`, url.host), 200);
    assert.equal(await status(`${url.pathname}${url.search}`, 'evil.example'), 403);
    const bucket = url.pathname.split('/')[2];
    assert.equal(await status(`/_cos/${bucket}/..%2F..%2Fdemo-env-1a2b3c%2Ftodos.json${url.search}`, url.host), 404);
    assert.equal(await status(`/_cos/no-such-bucket/x.txt${url.search}`, url.host), 404);
  });
});
