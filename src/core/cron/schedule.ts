// When a timer fires next. WeChat cloud functions run on Tencent Cloud SCF, whose timer
// triggers are evaluated in China Standard Time (UTC+8, no daylight saving), so that is
// the default; pass another offset to compute in a different zone.

import { parseCron, type ParsedCron } from './parse';

export interface ScheduleOptions {
  /** Minutes east of UTC the cron is evaluated in. Default 480 (UTC+8). */
  utcOffsetMinutes?: number;
}

const SECOND = 1000;
/** Enough to walk to the end of the year range even for a date that never exists (Feb 30). */
const MAX_STEPS = 2_000_000;

/** The next `count` times strictly after `from` when the timer fires (fewer if it stops firing). */
export function nextFireTimes(expression: string | ParsedCron, from: Date, count: number, options: ScheduleOptions = {}): Date[] {
  const { fields } = typeof expression === 'string' ? parseCron(expression) : expression;
  const offset = (options.utcOffsetMinutes ?? 480) * 60_000;
  const set = (values: number[]) => new Set(values);
  const seconds = set(fields.second.values);
  const minutes = set(fields.minute.values);
  const hours = set(fields.hour.values);
  const days = set(fields.day.values);
  const months = set(fields.month.values);
  const weekdays = set(fields.weekday.values);
  const years = fields.year.values;

  // Classic cron: when both day and weekday are restricted, either one matching is enough.
  const dayMatches = (day: number, weekday: number): boolean => {
    if (fields.day.any && fields.weekday.any) return true;
    if (fields.day.any) return weekdays.has(weekday);
    if (fields.weekday.any) return days.has(day);
    return days.has(day) || weekdays.has(weekday);
  };

  const out: Date[] = [];
  // Work in "wall clock as UTC" so the UTC getters read the zone's local fields.
  let t = Math.floor((from.getTime() + offset) / SECOND) * SECOND + SECOND;
  for (let step = 0; step < MAX_STEPS && out.length < count; step++) {
    const d = new Date(t);
    const year = d.getUTCFullYear();
    const month = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    const hour = d.getUTCHours();
    const minute = d.getUTCMinutes();
    if (!years.includes(year)) {
      const nextYear = years.find((y) => y > year);
      if (nextYear === undefined) break;
      t = Date.UTC(nextYear, 0, 1);
    } else if (!months.has(month)) {
      t = Date.UTC(year, month, 1);
    } else if (!dayMatches(day, d.getUTCDay())) {
      t = Date.UTC(year, month - 1, day + 1);
    } else if (!hours.has(hour)) {
      t = Date.UTC(year, month - 1, day, hour + 1);
    } else if (!minutes.has(minute)) {
      t = Date.UTC(year, month - 1, day, hour, minute + 1);
    } else if (!seconds.has(d.getUTCSeconds())) {
      t += SECOND;
    } else {
      out.push(new Date(t - offset));
      t += SECOND;
    }
  }
  return out;
}
