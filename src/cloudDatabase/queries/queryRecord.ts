// One run of a query as it is shown and kept in the history: plain data, so it survives a
// reload. Its text needs no editor: the translations come in as `l10n`, so a Node test reads
// exactly what the user reads.

import type { Translate } from '../../core/messages';
import type { QueryAction } from '../../core/database/queryLanguage';
import { jsoncDocument, prettyJson } from '../../documents/jsoncText';
import type { RunRecord } from '../../editor/recordHistory';

export interface QueryPager {
  offset: number;
  limit: number;
  total: number;
}

export type QueryOutcome =
  | {
      kind: 'ok';
      durationMs: number;
      rid?: string;
      /** Reads: the documents loaded so far (every page Load more added). */
      documents?: unknown[];
      /** Reads of a collection: the last page's pager. */
      pager?: QueryPager;
      /** The `skip` of the first page; Load more reads from `firstSkip + documents.length`. */
      firstSkip?: number;
      count?: number;
      matched?: number;
      modified?: number;
      /** The `_id` a `set` created. */
      id?: string;
      deleted?: number;
      ids?: string[];
      /** The documents were too many to keep in the history. */
      cut?: boolean;
    }
  | { kind: 'failed'; message: string; errcode?: number | string; rid?: string };

export interface QueryRecord extends RunRecord {
  collection: string;
  /** The query file's name, and its address, when it came from one. */
  name: string;
  file?: string;
  /** What was sent. */
  query: string;
  action: QueryAction;
  outcome: QueryOutcome;
}

export interface Localizer {
  t: Translate;
  language: string;
}

/** Whether a read has more documents for Load more. */
export function hasMore(record: QueryRecord): boolean {
  const o = record.outcome;
  if (o.kind !== 'ok' || !o.pager || !o.documents || o.cut) return false;
  return (o.firstSkip ?? 0) + o.documents.length < o.pager.total && o.pager.limit > 0;
}

/** One line for the history list. */
export function summary(record: QueryRecord, l10n: Localizer): string {
  const o = record.outcome;
  if (o.kind === 'failed') return o.errcode !== undefined ? l10n.t('failed ({0})', o.errcode) : l10n.t('failed');
  if (o.count !== undefined) return l10n.t('{0} counted', o.count);
  if (o.ids) return l10n.t('{0} added', o.ids.length);
  if (o.deleted !== undefined) return l10n.t('{0} deleted', o.deleted);
  if (o.matched !== undefined) return l10n.t('{0} matched, {1} modified', o.matched, o.modified ?? 0);
  return l10n.t('{0} documents', o.documents?.length ?? 0);
}

function body(o: Extract<QueryOutcome, { kind: 'ok' }>): string {
  if (o.documents) return prettyJson(o.documents);
  if (o.count !== undefined) return prettyJson({ count: o.count });
  if (o.ids) return prettyJson({ id_list: o.ids });
  if (o.deleted !== undefined) return prettyJson({ deleted: o.deleted });
  const updated: Record<string, unknown> = { matched: o.matched ?? 0, modified: o.modified ?? 0 };
  if (o.id) updated.id = o.id;
  return prettyJson(updated);
}

/** What was asked where, how it ended, and the answer as JSON. */
export function renderQueryRecord(record: QueryRecord, l10n: Localizer): string {
  const o = record.outcome;
  const header = [
    l10n.t('{0} · collection {1} · environment {2} · {3}', record.name, record.collection, record.env, record.connectionName),
    l10n.t('Sent at {0}', new Date(record.time).toLocaleString(l10n.language)),
    record.query,
  ];
  if (o.kind === 'failed') {
    header.push(l10n.t('Failed.'), o.message);
    if (o.errcode !== undefined) header.push(l10n.t('errcode: {0}', o.errcode));
    if (o.rid) header.push(l10n.t('rid: {0}', o.rid));
    return jsoncDocument(header);
  }
  header.push(l10n.t('Succeeded.'), l10n.t('Duration: {0} ms', Math.round(o.durationMs)), l10n.t('errcode: {0}', 0));
  if (o.rid) header.push(l10n.t('rid: {0}', o.rid));
  if (o.pager && o.documents) {
    const first = (o.firstSkip ?? 0) + (o.documents.length ? 1 : 0);
    header.push(l10n.t('Documents {0}–{1} of {2} (pager: offset {3}, limit {4}, total {5})', first, (o.firstSkip ?? 0) + o.documents.length, o.pager.total, o.pager.offset, o.pager.limit, o.pager.total));
    if (hasMore(record)) header.push(l10n.t('More documents match: use Load more above.'));
  } else if (o.documents) {
    header.push(l10n.t('{0} documents', o.documents.length));
  }
  if (o.cut) header.push(l10n.t('The documents were too many to keep in the history; run the query again to see them.'));
  return jsoncDocument(header, o.cut ? undefined : body(o));
}
