// Deployed code through WeChat's API, built on `WxCloudClient.read`/`write`: download and
// verify a function's code, deploy a zip to one environment (authorizer token: create when
// missing, code secret, upload signature, the code host) or to many (the platform's batch).
import type { WxCloudClient } from '../client';
import { ENDPOINTS } from '../endpoints';
import { WxCloudError } from '../errors';
import { CodeError, DeployStepError, type DeployStep } from './codeErrors';
import { DEFAULT_LIMITS, sha256Hex, unpackCode, verifyChecksum, type CodeFiles, type CodeLimits } from './codeZip';
import { fetchZip, postToCodeHost } from './codeTransfer';

export interface DeployedCode {
  files: CodeFiles;
  zipBytes: number;
  checksum: string;
}

function field(body: Record<string, unknown>, endpoint: string, ...keys: string[]): unknown {
  for (const key of keys) if (body[key] !== undefined && body[key] !== null && body[key] !== '') return body[key];
  throw new CodeError({ endpoint, messageKey: 'codeAnswerMissing', messageArgs: [endpoint, keys[0]], category: 'server' });
}

function text(body: Record<string, unknown>, endpoint: string, ...keys: string[]): string {
  const value = field(body, endpoint, ...keys);
  if (typeof value !== 'string') throw new CodeError({ endpoint, messageKey: 'codeAnswerMissing', messageArgs: [endpoint, keys[0]], category: 'server' });
  return value;
}

/** Downloads a function's code, checks its SHA-256 against WeChat's, then unpacks it; nothing is returned on a mismatch. */
export async function downloadCode(
  client: WxCloudClient,
  options: { env: string; functionName: string; signal?: AbortSignal; limits?: CodeLimits },
): Promise<DeployedCode> {
  const { env, functionName, signal } = options;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const spec = ENDPOINTS.downloadFunction;
  const link = await client.read(spec, { env, function_name: functionName }, { signal, fresh: true }, (b) => ({
    url: text(b, spec.path, 'url', 'download_url'),
    checksum: text(b, spec.path, 'checksum', 'code_sha256'),
  }));
  const zip = await fetchZip(link.url, functionName, limits.maxZipBytes, signal);
  verifyChecksum(functionName, zip, link.checksum);
  return { files: unpackCode(functionName, zip, limits), zipBytes: zip.length, checksum: link.checksum.toLowerCase() };
}

/** `headers` of `tcb/getuploadsignature`: `Key:Value` lines (WeChat's field table) or an object (SDK code). */
export function parseSignedHeaders(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value === 'string') {
    for (const line of value.split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      out[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
  } else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value)) if (typeof v === 'string' || typeof v === 'number') out[key] = String(v);
  }
  return out;
}

export interface DeployOptions {
  env: string;
  functionName: string;
  zip: Uint8Array;
  /** Whether the function exists already; `tcb/createfunction` is called when it does not. */
  exists: boolean;
  /** Where the signed upload goes (Tencent Cloud SCF, or the emulator). */
  codeHostUrl: string;
  handler?: string;
  signal?: AbortSignal;
  /** Told before each step starts, for progress. */
  onStep?: (step: DeployStep) => void;
}

async function step<T>(name: DeployStep, functionName: string, onStep: ((s: DeployStep) => void) | undefined, run: () => Promise<T>): Promise<T> {
  onStep?.(name);
  try {
    return await run();
  } catch (error) {
    // A cancel stays a cancel, so nothing is shown for it.
    if (error instanceof WxCloudError && error.code === 'CANCELLED') throw error;
    throw new DeployStepError(name, functionName, error);
  }
}

/** Deploys a zip to one environment with an authorizer token; a failure names its step. */
export async function deployToEnvironment(client: WxCloudClient, o: DeployOptions): Promise<void> {
  const { env, functionName, signal, onStep } = o;
  if (!o.exists) {
    await step('createFunction', functionName, onStep, () => client.write(ENDPOINTS.createFunction, { env, function_name: functionName }, { signal }));
  }
  const codeSecret = await step('getCodeSecret', functionName, onStep, () =>
    client.read(ENDPOINTS.getCodeSecret, { env }, { signal, fresh: true }, (b) => text(b, ENDPOINTS.getCodeSecret.path, 'codesecret', 'code_secret', 'CodeSecret')),
  );
  const bodyText = JSON.stringify({ CodeSecret: codeSecret, EnvId: env, FunctionName: functionName, Handler: o.handler ?? 'index.main', ZipFile: Buffer.from(o.zip).toString('base64') });
  const headers = await step('getUploadSignature', functionName, onStep, () =>
    client.read(ENDPOINTS.getUploadSignature, { hashed_payload: sha256Hex(Buffer.from(bodyText, 'utf8')) }, { signal, fresh: true }, (b) => {
      const parsed = parseSignedHeaders(field(b, ENDPOINTS.getUploadSignature.path, 'headers'));
      if (Object.keys(parsed).length === 0) throw new CodeError({ endpoint: ENDPOINTS.getUploadSignature.path, messageKey: 'codeAnswerMissing', messageArgs: [ENDPOINTS.getUploadSignature.path, 'headers'], category: 'server' });
      return parsed;
    }),
  );
  await step('upload', functionName, onStep, () => postToCodeHost(o.codeHostUrl, bodyText, headers, functionName, [codeSecret], signal));
}

export interface BatchOutcome {
  env: string;
  ok: boolean;
  errcode?: number;
  errmsg?: string;
}

function failures(body: Record<string, unknown>): Array<{ env: string; errcode?: number; errmsg?: string }> {
  const list = body.fail_list ?? body.failed_list ?? body.fail_env_list ?? body.FailList ?? [];
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    if (typeof item === 'string') return [{ env: item }];
    if (!item || typeof item !== 'object') return [];
    const o = item as Record<string, unknown>;
    const env = o.env ?? o.env_id ?? o.EnvId;
    if (typeof env !== 'string') return [];
    return [{ env, errcode: typeof o.errcode === 'number' ? o.errcode : undefined, errmsg: typeof o.errmsg === 'string' ? o.errmsg : typeof o.err_msg === 'string' ? o.err_msg : undefined }];
  });
}

/** One zip to many of the platform's environments (`componenttcb/batchuploadscfcode`): an outcome per environment. */
export async function deployToEnvironments(
  client: WxCloudClient,
  o: { envs: string[]; functionName: string; zip: Uint8Array; signal?: AbortSignal },
): Promise<BatchOutcome[]> {
  const answer = await step('batchUpload', o.functionName, undefined, () =>
    client.write(ENDPOINTS.componentBatchUploadCode, { functionname: o.functionName, envs: o.envs, zipfile: Buffer.from(o.zip).toString('base64') }, { signal: o.signal }),
  );
  const failed = new Map(failures(answer.body).map((f) => [f.env, f]));
  return o.envs.map((env) => {
    const f = failed.get(env);
    return f ? { env, ok: false, errcode: f.errcode, errmsg: f.errmsg } : { env, ok: true };
  });
}
