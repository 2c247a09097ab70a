// Wire format → model, once, at the edge. Every quirk the reference lists is handled here:
// Data/data, regoin/region, run_time/runtime, and JSON inside JSON strings.

import type { AuthorizerInfo, EnvInfo, FunctionInfo, JsonText, StaticWebsite, Trigger } from './types';

type Raw = Record<string, unknown>;

const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));
const optionalText = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : text(value));

/** The list under `field`, accepting a single object where the table says "object". */
export function listOf(body: Raw, ...fields: string[]): Raw[] {
  for (const field of fields) {
    const value = body[field];
    if (Array.isArray(value)) return value.filter((item): item is Raw => item !== null && typeof item === 'object');
    if (value !== null && typeof value === 'object') return [value as Raw];
  }
  return [];
}

export function totalCount(body: Raw, listLength: number): number {
  const total = Number(body.total_count);
  return Number.isFinite(total) && total >= 0 ? total : listLength;
}

/**
 * A string that is usually JSON: parsed when it parses, kept raw otherwise. A function may
 * return nothing (no `resp_data`), `null`, a number or a plain string.
 */
export function jsonText(value: unknown): JsonText {
  // WeChat (and the emulator) answer "" when the function returned undefined.
  if (value === undefined || value === null || value === '') return { raw: '', parsed: false, value: undefined };
  if (typeof value !== 'string') return { raw: JSON.stringify(value), parsed: true, value };
  try {
    return { raw: value, parsed: true, value: JSON.parse(value) as unknown };
  } catch {
    return { raw: value, parsed: false, value };
  }
}

export function toEnvInfo(raw: Raw): EnvInfo {
  const env: EnvInfo = { env: text(raw.env), alias: text(raw.alias), status: text(raw.status) };
  const optional: Array<[keyof EnvInfo, unknown]> = [
    ['createTime', raw.create_time],
    ['updateTime', raw.update_time],
    ['packageId', raw.package_id],
    ['packageName', raw.package_name],
    ['dbInstanceId', raw.dbinstance_id],
    ['bucketId', raw.bucket_id],
  ];
  for (const [key, value] of optional) {
    const v = optionalText(value);
    if (v !== undefined) (env as unknown as Record<string, string>)[key] = v;
  }
  return env;
}

export function toFunctionInfo(raw: Raw): FunctionInfo {
  return {
    name: text(raw.name),
    runtime: text(raw.runtime ?? raw.run_time),
    status: text(raw.status),
    addTime: text(raw.add_time),
    modTime: text(raw.mod_time),
  };
}

export function toTrigger(raw: Raw): Trigger {
  const config = raw.config;
  return {
    name: text(raw.trigger_name ?? raw.name),
    type: text(raw.type),
    config: typeof config === 'string' || config === undefined || config === null ? text(config) : JSON.stringify(config),
  };
}

export function toStaticWebsite(raw: Raw): StaticWebsite {
  return {
    env: text(raw.env),
    domain: text(raw.domain),
    bucket: text(raw.bucket),
    region: text(raw.region ?? raw.regoin),
    status: text(raw.status),
  };
}

export function toAuthorizerInfo(raw: Raw): AuthorizerInfo {
  const info: AuthorizerInfo = { appid: text(raw.authorizer_appid) };
  const refreshToken = optionalText(raw.refresh_token);
  if (refreshToken) info.refreshToken = refreshToken;
  const authTime = Number(raw.auth_time);
  if (raw.auth_time !== undefined && Number.isFinite(authTime)) info.authTime = authTime;
  return info;
}

/** `x-wxcloud-logs`: base64 of a JSON array of strings. Anything else is ignored. */
export function decodeLogsHeader(header: string | null): string[] | undefined {
  if (!header) return undefined;
  try {
    const value = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as unknown;
    return Array.isArray(value) ? value.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))) : undefined;
  } catch {
    return undefined;
  }
}
