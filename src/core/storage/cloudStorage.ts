// One environment's cloud storage as a migrate needs it: upload a file (`tcb/uploadfile`
// ticket, then the COS form), a download address (`tcb/batchdownloadfile`), the bytes behind
// it, and deleting files (`tcb/batchdeletefile`). A mini program's own or an authorizer's
// token; the platform's component token has no such endpoints (the client says so unsent).

import type { WxCloudClient } from '../client';
import { ENDPOINTS } from '../endpoints';
import { AnswerMissingFieldError, FileTooLargeError, StorageFileError } from './storageErrors';
import { checkStorageUrl, downloadFile, postUploadForm } from './storageTransfer';

type Raw = Record<string, unknown>;
/** The storage host takes forms up to 50 MB. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export interface UploadTicket {
  url: string;
  token: string;
  authorization: string;
  fileId: string;
  cosFileId: string;
}

export interface FileStatus {
  fileId: string;
  status: number;
  errmsg: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export class CloudStorage {
  constructor(
    private readonly client: WxCloudClient,
    readonly env: string,
  ) {}

  /** `tcb/uploadfile`: the file ID `path` gets and the form that uploads it (nothing is stored yet). */
  async ticket(path: string, options: { signal?: AbortSignal } = {}): Promise<UploadTicket> {
    const spec = ENDPOINTS.uploadFile;
    const b = (await this.client.write(spec, { env: this.env, path }, options)).body;
    const ticket = { url: text(b.url), token: text(b.token), authorization: text(b.authorization), fileId: text(b.file_id), cosFileId: text(b.cos_file_id) };
    if (!ticket.url || !ticket.fileId) throw new AnswerMissingFieldError({ endpoint: spec.path, field: ticket.url ? 'file_id' : 'url' });
    return ticket;
  }

  /** Stores `bytes` at `path`; answers its file ID. */
  async upload(path: string, bytes: Uint8Array, options: { signal?: AbortSignal } = {}): Promise<string> {
    if (bytes.byteLength > MAX_UPLOAD_BYTES) throw new FileTooLargeError({ endpoint: ENDPOINTS.uploadFile.path, bytes: bytes.byteLength, limit: MAX_UPLOAD_BYTES });
    const ticket = await this.ticket(path, options);
    const url = checkStorageUrl(ticket.url, this.client.transport.baseUrl, ENDPOINTS.uploadFile.path);
    await postUploadForm(
      url,
      { key: path, signature: ticket.authorization, securityToken: ticket.token, cosFileId: ticket.cosFileId, fileName: path.split('/').pop() ?? path, bytes },
      options,
    );
    return ticket.fileId;
  }

  /** A temporary download address of one file, valid `maxAgeSeconds`. */
  async downloadUrl(fileId: string, options: { signal?: AbortSignal; maxAgeSeconds?: number } = {}): Promise<string> {
    const spec = ENDPOINTS.batchDownloadFile;
    const b = (await this.client.readRaw(spec, { env: this.env, file_list: [{ fileid: fileId, max_age: options.maxAgeSeconds ?? 600 }] }, options)).body;
    const entry = fileList(b.file_list).find((f) => text(f.fileid) === fileId) ?? fileList(b.file_list)[0];
    if (!entry) throw new AnswerMissingFieldError({ endpoint: spec.path, field: 'file_list' });
    const status = Number(entry.status ?? 0);
    if (status !== 0 || !text(entry.download_url)) throw new StorageFileError({ endpoint: spec.path, fileId, status: Number.isFinite(status) ? status : -1, errmsg: text(entry.errmsg) });
    return text(entry.download_url);
  }

  /** The bytes behind an address the server gave (checked; no token sent; capped). */
  fetch(address: string, options: { signal?: AbortSignal; maxBytes?: number } = {}): Promise<Buffer> {
    return downloadFile(checkStorageUrl(address, this.client.transport.baseUrl, ENDPOINTS.batchDownloadFile.path), options);
  }

  /** Deletes files; answers each file's status (0 deleted). */
  async delete(fileIds: string[], options: { signal?: AbortSignal } = {}): Promise<FileStatus[]> {
    const b = (await this.client.write(ENDPOINTS.batchDeleteFile, { env: this.env, fileid_list: fileIds }, options)).body;
    return fileList(b.delete_list).map((f) => ({ fileId: text(f.fileid), status: Number(f.status ?? 0) || 0, errmsg: text(f.errmsg) }));
  }
}

function fileList(v: unknown): Raw[] {
  return Array.isArray(v) ? v.filter((f): f is Raw => !!f && typeof f === 'object') : [];
}
