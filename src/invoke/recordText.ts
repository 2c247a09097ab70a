// The text of a result document. It needs no editor: the translations come in as `l10n`, so a
// Node test reads exactly what the user reads, and the strings stay `l10n.t` calls that the
// localisation check finds.

import type { Translate } from '../core/messages';
import { jsoncDocument, prettyJson } from '../documents/jsoncText';
import type { InvokeRecord } from './invokeRecord';

export interface Localizer {
  t: Translate;
  /** The display language, for the date (`vscode.env.language`). */
  language: string;
}

function headline(record: InvokeRecord, l10n: Localizer): string {
  const o = record.outcome;
  if (o.kind === 'ok') return l10n.t('Succeeded.');
  switch (o.reason) {
    case 'threw':
      return l10n.t('Failed: the function threw an error.');
    case 'timedOut':
      return l10n.t('Failed: the function timed out. Through the HTTP API a function is cut off after 5 s.');
    case 'missing':
      return l10n.t('Failed: function {0} was not found in environment {1}.', record.functionName, record.env);
    case 'callFailed':
      return l10n.t('Failed: the call to the function failed.');
    case 'mayHaveRun':
      return l10n.t('No answer: the function may have run. It was not retried.');
    case 'notDone':
      return l10n.t('Failed: the call could not be made or was refused; the function did not answer.');
  }
}

/**
 * What ran where, how it ended, the answer, and the function's log. The document is always
 * valid JSON with comments: an answer that is not JSON is shown as a JSON string.
 */
export function renderRecord(record: InvokeRecord, l10n: Localizer): string {
  const o = record.outcome;
  const where = record.target === 'local' ? l10n.t('local emulator') : record.connectionName;
  const header = [
    l10n.t('{0} · environment {1} · {2}', record.functionName, record.env, where),
    l10n.t('Event: {0} · sent at {1}', record.eventName ?? l10n.t('(unsaved)'), new Date(record.time).toLocaleString(l10n.language)),
    headline(record, l10n),
  ];
  if (o.kind === 'failed') header.push(o.message);
  if (record.durationMs !== undefined) header.push(l10n.t('Duration: {0} ms', Math.round(record.durationMs)));
  const errcode = o.kind === 'ok' ? 0 : o.errcode;
  if (errcode !== undefined) header.push(l10n.t('errcode: {0}', errcode));
  if (o.errmsg) header.push(l10n.t('errmsg: {0}', o.errmsg));
  if (o.rid) header.push(l10n.t('rid: {0}', o.rid));

  let body: string | undefined;
  if (o.kind === 'ok') {
    if (o.raw === '') header.push(l10n.t('The function returned nothing.'));
    else if (o.parsed) body = prettyJson(JSON.parse(o.raw));
    else {
      header.push(l10n.t('The function returned text that is not JSON; it is shown below as a JSON string.'));
      body = JSON.stringify(o.raw);
    }
  }

  const footer: string[] = [];
  if (o.logs && o.logs.length) footer.push(l10n.t('Function log:'), ...o.logs);
  else if (o.logs) footer.push(l10n.t('Function log: (empty)'));
  else footer.push(l10n.t('The backend did not return the function log.'));
  return jsoncDocument(header, body, footer);
}
