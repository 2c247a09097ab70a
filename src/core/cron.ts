// WeChat's 7-field timer cron (second minute hour day month weekday year): validate,
// describe in plain words, and compute the next fire times.

export { parseCron, CronSyntaxError, type ParsedCron, type CronField, type CronItem, type FieldName, type CronProblem } from './cron/parse';
export { describeCron, validateCron, type CronLocale } from './cron/describe';
export { nextFireTimes, type ScheduleOptions } from './cron/schedule';
export { nextRunTimes, zoneName, wallClock, TIMER_ZONE_OFFSET_MINUTES, type RunTime } from './cron/runTimes';
