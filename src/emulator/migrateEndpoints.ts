// The database's migrate jobs over HTTP: `tcb/databasemigrateexport`, `…import` start a job
// and answer its `job_id`; `tcb/databasemigratequeryinfo` reports it. After the server's
// checks: parameters, then env, then (export) the query; the rest happens in the job.
import { invalid } from './database/errors';
import { planQuery } from './database/query/plan';
import { int, str, type Call, type Endpoint } from './endpoints';
import type { MigrateJobs } from './storage/migrate';
import { pathProblem, type FileStorage } from './storage/store';
import { normalEnv } from './storageEndpoints';
import type { TokenKind } from './types';
import { fail } from './wire';
import type { World } from './world';

const KINDS: TokenKind[] = ['mp', 'authorizer'];
/** How long the `file_url` of a finished export stays valid. */
export const EXPORT_URL_SECONDS = 3600;

type Body = Record<string, unknown>;
const ok = (rest: Body): Body => ({ errcode: 0, errmsg: 'ok', ...rest });

function filePath(b: Body): string {
  const p = str(b, 'file_path');
  const problem = pathProblem(p);
  if (problem) fail(40097, `file_path: ${problem}`);
  return p;
}

function bool(b: Body, key: string): boolean {
  const v = b[key];
  if (v === undefined || v === null || v === '') fail(40101, key);
  if (typeof v !== 'boolean') fail(40097, `${key} must be true or false`);
  return v as boolean;
}

export function migrateEndpoints(world: World, jobs: MigrateJobs, storage: FileStorage): Map<string, Endpoint> {
  const environment = (call: Call, envId: string) => normalEnv(world, call, envId);
  const endpoint = (handle: (call: Call, b: Body) => Body): Endpoint => ({ kinds: KINDS, cloud: true, handle: (call) => ok(handle(call, call.body as Body)) });
  const table: Record<string, Endpoint> = {
    'tcb/databasemigrateexport': endpoint((call, b) => {
      const envId = str(b, 'env');
      const path = filePath(b);
      const fileType = int(b, 'file_type', 1, 2) as 1 | 2;
      const query = str(b, 'query');
      const env = environment(call, envId);
      const plan = planQuery(query);
      if (plan.action !== 'get') invalid('an export runs a query ending in .get()');
      return { job_id: jobs.startExport({ env, filePath: path, fileType, plan }).id };
    }),
    'tcb/databasemigrateimport': endpoint((call, b) => {
      const envId = str(b, 'env');
      const collection = str(b, 'collection_name');
      const path = filePath(b);
      const fileType = int(b, 'file_type', 1, 2) as 1 | 2;
      const stopOnError = bool(b, 'stop_on_error');
      const conflictMode = int(b, 'conflict_mode', 1, 2) as 1 | 2;
      const env = environment(call, envId);
      return { job_id: jobs.startImport({ env, collection, filePath: path, fileType, stopOnError, conflictMode }).id };
    }),
    'tcb/databasemigratequeryinfo': endpoint((call, b) => {
      const envId = str(b, 'env');
      const id = int(b, 'job_id', 1);
      const env = environment(call, envId);
      const job = jobs.get(env, id);
      if (!job) fail(-501009, `migrate job ${id} not found in environment ${env}`);
      let fileUrl = '';
      if (job!.status === 'success' && job!.fileID) {
        try {
          fileUrl = storage.tempUrl(job!.fileID, EXPORT_URL_SECONDS);
        } catch {
          fileUrl = '';
        }
      }
      // The table says err_msg, the example error_msg: both are sent.
      return { status: job!.status, record_success: job!.recordSuccess, record_fail: job!.recordFail, error_msg: job!.errorMsg, err_msg: job!.errorMsg, file_url: fileUrl };
    }),
  };
  return new Map(Object.entries(table));
}
