// Failures of the storage side of a migrate: a file the storage refused, the COS-like host's
// answer to an upload or a download, an address the extension will not fetch, and a migrate
// job that ended in `fail`. All are `WxCloudError`s, so the editor shows them like any other.

import { WxCloudError } from '../errors';

/** A per-file `status` other than 0 in `tcb/batchdownloadfile` or `tcb/batchdeletefile`. */
export class StorageFileError extends WxCloudError {
  constructor(init: { endpoint: string; fileId: string; status: number; errmsg: string }) {
    super({ code: init.status, endpoint: init.endpoint, messageKey: 'storageFileFailed', messageArgs: [init.fileId, init.errmsg || String(init.status)], category: 'notFound' });
    this.name = 'StorageFileError';
  }
}

/** The upload host or a download address answered with an HTTP error. */
export class StorageHttpError extends WxCloudError {
  readonly status: number;
  constructor(init: { host: string; status: number; detail: string; upload: boolean }) {
    super({
      code: 'STORAGE',
      endpoint: init.host,
      messageKey: init.upload ? 'storageUploadFailed' : 'storageDownloadFailed',
      messageArgs: init.upload ? [init.status, init.detail] : [init.host, init.status],
      category: init.status === 403 ? 'permission' : 'server',
    });
    this.name = 'StorageHttpError';
    this.status = init.status;
  }
}

/** An upload or download address that is not https (or http on this machine): refused unsent. */
export class StorageUrlRefusedError extends WxCloudError {
  constructor(init: { endpoint: string; what: string }) {
    super({ code: 'STORAGE', endpoint: init.endpoint, messageKey: 'storageUrlRefused', messageArgs: [init.what], category: 'server' });
    this.name = 'StorageUrlRefusedError';
  }
}

/** A local file too large to upload in one form. */
export class FileTooLargeError extends WxCloudError {
  constructor(init: { endpoint: string; bytes: number; limit: number }) {
    super({ code: 'STORAGE', endpoint: init.endpoint, messageKey: 'fileTooLarge', messageArgs: [init.bytes, init.limit], category: 'input' });
    this.name = 'FileTooLargeError';
  }
}

/** A migrate job that ended in `fail`; carries the counts it reached. */
export class MigrateJobError extends WxCloudError {
  readonly jobId: number;
  readonly recordSuccess: number;
  readonly recordFail: number;
  readonly reason: string;
  constructor(init: { endpoint: string; jobId: number; reason: string; recordSuccess: number; recordFail: number }) {
    super({
      code: 'MIGRATE_JOB',
      endpoint: init.endpoint,
      messageKey: init.reason ? 'migrateJobFailed' : 'migrateJobFailedNoReason',
      messageArgs: init.reason ? [init.reason] : [],
      category: 'server',
    });
    this.name = 'MigrateJobError';
    this.jobId = init.jobId;
    this.recordSuccess = init.recordSuccess;
    this.recordFail = init.recordFail;
    this.reason = init.reason;
  }
}

/** A successful answer without a field the next step needs (a `job_id`, an upload `url`). */
export class AnswerMissingFieldError extends WxCloudError {
  constructor(init: { endpoint: string; field: string }) {
    super({ code: 'INVALID_RESPONSE', endpoint: init.endpoint, messageKey: 'answerMissingField', messageArgs: [init.endpoint, init.field], category: 'server' });
    this.name = 'AnswerMissingFieldError';
  }
}
