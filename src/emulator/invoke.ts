// invokecloudfunction: builds the event and context as WeChat does, runs the function
// (a warm local process, or a built-in in process), keeps its console output by rid.
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock';
import type { Call } from './endpoints';
import type { FunctionRunner, RunOutcome } from './runner';
import type { SdkAnswer, SdkCaller } from './sdk/host';
import { fail } from './wire';
import type { EnvRecord } from './world';

/** Size of the JSON (before base64) in the `x-wxcloud-logs` header: the last lines that fit. */
const LOG_HEADER_BUDGET = 6 * 1024;
const KEPT_INVOCATIONS = 500;
/** All kept invocations together (each is capped at 256 KB by the runner). */
const KEPT_BYTES = 32 * 1024 * 1024;

/** The logs of recent invocations by rid, the oldest dropped first. */
export class LogStore {
  private readonly byRid = new Map<string, { logs: string[]; bytes: number }>();
  private bytes = 0;

  put(rid: string, logs: string[]): void {
    const bytes = logs.reduce((n, l) => n + Buffer.byteLength(l, 'utf8'), 0);
    this.byRid.set(rid, { logs, bytes });
    this.bytes += bytes;
    while (this.byRid.size > KEPT_INVOCATIONS || (this.bytes > KEPT_BYTES && this.byRid.size > 1)) {
      const [oldest, kept] = this.byRid.entries().next().value as [string, { bytes: number }];
      this.byRid.delete(oldest);
      this.bytes -= kept.bytes;
    }
  }

  get(rid: string): string[] | undefined {
    return this.byRid.get(rid)?.logs;
  }
}

/** base64 of a JSON array of the last lines whose JSON fits the header budget. */
export function logsHeader(logs: string[]): string {
  const kept: string[] = [];
  let size = 2;
  for (let i = logs.length - 1; i >= 0; i--) {
    let line = logs[i];
    if (line.length > LOG_HEADER_BUDGET / 2) line = `…${line.slice(line.length - LOG_HEADER_BUDGET / 2)}`;
    const cost = JSON.stringify(line).length + 1;
    if (size + cost > LOG_HEADER_BUDGET) break;
    kept.unshift(line);
    size += cost;
  }
  return Buffer.from(JSON.stringify(kept), 'utf8').toString('base64');
}

export interface InvokeDeps {
  runner: FunctionRunner;
  clock: Clock;
  logs: LogStore;
  timeoutCapMs: number;
  countInvocation: () => void;
  /** Runs what a function asks of wx-server-sdk (see sdk/host.ts). */
  sdk?: (caller: SdkCaller, request: unknown) => Promise<SdkAnswer>;
}

export function makeInvoke(d: InvokeDeps) {
  /** `wxContext`: what getWXContext() says; by default a call of the HTTP API. */
  return async (call: Call, env: EnvRecord, name: string, wxContext: Record<string, string> = { APPID: env.owner, ENV: env.env, SOURCE: 'wx_http' }): Promise<Record<string, unknown>> => {
    // Invoke Locally asks for the workspace's copy (`code=workspace`), whatever is deployed.
    const entry = (call.query.get('code') === 'workspace' && env.workspace ? env.workspace : env.functions).get(name)!;
    const meta = entry.meta;
    const raw = call.body;
    // WeChat sets userInfo itself; over the HTTP API there is no OpenID.
    const event = raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...(raw as object), userInfo: { appId: env.owner } } : raw;
    const timeoutMs = Math.min(meta.timeout * 1000, d.timeoutCapMs);
    const vars: Record<string, string> = {};
    for (const v of meta.environment) vars[v.key] = v.value;
    const context: Record<string, unknown> = {
      function_name: name,
      function_version: '$LATEST',
      namespace: env.env,
      request_id: randomUUID(),
      memory_limit_in_mb: 256,
      time_limit_in_ms: timeoutMs,
      tencentcloud_region: 'ap-shanghai',
      environment: JSON.stringify({ ...vars, TCB_ENV: env.env, SCF_NAMESPACE: env.env }),
    };
    d.countInvocation();
    const started = performance.now();
    let outcome: RunOutcome;
    if (entry.local) {
      outcome = await d.runner.run({
        dir: entry.local.dir,
        root: entry.local.project.dir,
        event,
        context,
        timeoutMs,
        capAt: d.clock.now() + d.timeoutCapMs,
        env: { ...vars, TCB_ENV: env.env, SCF_NAMESPACE: env.env, SCF_FUNCTIONNAME: name, TENCENTCLOUD_RUNENV: 'SCF' },
        wxContext,
        sdk: d.sdk && ((request) => d.sdk!({ env, wxContext }, request)),
      });
    } else {
      const logs: string[] = [];
      try {
        const value = await entry.builtin!(event, context, (l) => logs.push(l));
        outcome = { kind: 'ok', data: value === undefined ? '' : JSON.stringify(value), logs };
      } catch (e) {
        outcome = { kind: 'error', message: String((e as Error)?.message ?? e), logs };
      }
    }
    d.logs.put(call.rid, outcome.logs);
    call.headers['x-wxcloud-logs'] = logsHeader(outcome.logs);
    call.headers['x-wxcloud-duration-ms'] = (performance.now() - started).toFixed(1);
    if (outcome.kind === 'timeout') {
      fail(-504003, `${name} did not finish within ${timeoutMs / 1000} s and was stopped`);
    }
    if (outcome.kind === 'error') fail(-504002, outcome.message);
    return { errcode: 0, errmsg: `ok rid: ${call.rid}`, resp_data: (outcome as { data: string }).data };
  };
}
