// The two requests that go to the storage host instead of WeChat's API: the upload form a
// `tcb/uploadfile` ticket allows, and the download of a signed address. Both addresses come
// from the server, so each is checked first (https, or http on this machine; and only this
// machine while the API itself is the local emulator), redirects are not followed, no access
// token is ever sent there, and downloads are read up to a cap.

import { isLoopback } from '../baseUrl';
import { CancelledError, NetworkError, RedirectError, ResponseTooLargeError } from '../errors';
import { StorageHttpError, StorageUrlRefusedError } from './storageErrors';

/** Files larger than this are not downloaded (an export of a very large collection). */
export const DEFAULT_MAX_DOWNLOAD_BYTES = 256 * 1024 * 1024;

/** The address if the extension may send a request there; else a `StorageUrlRefusedError`. */
export function checkStorageUrl(raw: string, apiBaseUrl: string, endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new StorageUrlRefusedError({ endpoint, what: 'not a URL' });
  }
  const refuse = (why: string) => new StorageUrlRefusedError({ endpoint, what: `${url.protocol}//${url.host}: ${why}` });
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse('not http(s)');
  if (url.username || url.password) throw refuse('carries credentials');
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) throw refuse('plain http to another machine');
  // An emulator on this machine hands out addresses on this machine, never elsewhere.
  if (isLoopback(new URL(apiBaseUrl).hostname) && !isLoopback(url.hostname)) throw refuse('the local emulator points elsewhere');
  return url;
}

function failure(error: unknown, url: URL, signal: AbortSignal | undefined): Error {
  if (signal?.aborted) return new CancelledError({ endpoint: url.host });
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return new NetworkError({ endpoint: url.host, host: url.host, causeCode: cause?.code, detail: cause?.message ?? (error instanceof Error ? error.message : String(error)), retryable: false });
}

function refuseRedirect(response: Response, url: URL): void {
  if (response.status < 300 || response.status >= 400) return;
  let target: string | undefined;
  try {
    target = new URL(response.headers.get('location') ?? '', url).host || undefined;
  } catch {
    target = undefined;
  }
  throw new RedirectError({ endpoint: url.host, status: response.status, targetHost: target });
}

/** Reads a body up to `maxBytes`; a larger one is cut off and refused. */
async function readCapped(response: Response, url: URL, maxBytes: number, signal: AbortSignal | undefined): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw new ResponseTooLargeError({ endpoint: url.host, limitBytes: maxBytes });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new ResponseTooLargeError({ endpoint: url.host, limitBytes: maxBytes });
      }
      chunks.push(Buffer.from(value));
    }
  } catch (error) {
    if (error instanceof ResponseTooLargeError) throw error;
    throw failure(error, url, signal);
  }
  return Buffer.concat(chunks);
}

/** GETs a signed storage address: no token, no redirect, at most `maxBytes`. */
export async function downloadFile(url: URL, options: { signal?: AbortSignal; maxBytes?: number } = {}): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'GET', redirect: 'manual', signal: options.signal });
  } catch (error) {
    throw failure(error, url, options.signal);
  }
  refuseRedirect(response, url);
  if (response.status >= 400) {
    await response.body?.cancel();
    throw new StorageHttpError({ host: url.host, status: response.status, detail: '', upload: false });
  }
  return readCapped(response, url, options.maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES, options.signal);
}

export interface UploadForm {
  /** The cloud path (`key`). */
  key: string;
  /** `authorization` of the ticket (`Signature`). */
  signature: string;
  /** `token` of the ticket (`x-cos-security-token`). */
  securityToken: string;
  /** `cos_file_id` of the ticket (`x-cos-meta-fileid`). */
  cosFileId: string;
  fileName: string;
  bytes: Uint8Array;
}

/** POSTs the COS form a `tcb/uploadfile` ticket allows; a COS XML error becomes its `Code: Message`. */
export async function postUploadForm(url: URL, form: UploadForm, options: { signal?: AbortSignal } = {}): Promise<void> {
  const body = new FormData();
  body.append('key', form.key);
  body.append('Signature', form.signature);
  body.append('x-cos-security-token', form.securityToken);
  body.append('x-cos-meta-fileid', form.cosFileId);
  body.append('file', new Blob([new Uint8Array(form.bytes)]), form.fileName);
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body, redirect: 'manual', signal: options.signal });
  } catch (error) {
    throw failure(error, url, options.signal);
  }
  refuseRedirect(response, url);
  const text = (await readCapped(response, url, 64 * 1024, options.signal)).toString('utf8');
  if (response.status >= 400) throw new StorageHttpError({ host: url.host, status: response.status, detail: cosErrorText(text) || response.statusText, upload: true });
}

/** `<Code>AccessDenied</Code><Message>…</Message>` → `AccessDenied: …`. */
export function cosErrorText(xml: string): string {
  const field = (name: string) => xml.match(new RegExp(`<${name}>([^<]{0,300})</${name}>`))?.[1]?.trim() ?? '';
  return [field('Code'), field('Message')].filter(Boolean).join(': ');
}
