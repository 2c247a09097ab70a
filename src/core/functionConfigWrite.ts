// Writing a function's config. WeChat replaces a whole config of one type per call
// (`tcb/uploadfuncconfig`), or, for the platform's own environments, the timeout and
// variables (`componenttcb/updatescfconfig`); so the caller reads, edits the whole, and
// writes it back. Values the editor showed masked are put back from the server's copy here,
// so the mask text itself can never be sent.
import { isDeepStrictEqual } from 'node:util';
import type { WxCloudClient } from './client';
import { ENDPOINTS } from './endpoints';
import type { FunctionConfigType } from './types';

/** The fields of a type 3 config that hold environment variables: a `{key, value}` list or a name → value object. */
export const VARIABLE_FIELDS = ['environment', 'envVariables', 'variables'] as const;

export interface ConfigWrite {
  env: string;
  functionName: string;
  type: FunctionConfigType;
  /** The whole config of that type, as `getfuncconfig` gives it (parsed). */
  config: unknown;
  signal?: AbortSignal;
}

export interface EnvironmentVariable {
  key: string;
  value: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** `tcb/uploadfuncconfig`: the whole config of one type, as a JSON string. */
export async function uploadFunctionConfig(client: WxCloudClient, write: ConfigWrite): Promise<void> {
  const body = { env: write.env, function_name: write.functionName, type: write.type, config: JSON.stringify(write.config) };
  await client.write(ENDPOINTS.uploadFunctionConfig, body, { signal: write.signal });
}

/** `componenttcb/updatescfconfig`: the platform on its own environments; fields left out keep their value. */
export async function updatePlatformFunctionConfig(
  client: WxCloudClient,
  update: { env: string; functionName: string; timeout?: number; memorySize?: number; environment?: EnvironmentVariable[]; signal?: AbortSignal },
): Promise<void> {
  const body: Json = { env: update.env, functionname: update.functionName };
  if (update.timeout !== undefined) body.timeout = update.timeout;
  if (update.memorySize !== undefined) body.memorysize = update.memorySize;
  if (update.environment !== undefined) body.environment_variables = update.environment.map(({ key, value }) => ({ key, value }));
  await client.write(ENDPOINTS.componentUpdateFunctionConfig, body, { signal: update.signal });
}

/** The variables of a type 3 config, whichever field and form it uses. */
export function variablesOf(config: unknown): EnvironmentVariable[] | undefined {
  if (!isObject(config)) return undefined;
  for (const field of VARIABLE_FIELDS) {
    const vars = config[field];
    if (Array.isArray(vars)) return vars.filter(isObject).map((v) => ({ key: String(v.key), value: String(v.value) }));
    if (isObject(vars)) return Object.entries(vars).map(([key, value]) => ({ key, value: String(value) }));
  }
  return undefined;
}

/**
 * Writes with the kind of token the identity holds: `uploadfuncconfig` (authorizer, or a
 * mini program's own token tried) when it can; else, for a type 3 config, the platform's
 * `updatescfconfig`. Neither → `uploadfuncconfig` refuses before anything is sent.
 */
export async function writeFunctionConfig(client: WxCloudClient, write: ConfigWrite): Promise<void> {
  if (write.type === 3 && !client.tokenKindFor('uploadFunctionConfig') && client.tokenKindFor('componentUpdateFunctionConfig')) {
    const config = isObject(write.config) ? write.config : {};
    const timeout = typeof config.timeout === 'number' ? config.timeout : undefined;
    return updatePlatformFunctionConfig(client, { env: write.env, functionName: write.functionName, timeout, environment: variablesOf(config) ?? [], signal: write.signal });
  }
  return uploadFunctionConfig(client, write);
}

export interface Unmasked {
  /** The edit with every masked value replaced by the server's value of the same variable. */
  value: unknown;
  /** Variables that still hold the mask but that the server does not have: nothing to put back. */
  unknown: string[];
}

/**
 * The mask rule: a variable whose value is still exactly `mask` (never revealed, never
 * changed) takes the server's current value of that name; a changed value is kept; a
 * removed variable stays removed. A masked variable the server lacks is reported, not sent.
 */
export function restoreMaskedValues(edited: unknown, server: unknown, mask: string): Unmasked {
  if (!isObject(edited)) return { value: edited, unknown: [] };
  const known = new Map((variablesOf(server) ?? []).map((v) => [v.key, v.value]));
  const unknown: string[] = [];
  const restore = (key: string, value: unknown): unknown => {
    if (value !== mask) return value;
    if (known.has(key)) return known.get(key);
    unknown.push(key);
    return value;
  };
  const copy: Json = { ...edited };
  for (const field of VARIABLE_FIELDS) {
    const vars = copy[field];
    if (Array.isArray(vars)) {
      copy[field] = vars.map((entry: unknown) => (isObject(entry) && typeof entry.key === 'string' ? { ...entry, value: restore(entry.key, entry.value) } : entry));
    } else if (isObject(vars)) {
      copy[field] = Object.fromEntries(Object.entries(vars).map(([key, value]) => [key, restore(key, value)]));
    }
  }
  return { value: copy, unknown };
}

/** Whether two readings of a config are the same config (key order aside). */
export function sameConfig(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}
