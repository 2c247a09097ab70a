// One client per acting identity: a mini program (mp token), an authorizer, or a platform
// (component token). It picks the token kind each endpoint accepts, refreshes a rejected
// token once, shares identical reads in flight, caches them briefly, and returns the
// normalised model. Nothing above it sees a raw response.

import { ENDPOINTS, acceptedKinds, chooseTokenKind, type EndpointId, type EndpointSpec, type KindChoice } from './endpoints';
import { ApiError, CancelledError, HttpError, InvalidInputError, InvokeMayHaveRunError, TOKEN_KIND_LABELS, TokenKindError, TokenSourceError, ridOf } from './errors';
import { HttpTransport, type PostResponse, type TransportOptions } from './http';
import { MAX_EVENT_BYTES, eventByteSize } from './jsonEvent';
import { ERRCODES } from './messages';
import {
  decodeLogsHeader,
  jsonText,
  listOf,
  toAuthorizerInfo,
  toEnvInfo,
  toFunctionInfo,
  toStaticWebsite,
  toTrigger,
  totalCount,
} from './normalize';
import { readAllPages } from './paging';
import { ReadCache } from './readCache';
import { SingleFlight } from './singleFlight';
import { TOKEN_REFRESH_ERRCODES, type TokenSource } from './tokens/tokenSource';
import type {
  AuthorizerPage,
  EnvInfo,
  FunctionConfig,
  FunctionConfigType,
  FunctionPage,
  InvokeResult,
  StaticWebsite,
  TokenKind,
  Trigger,
} from './types';

/** The token sources an identity can supply, by kind. */
export type Credentials = Partial<Record<TokenKind, TokenSource>>;

export interface ClientOptions extends Omit<TransportOptions, 'baseUrl'> {
  baseUrl: string;
  /** Names the acting identity (an AppID); part of every cache key. */
  identity: string;
  credentials: Credentials;
  /** How long successful reads are reused. Default 30 s; 0 turns the cache off. */
  cacheTtlMs?: number;
  /** Share one cache between clients of the same identity (keys include the identity). */
  cache?: ReadCache;
  now?: () => number;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Bypass the cache and any request already in flight: always ask the server. */
  fresh?: boolean;
}

export interface InvokeOptions {
  env: string;
  name: string;
  /** Sent as the body, which the function receives as `event`. `{}` when omitted. */
  event?: unknown;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Invoke Locally: asks the local emulator for the workspace's copy, whatever is deployed there (`code=workspace`). */
  workspaceCode?: boolean;
}

export const DEFAULT_CACHE_TTL_MS = 30_000;
/**
 * Pages fetched at once after the first. Six keeps a 2,000-function listing (20 pages) to
 * 1 + 4 round trips while staying far below WeChat's per-minute limits (45011).
 */
export const DEFAULT_LIST_CONCURRENCY = 6;
/** `api_get_authorizer_list` takes at most 500 per page. */
export const MAX_AUTHORIZER_PAGE = 500;

export class WxCloudClient {
  readonly identity: string;
  /** The kinds this identity can supply. */
  readonly kinds: readonly TokenKind[];
  readonly transport: HttpTransport;
  private readonly credentials: Credentials;
  private readonly cache: ReadCache;
  private readonly cacheTtlMs: number;
  private readonly reads = new SingleFlight<unknown>();

  constructor(options: ClientOptions) {
    this.identity = options.identity;
    this.credentials = { ...options.credentials };
    this.kinds = (Object.keys(this.credentials) as TokenKind[]).filter((kind) => this.credentials[kind] !== undefined);
    this.transport = new HttpTransport(options);
    this.cache = options.cache ?? new ReadCache(options.now);
    this.cacheTtlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  }

  /** Which kind this identity would send to an endpoint; undefined when it cannot call it. */
  tokenKindFor(endpoint: EndpointId): KindChoice | undefined {
    return chooseTokenKind(ENDPOINTS[endpoint], this.kinds);
  }

  /** The mini program's environments (`tcb/getenvinfo`); all of them when `env` is omitted. */
  getEnvInfo(options: CallOptions & { env?: string } = {}): Promise<EnvInfo[]> {
    const body = options.env === undefined ? {} : { env: options.env };
    return this.read(ENDPOINTS.getEnvInfo, body, options, (b) => listOf(b, 'info_list').map(toEnvInfo));
  }

  /** The platform's own environments (batch mode, component token). */
  describeEnvs(options: CallOptions = {}): Promise<EnvInfo[]> {
    return this.read(ENDPOINTS.describeEnvs, {}, options, (b) => listOf(b, 'info_list').map(toEnvInfo));
  }

  listFunctions(options: CallOptions & { env: string; limit?: number; offset?: number }): Promise<FunctionPage> {
    const body = { env: options.env, limit: options.limit ?? 20, offset: options.offset ?? 0 };
    return this.read(ENDPOINTS.listFunctions, body, options, (b) => {
      const functions = listOf(b, 'functions').map(toFunctionInfo);
      return { totalCount: totalCount(b, functions.length), functions };
    });
  }

  /** Every function: the first page, then the rest concurrently (at most `concurrency` at once), in order. */
  async listAllFunctions(options: CallOptions & { env: string; pageSize?: number; concurrency?: number }): Promise<FunctionPage> {
    const { env, signal, fresh } = options;
    const all = await readAllPages(
      async (offset, limit) => {
        const page = await this.listFunctions({ env, offset, limit, signal, fresh });
        return { total: page.totalCount, items: page.functions };
      },
      options.pageSize ?? 100,
      options.concurrency ?? DEFAULT_LIST_CONCURRENCY,
    );
    return { totalCount: all.total, functions: all.items };
  }

  getFunctionConfig(options: CallOptions & { env: string; functionName: string; type: FunctionConfigType }): Promise<FunctionConfig> {
    const body = { type: options.type, env: options.env, function_name: options.functionName };
    return this.read(ENDPOINTS.getFunctionConfig, body, options, (b) => ({ type: options.type, ...jsonText(b.config) }));
  }

  getTriggers(options: CallOptions & { env: string; functionName: string }): Promise<Trigger[]> {
    const body = { env: options.env, funcname: options.functionName };
    return this.read(ENDPOINTS.getTriggers, body, options, (b) => listOf(b, 'triggers').map(toTrigger));
  }

  describeStaticWebsite(options: CallOptions & { env: string }): Promise<StaticWebsite[]> {
    return this.read(ENDPOINTS.describeStaticWebsite, { env: options.env }, options, (b) => listOf(b, 'data', 'Data').map(toStaticWebsite));
  }

  getAuthorizerList(options: CallOptions & { componentAppid: string; offset?: number; count?: number }): Promise<AuthorizerPage> {
    const count = Math.min(Math.max(1, options.count ?? MAX_AUTHORIZER_PAGE), MAX_AUTHORIZER_PAGE);
    const body = { component_appid: options.componentAppid, offset: options.offset ?? 0, count };
    return this.read(ENDPOINTS.authorizerList, body, options, (b) => {
      const list = listOf(b, 'list').map(toAuthorizerInfo);
      return { totalCount: totalCount(b, list.length), list };
    });
  }

  async listAllAuthorizers(options: CallOptions & { componentAppid: string; pageSize?: number; concurrency?: number }): Promise<AuthorizerPage> {
    const { componentAppid, signal, fresh } = options;
    const all = await readAllPages(
      async (offset, count) => {
        const page = await this.getAuthorizerList({ componentAppid, offset, count, signal, fresh });
        return { total: page.totalCount, items: page.list };
      },
      Math.min(options.pageSize ?? MAX_AUTHORIZER_PAGE, MAX_AUTHORIZER_PAGE),
      options.concurrency ?? 2,
    );
    return { totalCount: all.total, list: all.items };
  }

  /**
   * Runs a cloud function. Never cached, never shared, never retried after it may have
   * reached the server: only an auth rejection (the call was refused before it ran) is
   * retried, once, with a renewed token. Every failure that leaves here has `retryable:
   * false`; those after which the function may have run say so (`InvokeMayHaveRunError`).
   */
  async invoke(options: InvokeOptions): Promise<InvokeResult> {
    const spec = ENDPOINTS.invokeCloudFunction;
    const bodyText = options.event === undefined ? '{}' : JSON.stringify(options.event);
    if (typeof bodyText !== 'string') throw new InvalidInputError({ endpoint: spec.path, messageKey: 'eventNotJson' });
    const bytes = eventByteSize(bodyText);
    if (bytes > MAX_EVENT_BYTES) throw new InvalidInputError({ endpoint: spec.path, messageKey: 'eventTooLarge', messageArgs: [bytes, MAX_EVENT_BYTES] });
    let answer: PostResponse;
    try {
      answer = await this.send(spec, bodyText, {
        signal: options.signal,
        query: { env: options.env, name: options.name, ...(options.workspaceCode ? { code: 'workspace' } : {}) },
        functionName: options.name,
        timeoutMs: options.timeoutMs,
      });
    } catch (error) {
      // A function that threw or timed out still printed something: keep it with the error.
      if (error instanceof ApiError) error.logs = decodeLogsHeader(error.headers?.get('x-wxcloud-logs') ?? null);
      // A gateway that gave up (502, 504) did so after the request reached it: the function may have run.
      if (error instanceof HttpError && (error.status === 502 || error.status === 504)) {
        throw new InvokeMayHaveRunError({ endpoint: spec.path, functionName: options.name, reason: 'gateway', status: error.status });
      }
      // "System busy" or "system error" (-1, -1000), which a read would retry, does not say
      // whether the function ran.
      if (error instanceof ApiError && ERRCODES.get(error.code)?.retryable) {
        throw new InvokeMayHaveRunError({ endpoint: spec.path, functionName: options.name, reason: 'busy', errcode: error.code, rid: error.rid });
      }
      throw error;
    }
    const errmsg = typeof answer.body.errmsg === 'string' ? answer.body.errmsg : '';
    const result: InvokeResult = { ...jsonText(answer.body.resp_data), errmsg, durationMs: answer.durationMs };
    const rid = ridOf(errmsg) ?? answer.headers.get('x-wxcloud-rid') ?? undefined;
    if (rid) result.rid = rid;
    const logs = decodeLogsHeader(answer.headers.get('x-wxcloud-logs'));
    if (logs) result.logs = logs;
    return result;
  }

  /**
   * A call that changes the cloud (a document, a config, code): sent once, never cached or
   * shared, and afterwards this identity's cached reads are dropped, so what it changed
   * reads fresh. Answers the raw body for the feature module that made the request.
   */
  async write(spec: EndpointSpec, body: object, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<PostResponse> {
    try {
      return await this.send(spec, JSON.stringify(body), options);
    } finally {
      this.cache.invalidate(`${this.identity}\n`);
    }
  }

  /**
   * A read sent every time and answered raw, with its duration and headers: for reads whose
   * timing and `rid` the user sees (database queries), and data edited under us.
   */
  readRaw(spec: EndpointSpec, body: object, options: { signal?: AbortSignal } = {}): Promise<PostResponse> {
    return this.send(spec, JSON.stringify(body), { signal: options.signal });
  }

  /**
   * A read of any endpoint through the cache and the in-flight sharing; `normalise` turns
   * the body into the model. The feature modules (database, code, platform) build on it.
   */
  async read<T>(spec: EndpointSpec, body: object, options: CallOptions, normalise: (body: Record<string, unknown>) => T): Promise<T> {
    this.requireKind(spec);
    const bodyText = JSON.stringify(body);
    const key = `${this.identity}\n${spec.path}\n${bodyText}`;
    if (!options.fresh) {
      const hit = this.cache.get(key);
      if (hit !== undefined) return structuredClone(hit) as T;
    }
    const generation = this.cache.currentGeneration;
    const value = await this.reads.run(
      key,
      async (signal) => {
        const answer = await this.send(spec, bodyText, { signal });
        const normalised = normalise(answer.body);
        this.cache.set(key, normalised, this.cacheTtlMs, generation);
        return normalised;
      },
      { signal: options.signal, onAbort: () => new CancelledError({ endpoint: spec.path }), join: !options.fresh },
    );
    // Joined callers get their own copy, so one caller's edits never reach another's.
    return structuredClone(value) as T;
  }

  /** Sends with the right kind of token; on a token rejection renews it and retries once. */
  private async send(
    spec: EndpointSpec,
    bodyText: string,
    options: { signal?: AbortSignal; query?: Record<string, string>; functionName?: string; timeoutMs?: number },
  ): Promise<PostResponse> {
    const choice = this.requireKind(spec);
    const source = this.credentials[choice.kind] as TokenSource;
    const post = (token: string) => this.transport.post({ endpoint: spec, token, bodyText, ...options });
    const kindRejected = (error: ApiError, renewed = false) =>
      new TokenKindError({ endpoint: spec.path, needed: spec.documentedKinds, available: this.kinds, sent: true, tried: choice.kind, renewed, rid: error.rid });
    // 40014/48001 on a kind we only try means "wrong kind" rather than "stale token".
    const wrongKind = (error: ApiError) => !choice.documented && (error.code === 40014 || error.code === 48001);

    const issued = await source.getToken({ signal: options.signal });
    try {
      return await post(issued.token);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (!choice.documented && error.code === 48001) throw kindRejected(error);
      if (!TOKEN_REFRESH_ERRCODES.has(error.code)) throw error;
      if (!source.refreshable) {
        if (wrongKind(error)) throw kindRejected(error);
        throw new TokenSourceError({ source: spec.path, messageKey: 'pastedTokenRejected', messageArgs: [TOKEN_KIND_LABELS[choice.kind], error.code], rid: error.rid });
      }
      // This endpoint already refused this very token while it was current: the kind is wrong, a refresh cannot help.
      if (wrongKind(error) && source.refusedKind?.(issued.token, spec.path)) throw kindRejected(error);
      const refusedKind = (token: string, rejection: ApiError) => {
        source.noteRefusedKind?.(token, spec.path);
        return kindRejected(rejection);
      };
      const renewed = await source.getToken({ forceRefresh: true, staleToken: issued.token, signal: options.signal });
      // The same token back means it was current: sending it again would get the same answer.
      if (renewed.token === issued.token) throw wrongKind(error) ? refusedKind(issued.token, error) : error;
      try {
        return await post(renewed.token);
      } catch (second) {
        if (second instanceof ApiError && wrongKind(second)) throw refusedKind(renewed.token, second);
        // A freshly minted token of a documented kind still "invalid": it is not the kind it claims to be.
        if (second instanceof ApiError && second.code === 40014) throw kindRejected(second, true);
        throw second;
      }
    }
  }

  /** Fails before anything is sent when this identity holds no kind the endpoint takes. */
  private requireKind(spec: EndpointSpec): KindChoice {
    const choice = chooseTokenKind(spec, this.kinds);
    if (!choice) {
      const needed = spec.documentedKinds.length ? spec.documentedKinds : acceptedKinds(spec);
      throw new TokenKindError({ endpoint: spec.path, needed, available: this.kinds, sent: false });
    }
    return choice;
  }
}
