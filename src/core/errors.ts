// The one error family that leaves the core. Each error carries what the editor needs to
// show one line and pick an action: the errcode (or a string code), the endpoint, WeChat's
// rid, the message key with its arguments, and whether a read may be retried.
// Messages are redacted when the error is built, so neither `message` nor `stack` can
// carry a token, an AppSecret or a refresh token.

import { ERRCODES, MESSAGES, defaultFormat, type ErrorCategory, type MessageKey, type Translate } from './messages';
import { redactSecrets } from './redact';
import type { TokenKind } from './types';

export type FailureCode =
  | 'HTTP'
  | 'INVALID_RESPONSE'
  | 'RESPONSE_TOO_LARGE'
  | 'REDIRECT'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'TOKEN_KIND'
  | 'INVOKE_MAY_HAVE_RUN'
  | 'TOKEN_SOURCE'
  | 'INVALID_INPUT'
  | 'STORAGE'
  | 'MIGRATE_JOB'
  | 'CODE';

export type MessageArg = string | number;

export interface WxCloudErrorInit {
  code: number | FailureCode;
  /** The endpoint path (`tcb/listfunctions`), or a short name for non-HTTP failures. */
  endpoint: string;
  rid?: string;
  messageKey: MessageKey;
  messageArgs?: readonly MessageArg[];
  retryable?: boolean;
  category: ErrorCategory;
  /** Values that must not appear in the message (tokens, secrets); removed here. */
  secrets?: readonly (string | undefined)[];
}

export class WxCloudError extends Error {
  readonly code: number | FailureCode;
  readonly endpoint: string;
  readonly rid: string | undefined;
  readonly messageKey: MessageKey;
  readonly messageArgs: readonly MessageArg[];
  readonly retryable: boolean;
  readonly category: ErrorCategory;

  constructor(init: WxCloudErrorInit) {
    const args = (init.messageArgs ?? []).map((a) => (typeof a === 'string' ? redactSecrets(a, init.secrets) : a));
    super(defaultFormat(MESSAGES[init.messageKey], ...args));
    this.name = 'WxCloudError';
    this.code = init.code;
    this.endpoint = init.endpoint;
    this.rid = init.rid;
    this.messageKey = init.messageKey;
    this.messageArgs = args;
    this.retryable = init.retryable ?? false;
    this.category = init.category;
  }
}

/** WeChat answered with an errcode other than 0. */
export class ApiError extends WxCloudError {
  override readonly code: number;
  /** WeChat's errmsg, whole (it often ends in `rid: …`), redacted. */
  readonly errmsg: string;
  /** The answer's headers, for what a failed invoke still carries (the function's log). */
  readonly headers?: Headers;
  /** The function's own console output, when a failed invoke's answer carried it. */
  logs?: string[];

  constructor(init: { errcode: number; errmsg: string; endpoint: string; secrets?: readonly (string | undefined)[]; headers?: Headers; neverRetry?: boolean }) {
    const errmsg = redactSecrets(init.errmsg, init.secrets);
    const rid = ridOf(errmsg);
    const known = ERRCODES.get(init.errcode);
    const detail = stripRid(errmsg) || String(init.errcode);
    let messageKey: MessageKey = known?.key ?? 'unknownErrcode';
    let messageArgs: MessageArg[] = known ? [] : [detail];
    if (known?.arg === 'detail') messageArgs = [detail];
    if (known?.arg === 'ip') {
      const ip = ipOf(errmsg);
      if (ip) messageArgs = [ip];
      else messageKey = 'ipNotWhitelistedUnknownIp';
    }
    super({
      code: init.errcode,
      endpoint: init.endpoint,
      rid,
      messageKey,
      messageArgs,
      retryable: !init.neverRetry && (known?.retryable ?? false),
      category: known?.category ?? 'server',
      secrets: init.secrets,
    });
    this.name = 'ApiError';
    this.code = init.errcode;
    this.errmsg = errmsg;
    this.headers = init.headers;
  }
}

/** HTTP status ≥ 400 (a gateway, a proxy, an HTML error page). */
export class HttpError extends WxCloudError {
  readonly status: number;
  constructor(init: { endpoint: string; status: number; statusText: string; html: boolean; neverRetry?: boolean }) {
    super({
      code: 'HTTP',
      endpoint: init.endpoint,
      messageKey: init.html ? 'httpHtmlPage' : 'httpStatus',
      messageArgs: init.html ? [init.status] : [init.status, init.statusText],
      retryable: !init.neverRetry && init.status >= 500,
      category: 'server',
    });
    this.name = 'HttpError';
    this.status = init.status;
  }
}

export type InvalidResponseReason = 'empty' | 'html' | 'notJson' | 'notObject' | 'badErrcode';

/**
 * A 2xx answer whose body is not a JSON object (truncated, HTML, plain text), or one whose
 * `errcode` is not a number, which can be read neither as success nor as a failure.
 */
export class InvalidResponseError extends WxCloudError {
  readonly reason: InvalidResponseReason;
  constructor(init: { endpoint: string; reason: InvalidResponseReason; neverRetry?: boolean }) {
    const keys: Record<InvalidResponseReason, MessageKey> = {
      empty: 'responseEmpty',
      html: 'responseHtml',
      notJson: 'responseNotJson',
      notObject: 'responseNotObject',
      badErrcode: 'responseBadErrcode',
    };
    super({
      code: 'INVALID_RESPONSE',
      endpoint: init.endpoint,
      messageKey: keys[init.reason],
      messageArgs: [init.endpoint],
      // A cut-off or empty body is a transport failure like a reset: worth another read.
      // A well-formed HTML page or JSON of the wrong shape will not change on a retry.
      retryable: !init.neverRetry && (init.reason === 'notJson' || init.reason === 'empty'),
      category: 'server',
    });
    this.name = 'InvalidResponseError';
    this.reason = init.reason;
  }
}

/**
 * The answer was larger than the transport reads (`limitBytes`); reading stopped there.
 * Never retried: the same request would bring the same answer, and an invoke may have run.
 */
export class ResponseTooLargeError extends WxCloudError {
  readonly limitBytes: number;
  constructor(init: { endpoint: string; limitBytes: number; functionName?: string }) {
    super({
      code: 'RESPONSE_TOO_LARGE',
      endpoint: init.endpoint,
      ...(init.functionName === undefined
        ? { messageKey: 'responseTooLarge', messageArgs: [init.endpoint, init.limitBytes] }
        : { messageKey: 'invokeResponseTooLarge', messageArgs: [init.functionName, init.limitBytes] }),
      category: 'server',
    });
    this.name = 'ResponseTooLargeError';
    this.limitBytes = init.limitBytes;
  }
}

/**
 * The server answered with a redirect (3xx). It is never followed: the request carries the
 * token in its query and, for token endpoints, the AppSecret in its body, and following
 * would hand both to whatever host `Location` names. `targetHost` is the host alone.
 */
export class RedirectError extends WxCloudError {
  readonly status: number;
  readonly targetHost: string | undefined;
  constructor(init: { endpoint: string; status: number; targetHost?: string }) {
    super({
      code: 'REDIRECT',
      endpoint: init.endpoint,
      ...(init.targetHost
        ? { messageKey: 'redirectRefused', messageArgs: [init.endpoint, init.status, init.targetHost] }
        : { messageKey: 'redirectRefusedNoTarget', messageArgs: [init.endpoint, init.status] }),
      category: 'server',
    });
    this.name = 'RedirectError';
    this.status = init.status;
    this.targetHost = init.targetHost;
  }
}

/** The connection failed: refused, reset, DNS, TLS. `causeCode` is Node's code (`ECONNRESET`). */
export class NetworkError extends WxCloudError {
  readonly causeCode: string | undefined;
  constructor(init: { endpoint: string; host: string; causeCode?: string; detail?: string; retryable: boolean }) {
    const key: MessageKey =
      init.causeCode === 'ECONNREFUSED'
        ? 'connectionRefused'
        : init.causeCode === 'ENOTFOUND' || init.causeCode === 'EAI_AGAIN'
          ? 'hostNotFound'
          : init.retryable
            ? 'connectionReset'
            : 'networkFailed';
    super({
      code: 'NETWORK',
      endpoint: init.endpoint,
      messageKey: key,
      messageArgs: key === 'networkFailed' ? [init.host, init.detail ?? init.causeCode ?? 'unknown'] : [init.host],
      retryable: init.retryable,
      category: 'network',
    });
    this.name = 'NetworkError';
    this.causeCode = init.causeCode;
  }
}

export class TimeoutError extends WxCloudError {
  readonly timeoutMs: number;
  constructor(init: { endpoint: string; timeoutMs: number }) {
    super({
      code: 'TIMEOUT',
      endpoint: init.endpoint,
      messageKey: 'timedOut',
      messageArgs: [init.endpoint, seconds(init.timeoutMs)],
      category: 'timeout',
    });
    this.name = 'TimeoutError';
    this.timeoutMs = init.timeoutMs;
  }
}

/** The caller's AbortSignal fired. The editor stays silent on these. */
export class CancelledError extends WxCloudError {
  constructor(init: { endpoint: string; functionName?: string }) {
    super({
      code: 'CANCELLED',
      endpoint: init.endpoint,
      messageKey: init.functionName === undefined ? 'cancelled' : 'invokeCancelled',
      messageArgs: init.functionName === undefined ? [] : [init.functionName],
      category: 'cancelled',
    });
    this.name = 'CancelledError';
  }
}

/**
 * Names a token kind the way WeChat's documents do. These are identifiers, not prose, so
 * they read the same in every language and go into templates as arguments untranslated.
 */
export const TOKEN_KIND_LABELS: Record<TokenKind, string> = {
  mp: 'mini program access_token',
  authorizer: 'authorizer_access_token',
  component: 'component_access_token',
};

const kindList = (kinds: readonly TokenKind[]): string => kinds.map((k) => TOKEN_KIND_LABELS[k]).join(' / ');

/**
 * The connection cannot make this call. `sent` is false when nothing was sent (it holds no
 * accepted kind) and true when WeChat refused the undocumented kind we tried.
 */
export class TokenKindError extends WxCloudError {
  readonly needed: readonly TokenKind[];
  readonly available: readonly TokenKind[];
  readonly sent: boolean;
  constructor(init: {
    endpoint: string;
    needed: readonly TokenKind[];
    available: readonly TokenKind[];
    sent: boolean;
    tried?: TokenKind;
    /** The kind was rejected again after a renewal, so the token is not of the kind it claims. */
    renewed?: boolean;
    rid?: string;
  }) {
    super({
      code: 'TOKEN_KIND',
      endpoint: init.endpoint,
      rid: init.rid,
      messageKey: init.sent
        ? init.renewed
          ? 'tokenKindRejectedRenewed'
          : 'tokenKindRejected'
        : init.available.length
          ? 'tokenKindMissing'
          : 'tokenKindMissingNoToken',
      messageArgs: init.sent
        ? [init.endpoint, TOKEN_KIND_LABELS[init.tried ?? 'mp'], kindList(init.needed)]
        : [init.endpoint, kindList(init.needed), kindList(init.available)],
      category: 'permission',
    });
    this.name = 'TokenKindError';
    this.needed = init.needed;
    this.available = init.available;
    this.sent = init.sent;
  }
}

/**
 * Invoke is not idempotent: a timeout, a broken connection after sending, a gateway that gave
 * up, or WeChat's "system busy/error" (`-1`, `-1000`) is reported, never retried.
 */
export class InvokeMayHaveRunError extends WxCloudError {
  readonly functionName: string;
  readonly reason: 'timeout' | 'network' | 'gateway' | 'busy';
  constructor(
    init:
      | { endpoint: string; functionName: string; reason: 'timeout' | 'network'; timeoutMs: number }
      | { endpoint: string; functionName: string; reason: 'gateway'; status: number }
      | { endpoint: string; functionName: string; reason: 'busy'; errcode: number; rid?: string },
  ) {
    super({
      code: 'INVOKE_MAY_HAVE_RUN',
      endpoint: init.endpoint,
      rid: init.reason === 'busy' ? init.rid : undefined,
      ...(init.reason === 'gateway'
        ? { messageKey: 'invokeGatewayMayHaveRun', messageArgs: [init.functionName, init.status], category: 'server' }
        : init.reason === 'busy'
          ? { messageKey: 'invokeBusyMayHaveRun', messageArgs: [init.functionName, init.errcode], category: 'server' }
          : init.reason === 'timeout'
            ? { messageKey: 'invokeTimedOutMayHaveRun', messageArgs: [init.functionName, seconds(init.timeoutMs)], category: 'timeout' }
            : { messageKey: 'invokeBrokeMayHaveRun', messageArgs: [init.functionName], category: 'network' }),
    });
    this.name = 'InvokeMayHaveRunError';
    this.functionName = init.functionName;
    this.reason = init.reason;
  }
}

/** A token source could not produce a token (pasted token expired, command failed, no refresh token). */
export class TokenSourceError extends WxCloudError {
  constructor(init: { source: string; messageKey: MessageKey; messageArgs?: readonly MessageArg[]; secrets?: readonly (string | undefined)[]; rid?: string; category?: ErrorCategory }) {
    super({
      code: 'TOKEN_SOURCE',
      endpoint: init.source,
      rid: init.rid,
      messageKey: init.messageKey,
      messageArgs: init.messageArgs,
      category: init.category ?? 'auth',
      secrets: init.secrets,
    });
    this.name = 'TokenSourceError';
  }
}

/** The client refused to send something WeChat would refuse anyway (too large, not JSON). */
export class InvalidInputError extends WxCloudError {
  constructor(init: { endpoint: string; messageKey: MessageKey; messageArgs?: readonly MessageArg[] }) {
    super({ code: 'INVALID_INPUT', endpoint: init.endpoint, messageKey: init.messageKey, messageArgs: init.messageArgs, category: 'input' });
    this.name = 'InvalidInputError';
  }
}

export function isCancelled(err: unknown): boolean {
  return err instanceof CancelledError;
}

/**
 * One user-facing line: the message (localised by `t`), then the errcode and the rid when
 * there are any, since the rid is what WeChat support asks for. Pass `vscode.l10n.t` as `t`.
 */
export function describeError(err: unknown, t: Translate = defaultFormat): string {
  if (!(err instanceof WxCloudError)) {
    const text = err instanceof Error ? err.message : String(err);
    return t(MESSAGES.unexpected, redactSecrets(text));
  }
  const main = t(MESSAGES[err.messageKey], ...err.messageArgs);
  if (typeof err.code === 'number') {
    return err.rid ? t(MESSAGES.withErrcodeAndRid, main, err.code, err.rid) : t(MESSAGES.withErrcode, main, err.code);
  }
  return err.rid ? t(MESSAGES.withRid, main, err.rid) : main;
}

/** WeChat appends `rid: 6565d7e1-…` to errmsg. */
export function ridOf(errmsg: string | undefined): string | undefined {
  return errmsg?.match(/\brid:\s*([0-9A-Za-z-]+)/)?.[1];
}

function stripRid(errmsg: string): string {
  return errmsg.replace(/[\s,;]*\brid:\s*[0-9A-Za-z-]+\s*$/, '').trim();
}

/** `invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist` → `1.2.3.4`. */
function ipOf(errmsg: string): string | undefined {
  return errmsg.match(/\b(\d{1,3}(?:\.\d{1,3}){3})\b/)?.[1] ?? errmsg.match(/invalid ip ([0-9A-Fa-f:.]+)/)?.[1];
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
