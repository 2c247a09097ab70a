// Public shapes of the emulator: options in, a running server out.
import type { Clock } from './clock';
import type { DatabaseOptions } from './database/database';

export type TokenKind = 'mp' | 'authorizer' | 'component';

export interface SyntheticOptions {
  /** Extra authorized mini programs, each with a name; every tenth without cloud development, every seventh listed without its refresh token, the others with one environment. */
  authorizers?: number;
  /** Extra environments owned by the project's mini program. */
  envs?: number;
  /** Functions generated in every synthetic environment (one is created when envs is 0). */
  functions?: number;
}

export interface Faults {
  /** Fixed delay before every API answer, in ms. */
  latencyMs: number;
  /** Extra random delay in [0, jitterMs). */
  jitterMs: number;
  /** Share of API requests answered `{errcode: -1}` without being handled. */
  busyRate: number;
  /** Share of API requests whose socket is destroyed without an answer. */
  resetRate: number;
  /** Share of API requests answered by an nginx-style HTML 502 page. */
  html502Rate: number;
  /** Share of API answers whose JSON body is cut in half (after the request was handled). */
  truncateRate: number;
  /** Documented field quirks: `Data`/`regoin` (describestaticstore), `run_time` (listfunctions). */
  quirks: boolean;
  /** Seed of the random source deciding the rates and jitter; null = Math.random. */
  seed: number | null;
  /** `tcb/downloadfunction` answers a checksum that does not match its zip. */
  codeChecksumCorrupt: boolean;
  /** Apply faults only to these endpoint paths (e.g. "tcb/listfunctions"); null = all. */
  endpoints: string[] | null;
}

export interface EmulatorOptions extends DatabaseOptions {
  /** Mini-program project folder; default: the repository's demo project. */
  projectDir?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1: the emulator runs workspace code, so it binds loopback unless told. */
  host?: string;
  /** Lifetime of every token the emulator issues; default 7200. */
  tokenTtlSeconds?: number;
  synthetic?: SyntheticOptions;
  faults?: Partial<Faults>;
  /** Also accept the mini program's own token on listfunctions/getfuncconfig/getenvinfo. */
  mpCanList?: boolean;
  /** Hard cap on a function run, as the HTTP API's 5 s; default 5000. */
  functionTimeoutCapMs?: number;
  /** Limits on function processes: across all functions (default 16), per function (8), idle time before one is stopped (5 min). */
  processes?: { maxProcesses?: number; maxPerFunction?: number; idleMs?: number };
  /** Time for token expiry, function timeouts and idle reaping; default the system clock (tests move a manual one). */
  clock?: Clock;
  /**
   * `live` (default): the project's environment runs the workspace's function folders as they
   * are. `deployed`: it runs the copies deployed to the data folder (the workspace's on first start).
   */
  codeMode?: 'deployed' | 'live';
  /** Where the emulator reports its own problems (bad config files, crashed workers). */
  log?: (line: string) => void;
  /** Sees the body of every API request as it arrived, after the token checks (the query, which holds the token, is not passed). */
  onApiRequest?: (path: string, bodyText: string) => void;
}

export interface EmulatorCredentials {
  appid: string;
  secret: string;
  component_appid: string;
  component_appsecret: string;
  component_verify_ticket: string;
  access_token: string;
  authorizer_access_token: string;
  component_access_token: string;
  authorizer_refresh_token: string;
}

export interface AuthorizerSummary {
  appid: string;
  refresh_token: string;
  cloud: boolean;
  envs: string[];
}

export interface EmulatorStats {
  /** API requests (control requests are not counted). */
  requests: number;
  /** API requests per endpoint path, e.g. "tcb/listfunctions". */
  byEndpoint: Record<string, number>;
  /** Answers per errcode ("0" for success); faults that send no JSON are not here. */
  byErrcode: Record<string, number>;
  /** Function runs (local processes and built-ins). */
  invocations: number;
  /** Function processes started. */
  coldStarts: number;
  faults: { busy: number; reset: number; html502: number; truncate: number };
}

export interface RunningEmulator {
  url: string;
  /** Made per start: nothing fixed in the source opens this emulator. */
  credentials: EmulatorCredentials;
  /** Made per start: the control path (/_emulator/…) wants it in the `x-wxcloud-emulator-key` header. */
  controlKey: string;
  /** The project mini program's environments (its own env first). */
  envs: string[];
  /** The built-in authorized mini programs (not synthetic ones), with refresh tokens, also the one the list hides. */
  authorizers: AuthorizerSummary[];
  /** Which code the project's environment runs. */
  codeMode: 'deployed' | 'live';
  stats(): EmulatorStats;
  resetStats(): void;
  setFaults(f: Partial<Faults>): Faults;
  faults(): Faults;
  close(): Promise<void>;
}
