// The normalised model every layer above the HTTP edge works with.
// Field quirks of the wire format (Data/data, regoin/region, run_time/runtime, JSON in
// strings) are resolved once in the client; nothing above it sees raw responses.

export type TokenKind = 'mp' | 'authorizer' | 'component';

export type EnvStatus = 'NORMAL' | 'HALTED' | 'UNAVAILABLE' | (string & {});

export interface EnvInfo {
  env: string;
  alias: string;
  status: EnvStatus;
  createTime?: string;
  updateTime?: string;
  packageId?: string;
  packageName?: string;
  /** Only on platform environments (`componenttcb/describeenvs`). */
  dbInstanceId?: string;
  bucketId?: string;
}

export interface FunctionInfo {
  name: string;
  runtime: string;
  status: string;
  addTime: string;
  modTime: string;
  /** Why the function is in its status (`componenttcb/getscflist` only); absent or "" when there is nothing to say. */
  statusReason?: string;
}

export interface FunctionPage {
  totalCount: number;
  functions: FunctionInfo[];
}

export interface Trigger {
  name: string;
  type: string;
  /** For `timer`: a 7-field cron string (second minute hour day month weekday year). */
  config: string;
}

export interface StaticWebsite {
  env: string;
  domain: string;
  bucket: string;
  region: string;
  status: string;
}

/** `getfuncconfig` type: 1 cloud-call permissions, 2 timer triggers, 3 environment config. */
export type FunctionConfigType = 1 | 2 | 3;

/** A string the API returned that is usually, but not always, JSON. */
export interface JsonText {
  raw: string;
  /** True when `raw` parsed as JSON; `value` is then the parsed value. */
  parsed: boolean;
  value: unknown;
}

export interface FunctionConfig extends JsonText {
  type: FunctionConfigType;
}

export interface InvokeResult extends JsonText {
  errmsg: string;
  rid?: string;
  durationMs: number;
  /** The function's own console output, where the backend gives it (the emulator does). */
  logs?: string[];
}

export interface AuthorizerInfo {
  appid: string;
  /** Sometimes missing from `api_get_authorizer_list` in practice. */
  refreshToken?: string;
  authTime?: number;
}

export interface AuthorizerPage {
  totalCount: number;
  list: AuthorizerInfo[];
}

export interface IssuedToken {
  token: string;
  /** Epoch milliseconds; undefined when unknown (a pasted token without expiry). */
  expiresAt?: number;
}

/** Who an authorized mini program is (`api_get_authorizer_info`). */
export interface AuthorizerProfile {
  appid: string;
  /** The mini program's name; "" when WeChat gives none. */
  nickName: string;
  /** Its owner (company, or 个人 for a person); "" when WeChat gives none. */
  principalName: string;
}
