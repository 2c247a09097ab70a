// Migrate jobs: an export runs a `.get()` query and writes the documents into storage (JSON
// Lines or CSV); an import reads a storage file into a collection (insert or upsert). A job
// starts after its answer (on the next turn of the event loop) and its state is kept per
// start of the emulator, as `tcb/databasemigratequeryinfo` reports it.
import type { DatabaseHub } from '../database/database';
import type { Doc } from '../database/mingo';
import type { Plan } from '../database/query/plan';
import { execute, MAX_LIMIT } from '../database/query/run';
import { plainDoc } from '../database/translate';
import { fromJsonValue, isPlainObject, toJsonValue } from '../database/values';
import type { Clock } from '../clock';
import { ApiFailure } from '../wire';
import { StorageError, type FileStorage } from './store';

export type JobStatus = 'waiting' | 'reading' | 'writing' | 'migrating' | 'success' | 'fail';
export type FileType = 1 | 2;

export interface Job {
  id: number;
  env: string;
  kind: 'export' | 'import';
  status: JobStatus;
  recordSuccess: number;
  recordFail: number;
  errorMsg: string;
  /** The exported file, once written. */
  fileID?: string;
}

export interface ExportSpec {
  env: string;
  filePath: string;
  fileType: FileType;
  plan: Plan;
}

export interface ImportSpec {
  env: string;
  collection: string;
  filePath: string;
  fileType: FileType;
  stopOnError: boolean;
  /** 1 insert (an existing _id fails the record), 2 upsert (it replaces the document). */
  conflictMode: 1 | 2;
}

const MAX_JOBS = 1000;

function messageOf(e: unknown): string {
  if (e instanceof ApiFailure || e instanceof StorageError) return e.message;
  return (e as Error)?.message ?? String(e);
}

/** A CSV cell: quoted when it holds a comma, quote or line break; objects as JSON. */
function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(docs: unknown[]): string {
  const fields: string[] = [];
  for (const d of docs) for (const k of Object.keys(d as Doc)) if (!fields.includes(k)) fields.push(k);
  const lines = [fields.map(cell).join(',')];
  for (const d of docs) lines.push(fields.map((f) => cell((d as Doc)[f])).join(','));
  return `${lines.join('\n')}\n`;
}

/** RFC 4180 rows (quoted cells may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let quoted = false;
  const endRow = () => {
    row.push(cur);
    rows.push(row);
    row = [];
    cur = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur === '') quoted = true;
    else if (c === ',') {
      row.push(cur);
      cur = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else cur += c;
  }
  if (cur !== '' || row.length) endRow();
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** A CSV cell read back: JSON objects, arrays, numbers, booleans and null when it parses as one, else the text. */
function fromCell(s: string): unknown {
  if (s === '') return undefined;
  if (/^(?:[{[]|-?\d|true$|false$|null$)/.test(s)) {
    try {
      return fromJsonValue(JSON.parse(s));
    } catch {
      return s;
    }
  }
  return s;
}

/** The records of an import file: a document or the reason a line is not one. */
function records(text: string, fileType: FileType): (Doc | string)[] {
  if (fileType === 1) {
    return text
      .split(/\r?\n/)
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => line.trim() !== '')
      .map(({ line, i }) => {
        try {
          const v = fromJsonValue(JSON.parse(line));
          return isPlainObject(v) ? (v as Doc) : `line ${i + 1} is not an object`;
        } catch {
          return `line ${i + 1} is not JSON`;
        }
      });
  }
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((r, i) => {
    if (r.length !== header.length) return `row ${i + 2} has ${r.length} cells, the header ${header.length}`;
    const doc: Doc = {};
    header.forEach((h, j) => {
      const v = fromCell(r[j]);
      if (v !== undefined && h !== '__proto__') doc[h] = v;
    });
    return doc;
  });
}

export class MigrateJobs {
  private readonly jobs = new Map<number, Job>();
  private next = 100_001;

  constructor(
    private readonly hub: DatabaseHub,
    private readonly storage: FileStorage,
    private readonly clock: Clock,
  ) {}

  get(env: string, id: number): Job | undefined {
    const job = this.jobs.get(id);
    return job && job.env === env ? job : undefined;
  }

  startExport(spec: ExportSpec): Job {
    return this.start(spec.env, 'export', (job) => this.runExport(job, spec));
  }

  startImport(spec: ImportSpec): Job {
    return this.start(spec.env, 'import', (job) => this.runImport(job, spec));
  }

  private start(env: string, kind: Job['kind'], run: (job: Job) => void): Job {
    const job: Job = { id: this.next++, env, kind, status: 'waiting', recordSuccess: 0, recordFail: 0, errorMsg: '' };
    this.jobs.set(job.id, job);
    for (const id of this.jobs.keys()) if (this.jobs.size > MAX_JOBS) this.jobs.delete(id);
    setImmediate(() => {
      try {
        run(job);
        if (job.status !== 'fail') job.status = 'success';
      } catch (e) {
        job.status = 'fail';
        job.errorMsg = messageOf(e);
      }
    });
    return job;
  }

  private runExport(job: Job, spec: ExportSpec): void {
    job.status = 'reading';
    const db = this.hub.for(spec.env);
    const now = this.clock.now();
    const docs: Doc[] = [];
    let skip = spec.plan.skip ?? 0;
    let left = spec.plan.limit ?? Number.POSITIVE_INFINITY;
    while (left > 0) {
      const limit = Math.min(MAX_LIMIT, left);
      const page = execute({ ...spec.plan, skip, limit }, db, now);
      if (page.action !== 'get') break;
      docs.push(...page.docs);
      if (page.docs.length < limit) break;
      skip += limit;
      left -= limit;
    }
    job.status = 'writing';
    const values = docs.map(toJsonValue);
    const text = spec.fileType === 1 ? values.map((d) => JSON.stringify(d)).join('\n') + (values.length ? '\n' : '') : toCsv(values);
    job.fileID = this.storage.upload(spec.env, spec.filePath, Buffer.from(text, 'utf8'));
    job.recordSuccess = docs.length;
  }

  private runImport(job: Job, spec: ImportSpec): void {
    job.status = 'reading';
    const bytes = this.storage.download(this.storage.fileIdOf(spec.env, spec.filePath));
    const list = records(bytes.toString('utf8').replace(/^\uFEFF/, ''), spec.fileType);
    const c = this.hub.for(spec.env).get(spec.collection);
    job.status = 'migrating';
    const now = this.clock.now();
    for (const r of list) {
      try {
        if (typeof r === 'string') throw new Error(r);
        const doc = plainDoc(r, now);
        if (spec.conflictMode === 2 && typeof doc._id === 'string' && doc._id !== '') c.replace(doc._id, doc);
        else c.insert([doc]);
        job.recordSuccess++;
      } catch (e) {
        job.recordFail++;
        if (!job.errorMsg) job.errorMsg = messageOf(e);
        if (spec.stopOnError) {
          job.status = 'fail';
          return;
        }
      }
    }
  }
}
