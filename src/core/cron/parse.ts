// Parses WeChat's 7-field timer cron: second minute hour day month weekday year
// (e.g. "0 0 2 1 * * *"). Each field takes *, numbers, lists a,b, ranges a-b and steps
// */n and a-b/n; month and weekday also take names (JAN..DEC, SUN..SAT, weekday 0 = Sunday).

export type FieldName = 'second' | 'minute' | 'hour' | 'day' | 'month' | 'weekday' | 'year';

export type CronItem =
  | { type: 'any'; step: number }
  | { type: 'value'; value: number }
  | { type: 'range'; from: number; to: number; step: number };

export interface CronField {
  name: FieldName;
  items: CronItem[];
  /** Every value the field matches, ascending. */
  values: number[];
  /** True for a bare `*`: the field does not restrict anything. */
  any: boolean;
}

export interface ParsedCron {
  fields: Record<FieldName, CronField>;
}

interface FieldSpec {
  name: FieldName;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export const FIELD_SPECS: readonly FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { name: 'weekday', min: 0, max: 6, names: WEEKDAY_NAMES },
  { name: 'year', min: 1970, max: 2099 },
];

export type CronProblem =
  | { problem: 'fieldCount'; found: number }
  | { problem: 'syntax'; field: FieldName; text: string }
  | { problem: 'outOfRange'; field: FieldName; value: number; min: number; max: number }
  | { problem: 'backwards'; field: FieldName; from: number; to: number }
  | { problem: 'badStep'; field: FieldName; text: string };

export class CronSyntaxError extends Error {
  constructor(readonly detail: CronProblem) {
    super(`Invalid cron expression: ${detail.problem}`);
    this.name = 'CronSyntaxError';
  }
}

export function parseCron(expression: string): ParsedCron {
  const parts = expression.trim().split(/\s+/).filter(Boolean);
  if (parts.length !== FIELD_SPECS.length) throw new CronSyntaxError({ problem: 'fieldCount', found: parts.length });
  const fields = {} as Record<FieldName, CronField>;
  FIELD_SPECS.forEach((spec, index) => {
    fields[spec.name] = parseField(parts[index] as string, spec);
  });
  return { fields };
}

function parseField(text: string, spec: FieldSpec): CronField {
  const items = text.split(',').map((part) => parseItem(part, spec));
  const values = new Set<number>();
  for (const item of items) for (const v of expand(item, spec)) values.add(v);
  return {
    name: spec.name,
    items,
    values: [...values].sort((a, b) => a - b),
    any: items.length === 1 && items[0]?.type === 'any' && items[0].step === 1,
  };
}

function parseItem(text: string, spec: FieldSpec): CronItem {
  const [rangeText = '', stepText, ...extra] = text.split('/');
  if (extra.length || rangeText === '') throw new CronSyntaxError({ problem: 'syntax', field: spec.name, text });
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText) || Number(stepText) < 1) throw new CronSyntaxError({ problem: 'badStep', field: spec.name, text });
    step = Number(stepText);
  }
  if (rangeText === '*') return { type: 'any', step };
  const bounds = rangeText.split('-');
  if (bounds.length === 1) {
    // "5/10" (Quartz's "from 5 every 10") is not part of WeChat's syntax.
    if (stepText !== undefined) throw new CronSyntaxError({ problem: 'syntax', field: spec.name, text });
    return { type: 'value', value: number(bounds[0] as string, spec, text) };
  }
  if (bounds.length !== 2) throw new CronSyntaxError({ problem: 'syntax', field: spec.name, text });
  const from = number(bounds[0] as string, spec, text);
  const to = number(bounds[1] as string, spec, text);
  if (from > to) throw new CronSyntaxError({ problem: 'backwards', field: spec.name, from, to });
  return { type: 'range', from, to, step };
}

function number(text: string, spec: FieldSpec, whole: string): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const value = named >= 0 ? named + (spec.name === 'month' ? 1 : 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(value)) throw new CronSyntaxError({ problem: 'syntax', field: spec.name, text: whole });
  if (value < spec.min || value > spec.max) throw new CronSyntaxError({ problem: 'outOfRange', field: spec.name, value, min: spec.min, max: spec.max });
  return value;
}

function expand(item: CronItem, spec: FieldSpec): number[] {
  if (item.type === 'value') return [item.value];
  const from = item.type === 'any' ? spec.min : item.from;
  const to = item.type === 'any' ? spec.max : item.to;
  const out: number[] = [];
  for (let v = from; v <= to; v += item.step) out.push(v);
  return out;
}
