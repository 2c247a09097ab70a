// Deployed code over WeChat's API: `tcb/downloadfunction` (a signed URL to a zip built here,
// with its SHA-256), `tcb/createfunction`, `tcb/getcodesecret`, `tcb/getuploadsignature`,
// the code host those signatures are for (Tencent Cloud SCF's UpdateFunctionCode, under
// /_scf/), and the platform's `componenttcb/batchuploadscfcode` (one zip to many envs).
import type * as http from 'node:http';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Clock } from './clock';
import { envFor, str, type Call, type Endpoint } from './endpoints';
import { CodeStore, functionNameProblem } from './code/codeStore';
import { CodeZipError, MAX_CODE_ZIP_BYTES, unpackZip } from './code/zip';
import { readBounded } from './storageEndpoints';
import type { Faults, TokenKind } from './types';
import { ApiFailure, fail, newRid, newSecret, sameSecret } from './wire';
import type { EnvRecord, World } from './world';

export const CODE_DOWNLOAD_PREFIX = '/_code/';
export const CODE_HOST_PREFIX = '/_scf/';
/** A download URL or an upload signature stays good this long. */
const SIGNED_FOR_MS = 10 * 60_000;
/** The zip as base64 inside a JSON body, with room for the other fields. */
export const MAX_CODE_BODY_BYTES = Math.ceil((MAX_CODE_ZIP_BYTES * 4) / 3) + 64 * 1024;
const KEPT_DOWNLOADS = 16;

type Body = Record<string, unknown>;
const ok = (rest: Body): Body => ({ errcode: 0, errmsg: 'ok', ...rest });
const AUTH: TokenKind[] = ['authorizer'];

export interface CodeDeps {
  world: World;
  store: CodeStore;
  clock: Clock;
  faults: () => Faults;
  baseUrl: () => string;
  /** The project env's workspace folders, which `downloadfunction` zips in live mode. */
  workspaceDir: (env: EnvRecord, name: string) => string | undefined;
}

export interface CodeApi {
  endpoints: Map<string, Endpoint>;
  download: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void>;
  host: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void>;
}

function running(world: World, call: Call, envId: string): EnvRecord {
  const e = envFor(world, call.token, envId);
  if (e.status !== 'NORMAL') fail(-501000, `environment ${e.env} is ${e.status}`);
  return e;
}

function functionName(b: Body, key: string): string {
  const name = str(b, key);
  const problem = functionNameProblem(name);
  if (problem) fail(40097, `${key}: ${problem}`);
  return name;
}

function decodeZip(b: Body, key: string): Buffer {
  const text = str(b, key);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) fail(40097, `${key} must be base64`);
  const zip = Buffer.from(text, 'base64');
  if (zip.length > MAX_CODE_ZIP_BYTES) fail(40097, `${key} is ${zip.length} bytes; the limit is ${MAX_CODE_ZIP_BYTES}`);
  return zip;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const buf = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(buf.length) });
  res.end(buf);
}

export function codeEndpoints(d: CodeDeps): CodeApi {
  const { world, store } = d;
  const signingKey = randomBytes(32);
  const codeSecrets = new Map<string, string>();
  const downloads = new Map<string, { zip: Uint8Array; expiresAt: number }>();
  const codeSecretOf = (appid: string) => {
    let s = codeSecrets.get(appid);
    if (!s) codeSecrets.set(appid, (s = newSecret()));
    return s;
  };
  const sign = (appid: string, timestamp: number, hashed: string) => createHmac('sha256', signingKey).update(`${appid}\n${timestamp}\n${hashed}`).digest('hex');

  /** The zip of what runs (or, in live mode, of the workspace folder the project env runs). */
  const zipOf = (e: EnvRecord, name: string): Uint8Array => {
    const entry = e.functions.get(name);
    if (!entry) fail(-501009, `function ${name} not found in environment ${e.env}`);
    const dir = entry!.local?.dir ?? d.workspaceDir(e, name);
    if (!dir) fail(-501009, `function ${name} of environment ${e.env} is built into the emulator and has no code to download`);
    return store.pack(dir!);
  };

  const table: Record<string, Endpoint> = {
    'tcb/downloadfunction': {
      kinds: AUTH,
      cloud: true,
      handle(call) {
        const b = call.body as Body;
        const e = envFor(world, call.token, str(b, 'env'));
        const name = str(b, 'function_name');
        const zip = zipOf(e, name);
        let checksum = createHash('sha256').update(zip).digest('hex');
        if (d.faults().codeChecksumCorrupt) checksum = `${checksum.slice(0, -1)}${checksum.endsWith('0') ? '1' : '0'}`;
        const id = randomBytes(16).toString('hex');
        downloads.set(id, { zip, expiresAt: d.clock.now() + SIGNED_FOR_MS });
        while (downloads.size > KEPT_DOWNLOADS) downloads.delete(downloads.keys().next().value as string);
        return ok({ url: `${d.baseUrl()}${CODE_DOWNLOAD_PREFIX}${id}/${encodeURIComponent(name)}.zip`, checksum });
      },
    },
    'tcb/createfunction': {
      kinds: AUTH,
      cloud: true,
      handle(call) {
        const b = call.body as Body;
        const e = running(world, call, str(b, 'env'));
        const name = functionName(b, 'function_name');
        if (e.functions.get(name) || store.exists(e.env, name)) fail(-501007, `function ${name} already exists in environment ${e.env}`);
        store.create(e.env, name);
        return ok({});
      },
    },
    'tcb/getcodesecret': {
      kinds: AUTH,
      cloud: true,
      handle(call) {
        return ok({ codesecret: codeSecretOf(call.token!.appid) });
      },
    },
    'tcb/getuploadsignature': {
      kinds: AUTH,
      cloud: true,
      handle(call) {
        const hashed = str(call.body as Body, 'hashed_payload');
        if (!/^[0-9a-f]{64}$/.test(hashed)) fail(40097, 'hashed_payload must be a SHA-256 in lower-case hex');
        const appid = call.token!.appid;
        const timestamp = Math.floor(d.clock.now() / 1000);
        const day = new Date(timestamp * 1000).toISOString().slice(0, 10);
        // WeChat's field table gives the headers as `Key:Value` lines.
        const headers = [
          `Authorization:TC3-HMAC-SHA256 Credential=${appid}/${day}/scf/tc3_request, SignedHeaders=content-type;host, Signature=${sign(appid, timestamp, hashed)}`,
          `X-TC-Timestamp:${timestamp}`,
          'X-TC-Action:UpdateFunctionCode',
          'X-TC-Version:2018-04-16',
          'X-TC-Region:ap-shanghai',
        ].join('\n');
        return ok({ headers });
      },
    },
    'componenttcb/batchuploadscfcode': {
      kinds: ['component'],
      cloud: false,
      maxBody: MAX_CODE_BODY_BYTES,
      handle(call) {
        const b = call.body as Body;
        const name = functionName(b, 'functionname');
        const envs = b.envs;
        if (envs === undefined || envs === null) fail(40101, 'envs');
        if (!Array.isArray(envs) || envs.length === 0 || !envs.every((v) => typeof v === 'string')) fail(40097, 'envs must be a non-empty array of environment ids');
        const zip = decodeZip(b, 'zipfile');
        try {
          unpackZip(zip);
        } catch (e) {
          if (e instanceof CodeZipError) fail(40097, `zipfile: ${e.message}`);
          throw e;
        }
        const failList: Body[] = [];
        for (const envId of new Set(envs as string[])) {
          try {
            const e = running(world, call, envId);
            store.deploy(e.env, name, zip);
          } catch (e) {
            if (!(e instanceof ApiFailure)) throw e;
            failList.push({ env: envId, errcode: e.errcode, errmsg: e.message });
          }
        }
        return ok({ fail_list: failList });
      },
    },
  };

  const download = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    req.resume();
    const id = url.pathname.slice(CODE_DOWNLOAD_PREFIX.length).split('/')[0];
    const kept = downloads.get(id);
    if (req.method !== 'GET' || !kept || kept.expiresAt < d.clock.now()) return sendJson(res, 404, { error: 'no such download, or it expired' });
    res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(kept.zip.length) });
    res.end(kept.zip);
  };

  /** Tencent Cloud API answers: HTTP 200 with `Response.Error` when refused. */
  const tcError = (res: http.ServerResponse, code: string, message: string) => sendJson(res, 200, { Response: { Error: { Code: code, Message: message }, RequestId: newRid() } });

  const host = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      req.resume();
      return tcError(res, 'UnsupportedOperation', 'the code host takes POST');
    }
    const raw = await readBounded(req, MAX_CODE_BODY_BYTES);
    if (raw === null) return tcError(res, 'InvalidParameterValue.ZipFile', `the body is larger than ${MAX_CODE_BODY_BYTES} bytes`);
    const auth = String(req.headers.authorization ?? '');
    const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/[^,]*, SignedHeaders=[^,]*, Signature=([0-9a-f]{64})$/.exec(auth);
    const timestamp = Number(req.headers['x-tc-timestamp']);
    if (!m || !Number.isInteger(timestamp)) return tcError(res, 'AuthFailure.SignatureFailure', 'the Authorization or X-TC-Timestamp header is missing or malformed');
    if (Math.abs(d.clock.now() - timestamp * 1000) > SIGNED_FOR_MS) return tcError(res, 'AuthFailure.SignatureExpire', 'the signature has expired');
    if (req.headers['x-tc-action'] !== 'UpdateFunctionCode') return tcError(res, 'InvalidAction', 'X-TC-Action must be UpdateFunctionCode');
    const appid = m[1];
    const hashed = createHash('sha256').update(raw).digest('hex');
    if (!sameSecret(m[2], sign(appid, timestamp, hashed))) return tcError(res, 'AuthFailure.SignatureFailure', 'the signature does not match the request body');
    let body: Body;
    try {
      body = JSON.parse(raw.toString('utf8')) as Body;
    } catch {
      return tcError(res, 'InvalidParameter', 'the body is not JSON');
    }
    if (!body || typeof body !== 'object') return tcError(res, 'InvalidParameter', 'the body is not a JSON object');
    if (!sameSecret(body.CodeSecret, codeSecretOf(appid))) return tcError(res, 'AuthFailure.SecretIdNotFound', 'CodeSecret is not this mini program’s code secret');
    try {
      const e = running(world, { token: { kind: 'authorizer', appid } } as Call, str(body, 'EnvId'));
      const name = functionName(body, 'FunctionName');
      if (!e.functions.get(name) && !store.exists(e.env, name)) return tcError(res, 'ResourceNotFound.Function', `function ${name} not found in environment ${e.env}`);
      store.deploy(e.env, name, decodeZip(body, 'ZipFile'));
      return sendJson(res, 200, { Response: { RequestId: newRid() } });
    } catch (e) {
      if (e instanceof ApiFailure) return tcError(res, 'InvalidParameterValue', e.message);
      if (e instanceof CodeZipError) return tcError(res, 'InvalidParameterValue.ZipFile', e.message);
      throw e;
    }
  };

  return { endpoints: new Map(Object.entries(table)), download, host };
}
