// The HTTP edge. Every WeChat call is a POST with a JSON body and the token in the query.
// Bodies are read as text, up to a cap, and parsed here, so an HTML error page, a truncated
// body, plain text or an endless answer becomes a typed error instead of a parse exception
// or a full heap; every failure leaves as a WxCloudError whose message and URL are redacted.
// Redirects are refused, never followed: the token and the AppSecret must not travel to
// whatever host a `Location` names. Reads are retried with backoff; invoke never is,
// because it may already have run.

import { ofetch, type $Fetch } from 'ofetch';
import type { EndpointMode, EndpointSpec } from './endpoints';
import {
  ApiError,
  CancelledError,
  InvokeMayHaveRunError,
  NetworkError,
  RedirectError,
  ResponseTooLargeError,
  TimeoutError,
  WxCloudError,
} from './errors';
import { raceSignal, sleep } from './abort';
import { redactSecrets } from './redact';
import { errcodeOf, parseAnswer } from './wireAnswer';

export interface RequestLogEvent {
  endpoint: string;
  /** With every token replaced by `***`. */
  url: string;
  method: 'POST';
  status?: number;
  errcode?: number;
  durationMs: number;
  /** 1 for the first try. */
  attempt: number;
  /** The redacted message of the error this attempt ended with. */
  error?: string;
}

export interface RequestLogger {
  onRequest(event: RequestLogEvent): void;
}

export interface RetryOptions {
  /** Tries in all, including the first. Default 3. */
  maxAttempts?: number;
  /** Delay before the second try; doubled each time, then jittered. Default 250 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** The most bytes of an answer read before giving up with `ResponseTooLargeError`. */
export interface AnswerLimits {
  /** Reads and token endpoints. Default 4 MiB. */
  read?: number;
  /** Invoke, whose `resp_data` can be large. Default 16 MiB. */
  invoke?: number;
}

export interface TransportOptions {
  /** `https://api.weixin.qq.com`, or the local emulator's URL. */
  baseUrl: string;
  logger?: RequestLogger;
  readTimeoutMs?: number;
  invokeTimeoutMs?: number;
  retry?: RetryOptions;
  maxAnswerBytes?: AnswerLimits;
  /** For tests: the jitter source. */
  random?: () => number;
  /** For tests: waits between tries (the caller's signal cancels the wait either way). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** For tests: the clock that measures `durationMs`, in milliseconds. */
  clock?: () => number;
}

export interface PostRequest {
  endpoint: EndpointSpec;
  /** Sent as the endpoint's token query parameter. */
  token?: string;
  /** Extra query parameters (invoke's `env` and `name`); URL-encoded here. */
  query?: Readonly<Record<string, string>>;
  /** The JSON body, already serialised, so the caller decides exactly what crosses the wire. */
  bodyText: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Values that must never appear in an error or a log line (body secrets; the token is added). */
  secrets?: readonly (string | undefined)[];
  /** For invoke: the function's name, used in "may have run" messages. */
  functionName?: string;
}

export interface PostResponse {
  body: Record<string, unknown>;
  headers: Headers;
  status: number;
  /** Of the attempt that answered. */
  durationMs: number;
  attempts: number;
}

export const DEFAULT_READ_TIMEOUT_MS = 10_000;
export const DEFAULT_INVOKE_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_READ_ANSWER_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_INVOKE_ANSWER_BYTES = 16 * 1024 * 1024;

const fetchers = new Map<string, $Fetch>();

/** Invokes and writes change something: once they may have reached the server they are never sent again. */
function sentOnce(mode: EndpointMode): boolean {
  return mode === 'invoke' || mode === 'write';
}

/** One ofetch instance per base URL, shared by every client that talks to it. */
export function fetcherFor(baseUrl: string): $Fetch {
  const key = normaliseBaseUrl(baseUrl);
  let fetcher = fetchers.get(key);
  if (!fetcher) {
    // ofetch's own retry and timeout are off: this module decides both, per endpoint mode.
    fetcher = ofetch.create({ baseURL: key, retry: false, ignoreResponseError: true });
    fetchers.set(key, fetcher);
  }
  return fetcher;
}

export class HttpTransport {
  readonly baseUrl: string;
  private readonly fetcher: $Fetch;
  private readonly retry: Required<RetryOptions>;
  private readonly limits: Required<AnswerLimits>;
  private readonly clock: () => number;

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = normaliseBaseUrl(options.baseUrl);
    this.fetcher = fetcherFor(this.baseUrl);
    this.retry = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 2_000, ...options.retry };
    this.limits = { read: DEFAULT_MAX_READ_ANSWER_BYTES, invoke: DEFAULT_MAX_INVOKE_ANSWER_BYTES, ...options.maxAnswerBytes };
    this.clock = options.clock ?? (() => performance.now());
  }

  async post(request: PostRequest): Promise<PostResponse> {
    const { endpoint } = request;
    const maxAttempts = sentOnce(endpoint.mode) ? 1 : Math.max(1, this.retry.maxAttempts);
    const secrets = [request.token, ...(request.secrets ?? [])];
    for (let attempt = 1; ; attempt++) {
      try {
        return { ...(await this.attempt(request, attempt, secrets)), attempts: attempt };
      } catch (error) {
        if (!(error instanceof WxCloudError) || !error.retryable || attempt >= maxAttempts) throw error;
        const cancelled = () => new CancelledError({ endpoint: endpoint.path });
        const wait = this.options.sleep ?? ((ms: number, signal?: AbortSignal) => sleep(ms, signal, cancelled));
        await raceSignal(wait(this.backoffMs(attempt), request.signal), request.signal, cancelled);
      }
    }
  }

  private async attempt(request: PostRequest, attempt: number, secrets: readonly (string | undefined)[]): Promise<Omit<PostResponse, 'attempts'>> {
    const { endpoint, signal } = request;
    const path = pathWithQuery(request);
    const timeoutMs = request.timeoutMs ?? (endpoint.mode === 'invoke' ? this.options.invokeTimeoutMs ?? DEFAULT_INVOKE_TIMEOUT_MS : this.options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS);
    if (signal?.aborted) throw this.cancelled(request);

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const forwardAbort = () => controller.abort();
    signal?.addEventListener('abort', forwardAbort, { once: true });

    const started = this.clock();
    const log: Omit<RequestLogEvent, 'durationMs'> = {
      endpoint: endpoint.path,
      url: redactSecrets(`${this.baseUrl}/${path}`, secrets),
      method: 'POST',
      attempt,
    };
    const neverRetry = sentOnce(endpoint.mode);
    try {
      const response = await this.fetcher.raw<ReadableStream<Uint8Array> | undefined, 'stream'>(path, {
        method: 'POST',
        body: request.bodyText,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        responseType: 'stream',
        redirect: 'manual',
        signal: controller.signal,
      });
      log.status = response.status;
      if (response.status >= 300 && response.status < 400) {
        await response._data?.cancel().catch(() => undefined);
        throw new RedirectError({ endpoint: endpoint.path, status: response.status, targetHost: hostOfLocation(response.headers.get('location'), `${this.baseUrl}/${endpoint.path}`) });
      }
      const limitBytes = this.limitFor(endpoint.mode);
      const tooLarge = () => new ResponseTooLargeError({ endpoint: endpoint.path, limitBytes, functionName: neverRetry ? (request.functionName ?? '') : undefined });
      const text = await readCapped(response._data, response.headers.get('content-length'), limitBytes, tooLarge);
      const body = parseAnswer(endpoint.path, response.status, response.statusText, text, { neverRetry });
      const errcode = errcodeOf(endpoint.path, body, { neverRetry });
      log.errcode = errcode;
      if (errcode !== 0) {
        throw new ApiError({ errcode, errmsg: String(body.errmsg ?? ''), endpoint: endpoint.path, secrets, headers: response.headers, neverRetry });
      }
      const durationMs = this.clock() - started;
      this.emit({ ...log, durationMs });
      return { body, headers: response.headers, status: response.status, durationMs };
    } catch (thrown) {
      // Whatever is left of the answer (a refused redirect's or an oversized body) is not read.
      controller.abort();
      const error = thrown instanceof WxCloudError ? thrown : this.classifyFailure(thrown, request, { timedOut, timeoutMs, secrets });
      this.emit({ ...log, durationMs: this.clock() - started, error: error.message });
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forwardAbort);
    }
  }

  /** Turns what fetch threw (abort, timeout, socket error) into the typed error for it. */
  private classifyFailure(thrown: unknown, request: PostRequest, state: { timedOut: boolean; timeoutMs: number; secrets: readonly (string | undefined)[] }): WxCloudError {
    const endpoint = request.endpoint.path;
    const invoke = request.endpoint.mode === 'invoke';
    const functionName = request.functionName ?? '';
    if (request.signal?.aborted) return this.cancelled(request);
    if (state.timedOut) {
      return invoke
        ? new InvokeMayHaveRunError({ endpoint, functionName, reason: 'timeout', timeoutMs: state.timeoutMs })
        : new TimeoutError({ endpoint, timeoutMs: state.timeoutMs });
    }
    const { code, message } = innermostCause(thrown);
    const neverSent = code !== undefined && NOT_SENT_CODES.has(code);
    if (invoke && !neverSent) return new InvokeMayHaveRunError({ endpoint, functionName, reason: 'network', timeoutMs: state.timeoutMs });
    return new NetworkError({
      endpoint,
      host: hostOf(this.baseUrl),
      causeCode: code,
      // Only the innermost cause's text, redacted: ofetch's own message embeds the full URL.
      detail: redactSecrets(message, state.secrets),
      retryable: !neverSent,
    });
  }

  private cancelled(request: PostRequest): CancelledError {
    return new CancelledError({ endpoint: request.endpoint.path, functionName: request.endpoint.mode === 'invoke' ? request.functionName : undefined });
  }

  private limitFor(mode: EndpointMode): number {
    return mode === 'invoke' ? this.limits.invoke : this.limits.read;
  }

  private backoffMs(attempt: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    const random = this.options.random ?? Math.random;
    // "Equal jitter": at least half the delay, so retries never bunch up at zero.
    return ceiling / 2 + random() * (ceiling / 2);
  }

  private emit(event: RequestLogEvent): void {
    try {
      this.options.logger?.onRequest(event);
    } catch {
      // A broken logger must not break the call it is watching.
    }
  }
}

/**
 * Failures that prove nothing reached the server: safe to report as plain network errors
 * even on invoke. Anything else after connecting (reset, closed) may have been processed.
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function innermostCause(thrown: unknown): { code?: string; message: string } {
  let current: unknown = thrown;
  let code: string | undefined;
  let message = thrown instanceof Error ? thrown.message : String(thrown);
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    const candidate = (current as { code?: unknown }).code;
    if (typeof candidate === 'string') code = candidate;
    message = current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return { code, message };
}

/**
 * The body as text, refusing it before reading when `content-length` is over the limit, and
 * stopping the read as soon as more than `limitBytes` arrived (a chunked answer has no length).
 */
async function readCapped(stream: ReadableStream<Uint8Array> | undefined, contentLength: string | null, limitBytes: number, tooLarge: () => Error): Promise<string> {
  if (!stream) return '';
  const declared = contentLength === null ? NaN : Number(contentLength);
  if (declared > limitBytes) {
    await stream.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The host a redirect points at, never its path or query (which may echo the token). */
function hostOfLocation(location: string | null, requestUrl: string): string | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, requestUrl).host || undefined;
  } catch {
    return undefined;
  }
}

function pathWithQuery(request: PostRequest): string {
  const params: string[] = [];
  if (request.endpoint.tokenParam && request.token !== undefined) {
    params.push(`${request.endpoint.tokenParam}=${encodeURIComponent(request.token)}`);
  }
  for (const [key, value] of Object.entries(request.query ?? {})) {
    params.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  }
  return params.length ? `${request.endpoint.path}?${params.join('&')}` : request.endpoint.path;
}

function normaliseBaseUrl(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '');
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}
