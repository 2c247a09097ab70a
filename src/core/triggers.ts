import type { WxCloudClient } from './client';
import { ApiError } from './errors';
import { triggersFromTimerConfig } from './timerConfig';
import type { TokenKind, Trigger } from './types';

export interface TriggerList {
  triggers: Trigger[];
  /** True when read from the timer config (type 2) because the identity has no component token. */
  fromTimerConfig: boolean;
}

/**
 * A function's triggers as far as the identity can see them: `gettriggers` needs a component
 * token; with only an authorizer token the timer config (type 2) says the same, and a function
 * without that config (85089) has none.
 */
export async function readTriggers(
  client: WxCloudClient,
  kinds: readonly TokenKind[],
  request: { env: string; functionName: string; signal?: AbortSignal; fresh?: boolean },
): Promise<TriggerList> {
  if (kinds.includes('component') || !kinds.includes('authorizer')) {
    return { triggers: await client.getTriggers(request), fromTimerConfig: false };
  }
  try {
    return { triggers: triggersFromTimerConfig(await client.getFunctionConfig({ ...request, type: 2 })), fromTimerConfig: true };
  } catch (error) {
    if (error instanceof ApiError && error.code === 85089) return { triggers: [], fromTimerConfig: true };
    throw error;
  }
}
