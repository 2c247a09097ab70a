// What a third-party platform reads with its component token beyond the seeds: who an
// authorized mini program is (`api_get_authorizer_info`) and the functions of the platform's
// own environments (`componenttcb/getscflist`). Built on `WxCloudClient.read`, so both
// share the client's cache, in-flight sharing, retries and typed errors.

import type { CallOptions, WxCloudClient } from './client';
import { ENDPOINTS } from './endpoints';
import { listOf, toFunctionInfo } from './normalize';
import { readAllPages } from './paging';
import type { AuthorizerProfile, FunctionInfo, FunctionPage } from './types';

type Raw = Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const objectOf = (value: unknown): Raw => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : {});

/** `getscflist`'s documented default page. */
export const PLATFORM_FUNCTION_PAGE = 20;

/** A mini program's name and owner. Only the names leave here: the answer's refresh token is dropped. */
export function getAuthorizerInfo(client: WxCloudClient, options: CallOptions & { componentAppid: string; authorizerAppid: string }): Promise<AuthorizerProfile> {
  const body = { component_appid: options.componentAppid, authorizer_appid: options.authorizerAppid };
  return client.read(ENDPOINTS.authorizerInfo, body, options, (b) => {
    const info = objectOf(b.authorizer_info);
    const authorization = objectOf(b.authorization_info);
    return {
      appid: text(authorization.authorizer_appid) || options.authorizerAppid,
      nickName: text(info.nick_name),
      principalName: text(info.principal_name),
    };
  });
}

/** One function of `getscflist`: WeChat's snake_case, or the SCF spelling its pages sometimes show. */
function toPlatformFunction(raw: Raw): FunctionInfo {
  const base = toFunctionInfo(raw);
  const info: FunctionInfo = {
    name: base.name || text(raw.function_name ?? raw.functionname ?? raw.FunctionName),
    runtime: base.runtime || text(raw.Runtime),
    status: base.status || text(raw.Status),
    addTime: base.addTime || text(raw.AddTime),
    modTime: base.modTime || text(raw.ModTime),
  };
  const reason = text(raw.status_reason ?? raw.StatusReason ?? raw.StatusDesc);
  if (reason) info.statusReason = reason;
  return info;
}

function totalOf(body: Raw, listLength: number): number {
  for (const key of ['total_count', 'TotalCount', 'total']) {
    const total = Number(body[key]);
    if (body[key] !== undefined && Number.isFinite(total) && total >= 0) return total;
  }
  return listLength;
}

/** One page of a platform environment's functions; `searchKey` is WeChat's own name search. */
export function listPlatformFunctions(
  client: WxCloudClient,
  options: CallOptions & { env: string; offset?: number; limit?: number; searchKey?: string },
): Promise<FunctionPage> {
  const body: Raw = { env: options.env, offset: options.offset ?? 0, limit: options.limit ?? PLATFORM_FUNCTION_PAGE };
  if (options.searchKey) body.searchkey = options.searchKey;
  return client.read(ENDPOINTS.componentFunctionList, body, options, (b) => {
    const functions = listOf(b, 'functions', 'Functions', 'function_list').map(toPlatformFunction);
    return { totalCount: totalOf(b, functions.length), functions };
  });
}

/** Every function of a platform environment (optionally only those `searchKey` finds), pages fetched concurrently. */
export async function listAllPlatformFunctions(
  client: WxCloudClient,
  options: CallOptions & { env: string; searchKey?: string; pageSize?: number; concurrency?: number },
): Promise<FunctionPage> {
  const { env, searchKey, signal, fresh } = options;
  const all = await readAllPages(
    async (offset, limit) => {
      const page = await listPlatformFunctions(client, { env, offset, limit, searchKey, signal, fresh });
      return { total: page.totalCount, items: page.functions };
    },
    options.pageSize ?? 100,
    options.concurrency ?? 6,
  );
  return { totalCount: all.total, functions: all.items };
}

/**
 * Whether an identity lists functions through `getscflist`: the platform's own environments,
 * reached with the component token alone. Mini programs and authorizers use `listfunctions`.
 */
export function listsThroughPlatform(client: WxCloudClient): boolean {
  return client.tokenKindFor('listFunctions') === undefined && client.tokenKindFor('componentFunctionList') !== undefined;
}

/** One page of an environment's functions, through whichever list the identity can call. */
export function listFunctionPage(client: WxCloudClient, options: CallOptions & { env: string; offset: number; limit: number; searchKey?: string }): Promise<FunctionPage> {
  if (listsThroughPlatform(client)) return listPlatformFunctions(client, options);
  return client.listFunctions(options);
}
