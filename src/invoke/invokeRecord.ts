import * as vscode from 'vscode';
import { ApiError, InvokeMayHaveRunError, describeError } from '../core/errors';
import type { InvokeResult } from '../core/types';
import { jsoncDocument, prettyJson } from '../documents/jsoncText';

/** Why an invocation failed, in the user's terms. */
export type FailureReason = 'threw' | 'timedOut' | 'missing' | 'callFailed' | 'mayHaveRun';

export type InvokeOutcome =
  | { kind: 'ok'; raw: string; parsed: boolean; errmsg: string; rid?: string; logs?: string[] }
  | { kind: 'failed'; reason: FailureReason; message: string; errcode?: number | string; errmsg?: string; rid?: string; logs?: string[] };

export type FailedOutcome = Extract<InvokeOutcome, { kind: 'failed' }>;

/** One invocation as it is shown and kept in the history: plain data, so it survives a reload. */
export interface InvokeRecord {
  id: string;
  /** Epoch milliseconds when the call was sent. */
  time: number;
  connectionId: string;
  connectionName: string;
  scopeKey: string;
  env: string;
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
 * The failures that belong to the function itself (it threw, timed out, is missing) or whose
 * end is unknown (may have run): they are shown as a result. Anything else (auth, network
 * before sending, cancelled) is not an outcome of the function and is thrown on.
 */
export function failedOutcome(error: unknown): FailedOutcome | undefined {
  let reason: FailureReason | undefined;
  if (error instanceof InvokeMayHaveRunError) reason = 'mayHaveRun';
  else if (error instanceof ApiError) {
    if (error.code === -504002) reason = 'threw';
    else if (error.code === -504003) reason = 'timedOut';
    else if (error.code === -501009 || error.code === -501000) reason = 'missing';
    else if (error.code === -504001) reason = 'callFailed';
  }
  if (!reason) return undefined;
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

function headline(record: InvokeRecord): string {
  const o = record.outcome;
  if (o.kind === 'ok') return vscode.l10n.t('Succeeded.');
  switch (o.reason) {
    case 'threw':
      return vscode.l10n.t('Failed: the function threw an error.');
    case 'timedOut':
      return vscode.l10n.t('Failed: the function timed out. Through the HTTP API a function is cut off after 5 s.');
    case 'missing':
      return vscode.l10n.t('Failed: function {0} was not found in environment {1}.', record.functionName, record.env);
    case 'callFailed':
      return vscode.l10n.t('Failed: the call to the function failed.');
    case 'mayHaveRun':
      return vscode.l10n.t('No answer: the function may have run. It was not retried.');
  }
}

/** The text of a result document: what ran where, how it ended, the answer, and the function's log. */
export function renderRecord(record: InvokeRecord): string {
  const o = record.outcome;
  const where = record.target === 'local' ? vscode.l10n.t('local emulator') : record.connectionName;
  const header = [
    vscode.l10n.t('{0} · environment {1} · {2}', record.functionName, record.env, where),
    vscode.l10n.t('Event: {0} · sent at {1}', record.eventName ?? vscode.l10n.t('(unsaved)'), new Date(record.time).toLocaleString(vscode.env.language)),
    headline(record),
  ];
  if (o.kind === 'failed') header.push(o.message);
  if (record.durationMs !== undefined) header.push(vscode.l10n.t('Duration: {0} ms', Math.round(record.durationMs)));
  const errcode = o.kind === 'ok' ? 0 : o.errcode;
  if (errcode !== undefined) header.push(vscode.l10n.t('errcode: {0}', errcode));
  if (o.errmsg) header.push(vscode.l10n.t('errmsg: {0}', o.errmsg));
  if (o.rid) header.push(vscode.l10n.t('rid: {0}', o.rid));

  let body: string | undefined;
  if (o.kind === 'ok') {
    if (o.raw === '') header.push(vscode.l10n.t('The function returned nothing.'));
    else if (o.parsed) body = prettyJson(JSON.parse(o.raw));
    else {
      header.push(vscode.l10n.t('resp_data is not JSON; shown as returned:'));
      body = o.raw;
    }
  }

  const footer: string[] = [];
  if (o.logs && o.logs.length) footer.push(vscode.l10n.t('Function log:'), ...o.logs);
  else if (o.logs) footer.push(vscode.l10n.t('Function log: (empty)'));
  else footer.push(vscode.l10n.t('The backend did not return the function log.'));
  return jsoncDocument(header, body, footer);
}
