// The two requests of deployed code that do not go to WeChat's API: fetching the signed zip
// URL and posting the upload to the code host. Both refuse plain http off this machine, never
// follow a redirect, and read a bounded answer.
import { isLoopback } from '../baseUrl';
import { CancelledError, NetworkError, TimeoutError } from '../errors';
import { CodeError } from './codeErrors';

const TIMEOUT_MS = 120_000;

/** `https:`, or `http:` to this machine only (the local emulator). */
export function checkCodeUrl(value: string, functionName: string, endpoint: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const ok = url && !url.username && !url.password && (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname)));
  if (!ok) throw new CodeError({ endpoint, messageKey: 'codeUrlRefused', messageArgs: [functionName], category: 'setup' });
  return url!;
}

async function send(url: URL, init: RequestInit, endpoint: string, signal: AbortSignal | undefined): Promise<Response> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    return await fetch(url, { ...init, redirect: 'manual', signal: combined });
  } catch (error) {
    if (signal?.aborted) throw new CancelledError({ endpoint });
    if (timeout.aborted) throw new TimeoutError({ endpoint, timeoutMs: TIMEOUT_MS });
    throw new NetworkError({ endpoint, host: url.host, detail: error instanceof Error ? error.message : String(error), retryable: false });
  }
}

/** Reads at most `limit` bytes; a larger declared or actual body is refused unread (or cut off). */
async function readCapped(response: Response, limit: number, functionName: string, endpoint: string): Promise<Uint8Array> {
  const tooLarge = (size: number) => new CodeError({ endpoint, messageKey: 'codeZipTooLarge', messageArgs: [functionName, size, limit] });
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await response.body?.cancel();
    throw tooLarge(declared);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let part = await reader?.read(); reader && part && !part.done; part = await reader.read()) {
    size += part.value.length;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(size);
    }
    chunks.push(part.value);
  }
  return Buffer.concat(chunks);
}

export async function fetchZip(url: string, functionName: string, limit: number, signal?: AbortSignal): Promise<Uint8Array> {
  const endpoint = 'tcb/downloadfunction';
  const target = checkCodeUrl(url, functionName, endpoint);
  const response = await send(target, { method: 'GET' }, endpoint, signal);
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new CodeError({ endpoint, messageKey: 'codeHttpStatus', messageArgs: [response.status, functionName], category: 'server' });
  }
  return readCapped(response, limit, functionName, endpoint);
}

/**
 * Posts the upload body to the code host with the signed headers; resolves when it accepted
 * it. Tencent Cloud answers HTTP 200 with `Response.Error` when it refuses.
 */
export async function postToCodeHost(hostUrl: string, bodyText: string, headers: Record<string, string>, functionName: string, secrets: string[], signal?: AbortSignal): Promise<void> {
  const endpoint = 'code host';
  const target = checkCodeUrl(hostUrl, functionName, endpoint);
  const response = await send(target, { method: 'POST', body: bodyText, headers: { ...headers, 'content-type': 'application/json' } }, endpoint, signal);
  const text = new TextDecoder().decode(await readCapped(response, 1024 * 1024, functionName, endpoint));
  let answer: { Response?: { Error?: { Code?: unknown; Message?: unknown } } } | undefined;
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    answer = undefined;
  }
  const refused = answer?.Response?.Error;
  if (response.status !== 200 || !answer?.Response) {
    throw new CodeError({ endpoint, messageKey: 'codeHttpStatus', messageArgs: [response.status, functionName], category: 'server' });
  }
  if (refused) {
    throw new CodeError({ endpoint, messageKey: 'codeHostRefused', messageArgs: [functionName, String(refused.Message ?? ''), String(refused.Code ?? '')], category: 'server', secrets });
  }
}
