// A 7-field timer cron in plain words, in English and Simplified Chinese, for the tree's
// tooltip: "0 0 2 1 * * *" → "At 02:00:00, on day 1 of the month" / "每月1日 02:00:00".

import { parseCron, type CronField, type CronItem, type CronProblem, CronSyntaxError } from './parse';

export type CronLocale = 'en' | 'zh-cn';

const EN_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ZH_WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

type Unit = 'second' | 'minute' | 'hour';

/** Describes a valid expression; throws CronSyntaxError for an invalid one (see `validateCron`). */
export function describeCron(expression: string, locale: CronLocale = 'en'): string {
  const { fields } = parseCron(expression);
  return locale === 'zh-cn' ? describeZh(fields) : describeEn(fields);
}

/** Undefined when the expression is valid, else why not, in the locale's words. */
export function validateCron(expression: string, locale: CronLocale = 'en'): string | undefined {
  try {
    parseCron(expression);
    return undefined;
  } catch (error) {
    if (error instanceof CronSyntaxError) return problemText(error.detail, locale);
    throw error;
  }
}

type Fields = Record<CronField['name'], CronField>;

const single = (f: CronField): number | undefined => (f.items.length === 1 && f.items[0]?.type === 'value' ? f.items[0].value : undefined);
const repeatsEvery = (f: CronField): boolean => f.items.length === 1 && f.items[0]?.type === 'any';
const pad = (n: number) => String(n).padStart(2, '0');

// ---- English -------------------------------------------------------------------------

function describeEn(f: Fields): string {
  const time = timeEn(f);
  const parts = [time.text];
  const day = dayEn(f, time.once);
  if (day) parts.push(day);
  if (!f.month.any) parts.push(`in ${listEn(f.month.items, (v) => EN_MONTHS[v - 1] ?? String(v), undefined)}`);
  if (!f.year.any) parts.push(`in ${listEn(f.year.items, String, undefined)}`);
  const sentence = parts.join(', ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function timeEn(f: Fields): { text: string; once: boolean } {
  const s = single(f.second);
  const m = single(f.minute);
  const h = single(f.hour);
  if (s !== undefined && m !== undefined && h !== undefined) return { text: `at ${pad(h)}:${pad(m)}:${pad(s)}`, once: true };
  const parts: string[] = [];
  if (s !== 0) parts.push(unitEn(f.second, 'second'));
  const minuteImplied = f.minute.any && s === undefined;
  if (!minuteImplied) parts.push(unitEn(f.minute, 'minute'));
  const hourImplied = f.hour.any && (minuteImplied || repeatsEvery(f.minute));
  if (!hourImplied) parts.push(unitEn(f.hour, 'hour'));
  return { text: parts.join(', '), once: false };
}

function unitEn(field: CronField, unit: Unit): string {
  const only = field.items.length === 1 ? field.items[0] : undefined;
  if (only?.type === 'any') return only.step === 1 ? `every ${unit}` : `every ${only.step} ${unit}s`;
  if (only?.type === 'range' && only.step > 1) return `every ${only.step} ${unit}s from ${only.from} through ${only.to}`;
  return `at ${listEn(field.items, String, unit)}`;
}

function dayEn(f: Fields, timeIsOnce: boolean): string | undefined {
  const days = f.day.any ? undefined : `on ${listEn(f.day.items, String, 'day')} of the month`;
  const weekdays = f.weekday.any ? undefined : `on ${listEn(f.weekday.items, (v) => EN_WEEKDAYS[v] ?? String(v), undefined)}`;
  if (days && weekdays) return `${days} or ${weekdays}`;
  return days ?? weekdays ?? (timeIsOnce ? 'every day' : undefined);
}

/** "day 1", "days 1 and 15", "days 1 through 10", "Monday through Friday". */
function listEn(items: CronItem[], name: (v: number) => string, unit: string | undefined): string {
  const texts = items.map((item) => {
    if (item.type === 'value') return name(item.value);
    if (item.type === 'any') return item.step === 1 ? `every ${unit ?? 'day'}` : `every ${item.step}${unit ? ` ${unit}s` : ''}`;
    const range = `${name(item.from)} through ${name(item.to)}`;
    return item.step > 1 ? `every ${item.step} from ${range}` : range;
  });
  const joined = texts.length > 1 ? `${texts.slice(0, -1).join(', ')} and ${texts[texts.length - 1]}` : (texts[0] ?? '');
  if (!unit) return joined;
  const plural = items.length > 1 || items[0]?.type === 'range';
  return `${plural ? `${unit}s` : unit} ${joined}`;
}

// ---- Simplified Chinese --------------------------------------------------------------

const ZH_UNITS: Record<Unit, { every: string; suffix: string }> = {
  second: { every: '秒', suffix: '秒' },
  minute: { every: '分钟', suffix: '分' },
  hour: { every: '小时', suffix: '点' },
};

function describeZh(f: Fields): string {
  const parts: string[] = [];
  if (!f.year.any) parts.push(`${listZh(f.year.items, String)}年`);
  if (!f.month.any) parts.push(`${listZh(f.month.items, String)}月`);
  const time = timeZh(f);
  const day = dayZh(f, time.once);
  if (day) parts.push(day);
  parts.push(time.text);
  return parts.join(' ');
}

function timeZh(f: Fields): { text: string; once: boolean } {
  const s = single(f.second);
  const m = single(f.minute);
  const h = single(f.hour);
  if (s !== undefined && m !== undefined && h !== undefined) return { text: `${pad(h)}:${pad(m)}:${pad(s)}`, once: true };
  const parts: string[] = [];
  const minuteImplied = f.minute.any && s === undefined;
  const hourImplied = f.hour.any && (minuteImplied || repeatsEvery(f.minute));
  if (!hourImplied) parts.push(unitZh(f.hour, 'hour'));
  if (!minuteImplied) parts.push(unitZh(f.minute, 'minute'));
  if (s !== 0) parts.push(unitZh(f.second, 'second'));
  return { text: parts.join(' '), once: false };
}

function unitZh(field: CronField, unit: Unit): string {
  const { every, suffix } = ZH_UNITS[unit];
  const only = field.items.length === 1 ? field.items[0] : undefined;
  if (only?.type === 'any') return only.step === 1 ? `每${every}` : `每${only.step}${every}`;
  if (only?.type === 'range' && only.step > 1) return `${only.from}${suffix}至${only.to}${suffix}每${only.step}${every}`;
  return `${unit === 'hour' ? '' : '第'}${listZh(field.items, String)}${suffix}`;
}

function dayZh(f: Fields, timeIsOnce: boolean): string | undefined {
  const days = f.day.any ? undefined : `${f.month.any ? '每月' : ''}${listZh(f.day.items, String)}日`;
  const weekdays = f.weekday.any ? undefined : `每周${listZh(f.weekday.items, (v) => ZH_WEEKDAYS[v] ?? String(v), '周')}`;
  if (days && weekdays) return `${days}或${weekdays}`;
  return days ?? weekdays ?? (timeIsOnce ? '每天' : undefined);
}

/** "1、15", "1至10", "一至五" (with `prefix` before the second name of a range: "一至周五"). */
function listZh(items: CronItem[], name: (v: number) => string, rangePrefix = ''): string {
  return items
    .map((item) => {
      if (item.type === 'value') return name(item.value);
      if (item.type === 'any') return item.step === 1 ? '每' : `每${item.step}`;
      const range = `${name(item.from)}至${rangePrefix}${name(item.to)}`;
      return item.step > 1 ? `${range}每${item.step}` : range;
    })
    .join('、');
}

// ---- Problems ------------------------------------------------------------------------

const ZH_FIELD: Record<CronField['name'], string> = { second: '秒', minute: '分', hour: '时', day: '日', month: '月', weekday: '星期', year: '年' };

function problemText(p: CronProblem, locale: CronLocale): string {
  const zh = locale === 'zh-cn';
  switch (p.problem) {
    case 'fieldCount':
      return zh
        ? `需要 7 个字段（秒 分 时 日 月 星期 年），实际为 ${p.found} 个。`
        : `Expected 7 fields (second minute hour day month weekday year), found ${p.found}.`;
    case 'syntax':
      return zh ? `${ZH_FIELD[p.field]}字段：无法识别“${p.text}”。` : `The ${p.field} field: "${p.text}" is not a number, list, range or step.`;
    case 'outOfRange':
      return zh
        ? `${ZH_FIELD[p.field]}字段：${p.value} 超出 ${p.min}-${p.max} 的范围。`
        : `The ${p.field} field: ${p.value} is outside ${p.min}-${p.max}.`;
    case 'backwards':
      return zh ? `${ZH_FIELD[p.field]}字段：范围 ${p.from}-${p.to} 起点大于终点。` : `The ${p.field} field: the range ${p.from}-${p.to} runs backwards.`;
    case 'badStep':
      return zh ? `${ZH_FIELD[p.field]}字段：“${p.text}”的步长必须是正整数。` : `The ${p.field} field: the step in "${p.text}" must be a whole number of at least 1.`;
  }
}
