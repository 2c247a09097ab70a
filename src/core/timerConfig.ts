import type { FunctionConfig, Trigger } from './types';

/**
 * Reads triggers out of a `getfuncconfig` type 2 answer. WeChat documents the shape only by
 * reference to the timer-trigger config of `config.json`: `{"triggers":[{name,type,config}]}`;
 * a bare array is accepted too.
 */
export function triggersFromTimerConfig(config: FunctionConfig): Trigger[] {
  if (!config.parsed) return [];
  const value = config.value as { triggers?: unknown } | unknown[] | null;
  const list = Array.isArray(value) ? value : Array.isArray((value as { triggers?: unknown })?.triggers) ? ((value as { triggers: unknown[] }).triggers) : [];
  return list
    .filter((t): t is Record<string, unknown> => typeof t === 'object' && t !== null)
    .map((t) => ({
      name: String(t.name ?? t.trigger_name ?? ''),
      type: String(t.type ?? 'timer'),
      config: String(t.config ?? ''),
    }));
}
