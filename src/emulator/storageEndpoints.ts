// Storage's HTTP front door: `tcb/uploadfile`, `tcb/batchdownloadfile` and
// `tcb/batchdeletefile` for a mini program or authorizer token (the server checks token,
// method and body; here: parameters, then env, then each file), and the COS-like host under
// /_cos/ that takes the upload form and serves temporary URLs.
import type * as http from 'node:http';
import { envFor, str, type Call, type Endpoint } from './endpoints';
import { boundaryOf, parseMultipart } from './storage/multipart';
import { contentTypeOf, COS_PREFIX, MAX_FILE_BYTES, pathProblem, StorageError, type FileStorage } from './storage/store';
import type { TokenKind } from './types';
import { fail, newRid, sameSecret } from './wire';
import type { World } from './world';

const KINDS: TokenKind[] = ['mp', 'authorizer'];
/** Files per batch call, as WeChat's pages say (about 50). */
export const MAX_BATCH = 50;
/** The upload form: the file plus a few small fields. */
const MAX_FORM_BYTES = MAX_FILE_BYTES + 64 * 1024;

type Body = Record<string, unknown>;
const ok = (rest: Body): Body => ({ errcode: 0, errmsg: 'ok', ...rest });

function list(b: Body, key: string): unknown[] {
  const v = b[key];
  if (v === undefined || v === null) fail(40101, key);
  if (!Array.isArray(v) || v.length === 0) fail(40097, `${key} must be a non-empty array`);
  if ((v as unknown[]).length > MAX_BATCH) fail(40097, `${key} holds at most ${MAX_BATCH} files`);
  return v as unknown[];
}

/** The id of an environment the caller may reach and that is running (else `-501000`). */
export function normalEnv(world: World, call: Call, envId: string): string {
  const e = envFor(world, call.token, envId);
  if (e.status !== 'NORMAL') fail(-501000, `environment ${e.env} is ${e.status}`);
  return e.env;
}

export function storageEndpoints(world: World, storage: FileStorage): Map<string, Endpoint> {
  const environment = (call: Call, envId: string) => normalEnv(world, call, envId);
  /** A file of the call's environment, or the per-file status saying why not. */
  const own = (env: string, fileID: string) => {
    const f = storage.parse(fileID);
    if (f.env !== env) throw new StorageError(-503002, `${fileID} is not a file of environment ${env}`);
    return fileID;
  };
  const perFile = (fileid: string, run: () => Body): Body => {
    try {
      return { fileid, ...run() };
    } catch (e) {
      if (!(e instanceof StorageError)) throw e;
      return { fileid, status: e.status, errmsg: e.message };
    }
  };

  const endpoint = (handle: (call: Call, b: Body) => Body): Endpoint => ({ kinds: KINDS, cloud: true, handle: (call) => ok(handle(call, call.body as Body)) });
  const table: Record<string, Endpoint> = {
    'tcb/uploadfile': endpoint((call, b) => {
      const envId = str(b, 'env');
      const cloudPath = str(b, 'path');
      const problem = pathProblem(cloudPath);
      if (problem) fail(40097, `path: ${problem}`);
      const env = environment(call, envId);
      const t = storage.ticket(env, cloudPath);
      return { url: storage.uploadUrl(env, cloudPath), token: t.token, authorization: t.authorization, file_id: t.fileID, cos_file_id: t.cosFileId };
    }),
    'tcb/batchdownloadfile': endpoint((call, b) => {
      const envId = str(b, 'env');
      const files = list(b, 'file_list').map((x, i) => {
        const f = x as Body;
        if (!f || typeof f !== 'object' || typeof f.fileid !== 'string' || !f.fileid) fail(40097, `file_list[${i}].fileid must be a string`);
        if (typeof f.max_age !== 'number' || !Number.isInteger(f.max_age) || f.max_age < 1) fail(40097, `file_list[${i}].max_age must be an integer of seconds ≥ 1`);
        return { fileid: f.fileid as string, maxAge: f.max_age as number };
      });
      const env = environment(call, envId);
      return {
        file_list: files.map((f) => perFile(f.fileid, () => ({ download_url: storage.tempUrl(own(env, f.fileid), f.maxAge), status: 0, errmsg: 'ok' }))).map((r) => ({ download_url: '', ...r })),
      };
    }),
    'tcb/batchdeletefile': endpoint((call, b) => {
      const envId = str(b, 'env');
      const ids = list(b, 'fileid_list');
      ids.forEach((x, i) => typeof x === 'string' && x !== '' ? undefined : fail(40097, `fileid_list[${i}] must be a string`));
      const env = environment(call, envId);
      return { delete_list: (ids as string[]).map((fileid) => perFile(fileid, () => storage.delete([own(env, fileid)])[0])) };
    }),
  };
  return new Map(Object.entries(table));
}

function cosError(res: http.ServerResponse, status: number, code: string, message: string, resource: string): void {
  const xml = `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n\t<Code>${code}</Code>\n\t<Message>${escapeXml(message)}</Message>\n\t<Resource>${escapeXml(resource)}</Resource>\n\t<RequestId>${newRid()}</RequestId>\n</Error>\n`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(xml)), server: 'tencent-cos' });
  res.end(xml);
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The body, or null once it passes `max` bytes (the rest is drained, not kept). */
export function readBounded(req: http.IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
    });
    req.on('end', () => resolve(size > max ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The COS-like host: `POST /_cos/<bucket>/<path>` takes the upload form, `GET` with `sign` and `t` serves a file. */
export function cosHost(storage: FileStorage): (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void> {
  return async (req, res, url) => {
    const rest = url.pathname.slice(COS_PREFIX.length);
    const slash = rest.indexOf('/');
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    let cloudPath: string;
    try {
      cloudPath = slash < 0 ? '' : rest.slice(slash + 1).split('/').map(decodeURIComponent).join('/');
    } catch {
      cloudPath = '';
    }
    const env = storage.envOfBucket(bucket);
    const resource = url.pathname;
    if (!env) {
      req.resume();
      return cosError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist.', resource);
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      req.resume();
      if (pathProblem(cloudPath) !== undefined) return cosError(res, 404, 'NoSuchKey', 'The specified key does not exist.', resource);
      const fileID = storage.fileIdOf(env, cloudPath);
      const signed = storage.checkSigned(fileID, url.searchParams.get('sign'), url.searchParams.get('t'));
      if (signed === 'bad') return cosError(res, 403, 'AccessDenied', 'Access Denied.', resource);
      if (signed === 'expired') return cosError(res, 403, 'AccessDenied', 'Request has expired', resource);
      let bytes: Buffer;
      try {
        bytes = storage.download(fileID);
      } catch (e) {
        if (!(e instanceof StorageError)) throw e;
        return cosError(res, 404, 'NoSuchKey', 'The specified key does not exist.', resource);
      }
      const info = storage.stat(fileID);
      res.writeHead(200, { 'content-type': contentTypeOf(cloudPath), 'content-length': String(bytes.length), etag: `"${info.md5}"`, 'last-modified': new Date(info.lastModified).toUTCString(), server: 'tencent-cos' });
      res.end(req.method === 'HEAD' ? undefined : bytes);
      return;
    }
    if (req.method !== 'POST') {
      req.resume();
      return cosError(res, 405, 'MethodNotAllowed', `The specified method ${req.method} is not allowed against this resource.`, resource);
    }
    const boundary = boundaryOf(req.headers['content-type']);
    if (!boundary) {
      req.resume();
      return cosError(res, 400, 'InvalidArgument', 'The upload is a multipart/form-data POST.', resource);
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_FORM_BYTES) {
      req.resume();
      res.setHeader('connection', 'close');
      return cosError(res, 400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed object size (${MAX_FILE_BYTES} bytes).`, resource);
    }
    const body = await readBounded(req, MAX_FORM_BYTES);
    if (body === null) return cosError(res, 400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed object size (${MAX_FILE_BYTES} bytes).`, resource);
    const parts = parseMultipart(body, boundary);
    if (typeof parts === 'string') return cosError(res, 400, 'MalformedPOSTRequest', `The body of your POST request is not well-formed multipart/form-data: ${parts}.`, resource);
    const field = (name: string) => parts.find((p) => p.name.toLowerCase() === name.toLowerCase());
    const text = (name: string) => field(name)?.data.toString('utf8');
    for (const name of ['key', 'Signature', 'x-cos-security-token', 'x-cos-meta-fileid', 'file']) {
      if (!field(name)) return cosError(res, 400, 'InvalidArgument', `The form field ${name} is missing.`, resource);
    }
    const ticket = storage.findTicket(text('x-cos-meta-fileid')!);
    if (ticket === 'expired') return cosError(res, 403, 'AccessDenied', 'Request has expired', resource);
    if (!ticket || ticket.env !== env || ticket.cloudPath !== cloudPath || text('key') !== ticket.cloudPath) {
      return cosError(res, 403, 'AccessDenied', 'The key, bucket or x-cos-meta-fileid does not match a tcb/uploadfile answer.', resource);
    }
    if (!sameSecret(text('x-cos-security-token'), ticket.token)) return cosError(res, 403, 'InvalidAccessKeyId', 'The x-cos-security-token is not the token of tcb/uploadfile.', resource);
    if (!sameSecret(text('Signature'), ticket.authorization)) return cosError(res, 403, 'SignatureDoesNotMatch', 'The Signature you specified does not match the authorization of tcb/uploadfile.', resource);
    const data = field('file')!.data;
    storage.upload(env, cloudPath, data);
    const info = storage.stat(ticket.fileID);
    res.writeHead(204, { etag: `"${info.md5}"`, server: 'tencent-cos' });
    res.end();
  };
}
