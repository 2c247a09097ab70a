import * as vscode from 'vscode';
import { ApiError, InvalidResponseError, InvokeMayHaveRunError, ResponseTooLargeError, describeError, isCancelled } from '../core/errors';
import type { InvokeResult } from '../core/types';
import { renderRecord as renderRecordText } from './recordText';
import type { RunRecord } from '../editor/recordHistory';

/** Why an invocation failed, in the user's terms. `notDone`: the call was refused or could not be made (token, network, server). */
export type FailureReason = 'threw' | 'timedOut' | 'missing' | 'callFailed' | 'mayHaveRun' | 'notDone';

export type InvokeOutcome =
  | { kind: 'ok'; raw: string; parsed: boolean; errmsg: string; rid?: string; logs?: string[] }
  | { kind: 'failed'; reason: FailureReason; message: string; errcode?: number | string; errmsg?: string; rid?: string; logs?: string[] };

export type FailedOutcome = Extract<InvokeOutcome, { kind: 'failed' }>;

/** One invocation as it is shown and kept in the history: plain data, so it survives a reload. */
export interface InvokeRecord extends RunRecord {
  functionName: string;
  target: 'remote' | 'local';
  /** The event file's name without `.json`, when it came from one. */
  eventName?: string;
  /** The body sent: the event with its comments removed. */
  event: string;
  durationMs?: number;
  outcome: InvokeOutcome;
}

export function okOutcome(result: InvokeResult): InvokeOutcome {
  const outcome: InvokeOutcome = { kind: 'ok', raw: result.raw, parsed: result.parsed, errmsg: result.errmsg };
  if (result.rid) outcome.rid = result.rid;
  if (result.logs) outcome.logs = result.logs;
  return outcome;
}

/**
 * How an invoke that did not succeed ended, for its result document: the function threw, timed
 * out or is missing; its end is unknown (may have run: no answer, a busy gateway, an answer too
 * large or unreadable); or the call was refused or could not be made. Only a cancel is not an
 * outcome: the caller throws it on.
 */
export function failedOutcome(error: unknown): FailedOutcome | undefined {
  if (isCancelled(error)) return undefined;
  let reason: FailureReason = 'notDone';
  if (error instanceof InvokeMayHaveRunError || error instanceof ResponseTooLargeError || error instanceof InvalidResponseError) reason = 'mayHaveRun';
  else if (error instanceof ApiError) {
    if (error.code === -504002) reason = 'threw';
    else if (error.code === -504003) reason = 'timedOut';
    else if (error.code === -501009 || error.code === -501000) reason = 'missing';
    else if (error.code === -504001) reason = 'callFailed';
  }
  const outcome: FailedOutcome = { kind: 'failed', reason, message: describeError(error, vscode.l10n.t) };
  if (error instanceof ApiError) {
    outcome.errcode = error.code;
    outcome.errmsg = error.errmsg;
  }
  const rid = (error as { rid?: string }).rid;
  if (rid) outcome.rid = rid;
  // The core may attach the function's log to a failure (the emulator sends it either way).
  const logs = (error as { logs?: unknown }).logs;
  if (Array.isArray(logs)) outcome.logs = logs.map(String);
  return outcome;
}

/** The text of a result document, in the display language. */
export function renderRecord(record: InvokeRecord): string {
  return renderRecordText(record, { t: vscode.l10n.t, language: vscode.env.language });
}
