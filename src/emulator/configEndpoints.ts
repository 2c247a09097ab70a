// The config writes: `tcb/uploadfuncconfig` (a mini program's or authorizer's token, one whole
// config of one type as a JSON string) and `componenttcb/updatescfconfig` (the platform on its
// own environments: timeout and environment variables). Order of checks as everywhere else:
// parameters (40101/40097), env (-501000), function (-501009), then the values (-501007).
import type { ConfigOverlay, ConfigPatch } from './functionConfigs';
import { envFor, functionIn, int, str, type Endpoint } from './endpoints';
import type { EnvVar, Trigger } from './project';
import { timerCronProblem } from './timerCron';
import type { TokenKind } from './types';
import { fail } from './wire';
import type { World } from './world';

type Body = Record<string, unknown>;

/** SCF's limits: a function runs 1 to 900 seconds; memory in these sizes (MB). */
export const TIMEOUT_RANGE = { min: 1, max: 900 } as const;
const MEMORY_SIZES = [64, 128, 256, 384, 512, 640, 768, 896, 1024, 1152, 1280, 1408, 1536, 1664, 1792, 1920, 2048, 3072];
const VAR_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const TRIGGER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;
const RESERVED_VARS = new Set(['TCB_ENV', 'SCF_NAMESPACE', 'SCF_FUNCTIONNAME', 'TENCENTCLOUD_RUNENV']);

const isObject = (v: unknown): v is Body => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const invalid = (detail: string): never => fail(-501007, detail);

function timeoutOf(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < TIMEOUT_RANGE.min || v > TIMEOUT_RANGE.max) {
    invalid(`timeout must be an integer from ${TIMEOUT_RANGE.min} to ${TIMEOUT_RANGE.max} seconds, got ${JSON.stringify(v)}`);
  }
  return v as number;
}

function variablesOf(v: unknown, field: string): EnvVar[] {
  if (!Array.isArray(v)) invalid(`${field} must be a list of {key, value}`);
  const seen = new Set<string>();
  return (v as unknown[]).map((entry) => {
    if (!isObject(entry) || typeof entry.key !== 'string' || typeof entry.value !== 'string') invalid(`every ${field} entry needs a string key and a string value`);
    const { key, value } = entry as { key: string; value: string };
    if (!VAR_KEY.test(key)) invalid(`environment variable name ${JSON.stringify(key)} must start with a letter and hold only letters, digits and _`);
    if (RESERVED_VARS.has(key)) invalid(`environment variable ${key} is reserved`);
    if (seen.has(key)) invalid(`environment variable ${key} is given twice`);
    if (value.length > 1024) invalid(`the value of ${key} is longer than 1024 characters`);
    seen.add(key);
    return { key, value };
  });
}

function triggersOf(v: unknown): Trigger[] {
  if (!Array.isArray(v)) invalid('triggers must be a list');
  const names = new Set<string>();
  return (v as unknown[]).map((t) => {
    if (!isObject(t)) invalid('every trigger must be an object');
    const { name, type, config } = t as Body;
    if (typeof name !== 'string' || !TRIGGER_NAME.test(name)) invalid(`trigger name ${JSON.stringify(name)} must start with a letter and hold only letters, digits, _ and -`);
    if (names.has(name as string)) invalid(`trigger ${String(name)} is given twice`);
    names.add(name as string);
    if (type !== 'timer') invalid(`trigger ${String(name)}: type must be "timer"`);
    if (typeof config !== 'string') invalid(`trigger ${String(name)}: config must be a cron string`);
    const problem = timerCronProblem(config as string);
    if (problem) invalid(`trigger ${String(name)}: invalid cron expression "${String(config)}": ${problem}`);
    return { name: name as string, type: 'timer', config: (config as string).trim().split(/\s+/).join(' ') };
  });
}

function permissionsOf(v: unknown): unknown {
  if (!isObject(v)) invalid('permissions must be an object');
  const { openapi } = v as Body;
  if (openapi !== undefined && (!Array.isArray(openapi) || openapi.some((a) => typeof a !== 'string' || !/^[A-Za-z][\w.]*$/.test(a)))) {
    invalid('permissions.openapi must be a list of API names such as "subscribeMessage.send"');
  }
  return v;
}

/** The part of a function's config one `uploadfuncconfig` type replaces. */
export function patchOfType(type: 1 | 2 | 3, config: Body): ConfigPatch {
  if (type === 1) return { permissions: permissionsOf(config.permissions) };
  if (type === 2) return { triggers: triggersOf(config.triggers ?? []) };
  return { timeout: timeoutOf(config.timeout), environment: variablesOf(config.environment ?? [], 'environment') };
}

export function configEndpoints(world: World, overlay: ConfigOverlay, readKinds: TokenKind[]): Array<[string, Endpoint]> {
  return [
    [
      'tcb/uploadfuncconfig',
      {
        kinds: readKinds,
        cloud: true,
        handle(call) {
          const b = call.body as Body;
          if (b.type === undefined || b.type === null || b.type === '') fail(40101, 'type');
          const envId = str(b, 'env');
          const name = str(b, 'function_name');
          const text = str(b, 'config');
          if (b.type !== 1 && b.type !== 2 && b.type !== 3) fail(40097, 'type must be 1, 2 or 3');
          let config: unknown;
          try {
            config = JSON.parse(text);
          } catch {
            fail(40097, 'config must be a JSON string');
          }
          if (!isObject(config)) fail(40097, 'config must hold a JSON object');
          const e = envFor(world, call.token, envId);
          functionIn(e, name);
          overlay.write(e.env, name, patchOfType(b.type as 1 | 2 | 3, config as Body));
          return { errcode: 0, errmsg: 'ok' };
        },
      },
    ],
    [
      'componenttcb/updatescfconfig',
      {
        kinds: ['component'],
        cloud: false,
        handle(call) {
          const b = call.body as Body;
          const envId = str(b, 'env');
          const name = str(b, 'functionname');
          const patch: ConfigPatch = {};
          if (b.timeout !== undefined) patch.timeout = int(b, 'timeout', 0);
          if (b.memorysize !== undefined) int(b, 'memorysize', 0);
          if (b.environment_variables !== undefined && !Array.isArray(b.environment_variables)) fail(40097, 'environment_variables must be a list');
          const e = envFor(world, call.token, envId);
          functionIn(e, name);
          if (patch.timeout !== undefined) timeoutOf(patch.timeout);
          if (b.memorysize !== undefined && !MEMORY_SIZES.includes(b.memorysize as number)) invalid(`memorysize must be one of ${MEMORY_SIZES.join(', ')} MB`);
          if (b.environment_variables !== undefined) patch.environment = variablesOf(b.environment_variables, 'environment_variables');
          overlay.write(e.env, name, patch);
          return { errcode: 0, errmsg: 'ok' };
        },
      },
    ],
  ];
}
