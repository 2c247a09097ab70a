// A timer's next runs as a person reads them: WeChat evaluates timers in China Standard Time
// (UTC+8), so that is the time shown first; the reader's own time follows when it differs.

import { nextFireTimes } from './schedule';

/** Minutes east of UTC of China Standard Time, the zone WeChat's timers run in. */
export const TIMER_ZONE_OFFSET_MINUTES = 480;

export interface RunTime {
  /** `2026-12-02 02:00:00` in UTC+8. */
  chinaTime: string;
  /** The same instant in the reader's zone, when that zone is not UTC+8. */
  localTime?: string;
}

/** `yyyy-mm-dd hh:mm:ss` of an instant in a zone `offsetMinutes` east of UTC. */
export function wallClock(instant: Date, offsetMinutes: number): string {
  return new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().replace('T', ' ').slice(0, 19);
}

/**
 * The next `count` runs of a cron string after `now`, in UTC+8 and in the reader's zone
 * (`localOffsetMinutes`, east of UTC; `-new Date().getTimezoneOffset()` for this machine).
 */
export function nextRunTimes(cron: string, now: Date, count: number, localOffsetMinutes: number): RunTime[] {
  return nextFireTimes(cron, now, count, { utcOffsetMinutes: TIMER_ZONE_OFFSET_MINUTES }).map((instant) => {
    const run: RunTime = { chinaTime: wallClock(instant, TIMER_ZONE_OFFSET_MINUTES) };
    if (localOffsetMinutes !== TIMER_ZONE_OFFSET_MINUTES) run.localTime = wallClock(instant, localOffsetMinutes);
    return run;
  });
}

/** `UTC+8`, `UTC-3:30`, `UTC` for an offset in minutes east of UTC. */
export function zoneName(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'UTC';
  const sign = offsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const minutes = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
}
