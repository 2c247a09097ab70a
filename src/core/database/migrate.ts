// WeChat's database migrate jobs, end to end. Export: start `tcb/databasemigrateexport` of a
// `….get()` query into a file of the environment's storage, poll `…queryinfo` until the job
// ends, download the file (`tcb/batchdownloadfile`, else the job's `file_url`) and delete it.
// Import: upload the local file (`tcb/uploadfile` and the COS form), start
// `tcb/databasemigrateimport`, poll, and delete the uploaded file whether the job finished,
// failed or the caller gave up. WeChat has no endpoint that stops a job: cancelling stops
// waiting for it. The waits go through an injectable `sleep`, so tests never wait on the clock.

import { sleep as abortableSleep } from '../abort';
import type { WxCloudClient } from '../client';
import { ENDPOINTS } from '../endpoints';
import { CancelledError, describeError } from '../errors';
import { CloudStorage } from '../storage/cloudStorage';
import { AnswerMissingFieldError, MigrateJobError } from '../storage/storageErrors';
import { getQuery } from './queryText';

/** JSON Lines (file_type 1) or CSV (file_type 2). */
export type MigrateFormat = 'jsonl' | 'csv';
export type ConflictMode = 'insert' | 'upsert';

export interface JobInfo {
  jobId: number;
  /** `waiting`, `reading`, `writing` (export), `migrating` (import), then `success` or `fail`. */
  status: string;
  recordSuccess: number;
  recordFail: number;
  /** The first failure (`err_msg` or `error_msg`); "" when none. */
  error: string;
  fileUrl: string;
}

/** Waits `ms` or rejects when the signal fires; tests pass one that does not touch the clock. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** What became of the temporary storage file; `deleted: false` says why in `reason`. */
export interface Cleanup {
  fileId: string;
  deleted: boolean;
  reason?: string;
}

export interface JobRunOptions {
  signal?: AbortSignal;
  /** The job was started (WeChat cannot stop it from here on). */
  onJob?: (jobId: number) => void;
  /** Every answer of `…queryinfo`, as the job moves on. */
  onStatus?: (info: JobInfo) => void;
  /** Called once the temporary storage file was deleted, or could not be. */
  onCleanup?: (cleanup: Cleanup) => void;
}

export interface ExportRequest extends JobRunOptions {
  collection: string;
  /** A `where` object in the query language (`whereFromJson`); undefined exports everything. */
  where?: string;
  format: MigrateFormat;
}

export interface ExportResult {
  jobId: number;
  records: number;
  bytes: Buffer;
}

export interface ImportRequest extends JobRunOptions {
  collection: string;
  bytes: Uint8Array;
  format: MigrateFormat;
  conflict: ConflictMode;
  stopOnError: boolean;
}

export type ImportOutcome = JobInfo & { status: 'success' | 'fail' };

export interface MigrateOptions {
  sleep?: Sleep;
  /** Poll intervals: the first, then ×1.5 each time up to the last. */
  pollMs?: { first: number; max: number };
  maxDownloadBytes?: number;
  /** Names the temporary files; injectable so tests can predict them. */
  now?: () => number;
}

export const FILE_TYPES: Record<MigrateFormat, 1 | 2> = { jsonl: 1, csv: 2 };
const EXTENSIONS: Record<MigrateFormat, string> = { jsonl: 'json', csv: 'csv' };
/** The folder of the environment's storage the temporary files go to. */
export const MIGRATE_FOLDER = 'wxcloud-migrate';

const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : 0;
};
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

export class DatabaseMigrate {
  readonly storage: CloudStorage;
  private readonly sleep: Sleep;
  private readonly pollMs: { first: number; max: number };
  private readonly now: () => number;

  constructor(
    private readonly client: WxCloudClient,
    readonly env: string,
    private readonly options: MigrateOptions = {},
  ) {
    this.storage = new CloudStorage(client, env);
    this.sleep = options.sleep ?? ((ms, signal) => abortableSleep(ms, signal, () => new CancelledError({ endpoint: ENDPOINTS.dbMigrateQueryInfo.path })));
    this.pollMs = options.pollMs ?? { first: 500, max: 2000 };
    this.now = options.now ?? Date.now;
  }

  /** A fresh cloud path for a temporary file of `collection`. */
  tempPath(kind: 'export' | 'import', collection: string, format: MigrateFormat): string {
    const safe = collection.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64) || 'collection';
    const stamp = new Date(this.now()).toISOString().replace(/[-:.]/g, '').replace('T', '-').slice(0, 15);
    return `${MIGRATE_FOLDER}/${kind}-${safe}-${stamp}-${Math.random().toString(36).slice(2, 8)}.${EXTENSIONS[format]}`;
  }

  async startExport(request: { filePath: string; format: MigrateFormat; query: string }, options: { signal?: AbortSignal } = {}): Promise<number> {
    const body = { env: this.env, file_path: request.filePath, file_type: FILE_TYPES[request.format], query: request.query };
    return this.jobIdOf(ENDPOINTS.dbMigrateExport.path, (await this.client.write(ENDPOINTS.dbMigrateExport, body, options)).body);
  }

  async startImport(
    request: { collection: string; filePath: string; format: MigrateFormat; conflict: ConflictMode; stopOnError: boolean },
    options: { signal?: AbortSignal } = {},
  ): Promise<number> {
    const body = {
      env: this.env,
      collection_name: request.collection,
      file_path: request.filePath,
      file_type: FILE_TYPES[request.format],
      stop_on_error: request.stopOnError,
      conflict_mode: request.conflict === 'upsert' ? 2 : 1,
    };
    return this.jobIdOf(ENDPOINTS.dbMigrateImport.path, (await this.client.write(ENDPOINTS.dbMigrateImport, body, options)).body);
  }

  async jobInfo(jobId: number, options: { signal?: AbortSignal } = {}): Promise<JobInfo> {
    const b = (await this.client.readRaw(ENDPOINTS.dbMigrateQueryInfo, { env: this.env, job_id: jobId }, options)).body;
    return {
      jobId,
      status: text(b.status),
      recordSuccess: num(b.record_success),
      recordFail: num(b.record_fail),
      // WeChat's table says err_msg, its example error_msg.
      error: text(b.err_msg) || text(b.error_msg),
      fileUrl: text(b.file_url),
    };
  }

  /** Polls until the job ends, backing off from `first` to `max`; the caller's signal stops the wait. */
  async waitForJob(jobId: number, options: JobRunOptions = {}): Promise<JobInfo> {
    for (let delay = this.pollMs.first; ; delay = Math.min(this.pollMs.max, Math.round(delay * 1.5))) {
      await this.sleep(delay, options.signal);
      if (options.signal?.aborted) throw new CancelledError({ endpoint: ENDPOINTS.dbMigrateQueryInfo.path });
      const info = await this.jobInfo(jobId, options);
      options.onStatus?.(info);
      if (info.status === 'success' || info.status === 'fail') return info;
    }
  }

  /** Exports a collection (optionally filtered) and answers the file's bytes. */
  async exportCollection(request: ExportRequest): Promise<ExportResult> {
    const { signal } = request;
    const filePath = this.tempPath('export', request.collection, request.format);
    // The ticket names the file ID the job's file will have, for the download and the cleanup; nothing is uploaded.
    const { fileId } = await this.storage.ticket(filePath, { signal });
    const jobId = await this.startExport({ filePath, format: request.format, query: getQuery({ collection: request.collection, where: request.where }) }, { signal });
    request.onJob?.(jobId);
    const info = await this.waitForJob(jobId, request);
    try {
      if (info.status === 'fail') throw this.failed(ENDPOINTS.dbMigrateExport.path, info);
      let address: string;
      try {
        address = await this.storage.downloadUrl(fileId, { signal });
      } catch (error) {
        if (!info.fileUrl || signal?.aborted) throw error;
        address = info.fileUrl;
      }
      const bytes = await this.storage.fetch(address, { signal, maxBytes: this.options.maxDownloadBytes });
      return { jobId, records: info.recordSuccess, bytes };
    } finally {
      if (info.status === 'success') await this.cleanUp(fileId, request.onCleanup);
    }
  }

  /** Uploads `bytes` and imports them; the uploaded file is deleted however it ends. */
  async importRecords(request: ImportRequest): Promise<ImportOutcome> {
    const { signal } = request;
    const filePath = this.tempPath('import', request.collection, request.format);
    const fileId = await this.storage.upload(filePath, request.bytes, { signal });
    try {
      const jobId = await this.startImport({ collection: request.collection, filePath, format: request.format, conflict: request.conflict, stopOnError: request.stopOnError }, { signal });
      request.onJob?.(jobId);
      const info = await this.waitForJob(jobId, request);
      return { ...info, status: info.status === 'success' ? 'success' : 'fail' };
    } finally {
      await this.cleanUp(fileId, request.onCleanup);
    }
  }

  /** Deletes a temporary file without the caller's signal: a cancelled run still cleans up. */
  private async cleanUp(fileId: string, report: ((cleanup: Cleanup) => void) | undefined): Promise<void> {
    let cleanup: Cleanup;
    try {
      const status = (await this.storage.delete([fileId])).find((f) => f.fileId === fileId);
      cleanup = !status || status.status === 0 ? { fileId, deleted: true } : { fileId, deleted: false, reason: status.errmsg || String(status.status) };
    } catch (error) {
      cleanup = { fileId, deleted: false, reason: describeError(error) };
    }
    report?.(cleanup);
  }

  private jobIdOf(endpoint: string, body: Record<string, unknown>): number {
    const id = num(body.job_id);
    if (!id) throw new AnswerMissingFieldError({ endpoint, field: 'job_id' });
    return id;
  }

  private failed(endpoint: string, info: JobInfo): MigrateJobError {
    return new MigrateJobError({ endpoint, jobId: info.jobId, reason: info.error, recordSuccess: info.recordSuccess, recordFail: info.recordFail });
  }
}
