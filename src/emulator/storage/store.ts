// Cloud storage of every environment, on disk under `<dataDir>/<env>/files/`: each object is
// stored under the SHA-256 of its cloud path (COS keys are case-sensitive, may hold any
// character and may be both a file and a "folder" prefix, which no file system allows), with
// a `<hash>.json` beside it naming the path. Temporary URLs are signed with a per-start secret
// and expire on the injected clock; upload tickets likewise.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Clock } from '../clock';
import type { DatabaseHub } from '../database/database';
import { inside, writeAtomic } from '../database/storage';
import { newSecret, sameSecret } from '../wire';
import { platformIds, type World } from '../world';

/** Per-file statuses as WeChat's storage reports them (the names go in `errmsg`). */
export const STORAGE_REQUEST_FAIL = -503001;
export const STORAGE_EXCEED_AUTHORITY = -503002;
export const STORAGE_FILE_NONEXIST = -503003;
const NAMES: Record<number, string> = {
  [STORAGE_REQUEST_FAIL]: 'STORAGE_REQUEST_FAIL',
  [STORAGE_EXCEED_AUTHORITY]: 'STORAGE_EXCEED_AUTHORITY',
  [STORAGE_FILE_NONEXIST]: 'STORAGE_FILE_NONEXIST',
};

/** A file the storage cannot serve: `status` is the per-file status of the batch answers. */
export class StorageError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`${NAMES[status] ?? 'STORAGE_REQUEST_FAIL'}: ${detail}`);
  }
}

/** Largest object the emulator stores (the upload form is bounded by it too). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** How long an upload ticket of `tcb/uploadfile` stays valid. */
export const UPLOAD_TICKET_MS = 15 * 60_000;
const MAX_TICKETS = 10_000;
const MAX_PATH_BYTES = 850;
/** A temporary URL's longest life: a larger max_age would not fit the URL's `t`. */
const MAX_URL_SECONDS = 10 * 365 * 86_400;

/** Why a cloud path is not acceptable, or undefined: relative, `/`-separated, no `.`/`..`/empty segment. */
export function pathProblem(cloudPath: string): string | undefined {
  if (Buffer.byteLength(cloudPath, 'utf8') > MAX_PATH_BYTES) return `at most ${MAX_PATH_BYTES} bytes`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(cloudPath)) return 'no control characters or backslashes';
  if (cloudPath.split('/').some((s) => s === '' || s === '.' || s === '..')) return 'no leading or trailing /, no empty, . or .. segment';
  return undefined;
}

export interface FileInfo {
  fileID: string;
  env: string;
  cloudPath: string;
  size: number;
  md5: string;
  /** ms on the emulator's clock. */
  lastModified: number;
}

export interface UploadTicket {
  env: string;
  cloudPath: string;
  fileID: string;
  cosFileId: string;
  token: string;
  authorization: string;
  expiresAt: number;
}

const CONTENT_TYPES: Record<string, string> = {
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.xml': 'application/xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
};

export function contentTypeOf(cloudPath: string): string {
  return CONTENT_TYPES[path.extname(cloudPath).toLowerCase()] ?? 'application/octet-stream';
}

/** `a/b c.png` → `a/b%20c.png`: each segment encoded, the slashes kept. */
export function encodePath(cloudPath: string): string {
  return cloudPath.split('/').map(encodeURIComponent).join('/');
}

/** The path prefix of the emulator's COS-like host (upload form and temporary URLs). */
export const COS_PREFIX = '/_cos/';

export interface StorageOptions {
  world: World;
  hub: DatabaseHub;
  dataDir: string;
  clock: Clock;
  /** The emulator's base URL (known once it listens). */
  baseUrl: () => string;
}

/**
 * The storage as the rest of the emulator calls it (the HTTP endpoints, migrate jobs, and
 * `wx-server-sdk`'s `cloud.uploadFile`/`downloadFile`/`getTempFileURL`/`deleteFile`).
 */
export class FileStorage {
  private readonly secret = newSecret();
  private readonly tickets = new Map<string, UploadTicket>();
  private readonly envByBucket = new Map<string, string>();

  constructor(private readonly o: StorageOptions) {
    for (const e of o.world.allEnvs) this.envByBucket.set(platformIds(e).bucket_id, e.env);
  }

  bucketOf(env: string): string {
    const e = this.o.world.envs.get(env);
    if (!e) throw new StorageError(STORAGE_EXCEED_AUTHORITY, `environment ${env} not found`);
    return platformIds(e).bucket_id;
  }

  /** `cloud://<env>.<bucket>/<cloudPath>`, WeChat's form. */
  fileIdOf(env: string, cloudPath: string): string {
    return `cloud://${env}.${this.bucketOf(env)}/${cloudPath}`;
  }

  /** The environment and path a file ID names, if it is one of this emulator's. */
  parse(fileID: string): { env: string; cloudPath: string } {
    const m = /^cloud:\/\/([^./]+)\.([^/]+)\/(.+)$/s.exec(fileID);
    if (!m || this.envByBucket.get(m[2]) !== m[1] || pathProblem(m[3])) throw new StorageError(STORAGE_FILE_NONEXIST, `${fileID} is not a file ID of this emulator`);
    return { env: m[1], cloudPath: m[3] };
  }

  envOfBucket(bucket: string): string | undefined {
    return this.envByBucket.get(bucket);
  }

  upload(env: string, cloudPath: string, bytes: Buffer): string {
    const problem = pathProblem(cloudPath);
    if (problem) throw new StorageError(STORAGE_REQUEST_FAIL, `cloud path ${JSON.stringify(cloudPath)}: ${problem}`);
    if (bytes.length > MAX_FILE_BYTES) throw new StorageError(STORAGE_REQUEST_FAIL, `a file holds at most ${MAX_FILE_BYTES} bytes`);
    const fileID = this.fileIdOf(env, cloudPath);
    const { data, meta } = this.files(env, cloudPath);
    const info: FileInfo = { fileID, env, cloudPath, size: bytes.length, md5: createHash('md5').update(bytes).digest('hex'), lastModified: this.o.clock.now() };
    writeAtomic(data, bytes);
    writeAtomic(meta, `${JSON.stringify(info)}\n`);
    return fileID;
  }

  stat(fileID: string): FileInfo {
    const { env, cloudPath } = this.parse(fileID);
    const { meta } = this.files(env, cloudPath);
    let info: FileInfo;
    try {
      info = JSON.parse(fs.readFileSync(meta, 'utf8')) as FileInfo;
    } catch {
      throw new StorageError(STORAGE_FILE_NONEXIST, `${fileID} does not exist`);
    }
    if (info.cloudPath !== cloudPath) throw new StorageError(STORAGE_FILE_NONEXIST, `${fileID} does not exist`);
    return info;
  }

  download(fileID: string): Buffer {
    const info = this.stat(fileID);
    try {
      return fs.readFileSync(this.files(info.env, info.cloudPath).data);
    } catch {
      throw new StorageError(STORAGE_FILE_NONEXIST, `${fileID} does not exist`);
    }
  }

  /** A URL that serves the file for `maxAgeSeconds` (on the emulator's clock; at most ten years). */
  tempUrl(fileID: string, maxAgeSeconds: number): string {
    const info = this.stat(fileID);
    const t = Math.ceil((this.o.clock.now() + Math.min(Math.max(maxAgeSeconds, 0), MAX_URL_SECONDS) * 1000) / 1000);
    return `${this.o.baseUrl()}${COS_PREFIX}${this.bucketOf(info.env)}/${encodePath(info.cloudPath)}?sign=${this.sign(fileID, t)}&t=${t}`;
  }

  /** Whether a temporary URL's signature holds; `expired` once its time has passed. */
  checkSigned(fileID: string, sign: string | null, t: string | null): 'ok' | 'bad' | 'expired' {
    if (!sign || !t || !/^\d{1,15}$/.test(t)) return 'bad';
    if (!sameSecret(sign, this.sign(fileID, Number(t)))) return 'bad';
    return this.o.clock.now() >= Number(t) * 1000 ? 'expired' : 'ok';
  }

  delete(fileIDs: string[]): { fileid: string; status: number; errmsg: string }[] {
    return fileIDs.map((fileid) => {
      try {
        const info = this.stat(fileid);
        const { data, meta } = this.files(info.env, info.cloudPath);
        fs.rmSync(meta, { force: true });
        fs.rmSync(data, { force: true });
        return { fileid, status: 0, errmsg: 'ok' };
      } catch (e) {
        if (!(e instanceof StorageError)) throw e;
        return { fileid, status: e.status, errmsg: e.message };
      }
    });
  }

  /** A ticket for one upload form (`tcb/uploadfile`), valid for UPLOAD_TICKET_MS. */
  ticket(env: string, cloudPath: string): UploadTicket {
    const now = this.o.clock.now();
    for (const [k, t] of this.tickets) if (t.expiresAt <= now || this.tickets.size >= MAX_TICKETS) this.tickets.delete(k);
    const start = Math.floor(now / 1000);
    const end = start + UPLOAD_TICKET_MS / 1000;
    const ticket: UploadTicket = {
      env,
      cloudPath,
      fileID: this.fileIdOf(env, cloudPath),
      cosFileId: randomBytes(36).toString('base64'),
      token: randomBytes(48).toString('base64url'),
      authorization: `q-sign-algorithm=sha1&q-ak=AKIDemulator${randomBytes(8).toString('hex')}&q-sign-time=${start};${end}&q-key-time=${start};${end}&q-header-list=&q-url-param-list=&q-signature=${randomBytes(20).toString('hex')}`,
      expiresAt: now + UPLOAD_TICKET_MS,
    };
    this.tickets.set(ticket.cosFileId, ticket);
    return ticket;
  }

  /** The live ticket an upload form names by its `x-cos-meta-fileid`. */
  findTicket(cosFileId: string): UploadTicket | 'expired' | undefined {
    const t = this.tickets.get(cosFileId);
    if (!t) return undefined;
    return t.expiresAt <= this.o.clock.now() ? 'expired' : t;
  }

  uploadUrl(env: string, cloudPath: string): string {
    return `${this.o.baseUrl()}${COS_PREFIX}${this.bucketOf(env)}/${encodePath(cloudPath)}`;
  }

  private sign(fileID: string, t: number): string {
    return createHmac('sha256', this.secret).update(`${fileID}\n${t}`).digest('hex');
  }

  /** The object's two files: under the env's folder (opened, and reset when asked, by the database hub). */
  private files(env: string, cloudPath: string): { data: string; meta: string } {
    this.o.hub.for(env);
    const dir = inside(inside(this.o.dataDir, env), 'files');
    fs.mkdirSync(dir, { recursive: true });
    const hash = createHash('sha256').update(cloudPath, 'utf8').digest('hex');
    return { data: inside(dir, hash, '.bin'), meta: inside(dir, hash, '.json') };
  }
}
