// WeChat's timer triggers take Tencent Cloud SCF's seven-field cron: second minute hour day
// month weekday year, each `*`, a value, a range `a-b`, a step `/n`, or a comma list of those.
// The emulator checks the form and the ranges as the console does; it never runs timers.

const FIELDS: Array<{ name: string; min: number; max: number; names?: string[] }> = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'weekday', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { name: 'year', min: 1970, max: 2099 },
];

function valueOf(text: string, field: (typeof FIELDS)[number]): number | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return field.min + named;
  if (!/^\d{1,4}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= field.min && n <= field.max ? n : undefined;
}

function itemProblem(item: string, field: (typeof FIELDS)[number]): string | undefined {
  const [range, step, extra] = item.split('/');
  if (extra !== undefined || range === '') return `bad ${field.name} "${item}"`;
  if (step !== undefined && !(/^\d{1,4}$/.test(step) && Number(step) > 0)) return `bad step in ${field.name} "${item}"`;
  if (range === '*') return undefined;
  const [from, to, more] = range!.split('-');
  if (more !== undefined) return `bad range in ${field.name} "${item}"`;
  const a = valueOf(from!, field);
  const b = to === undefined ? a : valueOf(to, field);
  if (a === undefined || b === undefined) return `${field.name} "${item}" is outside ${field.min}-${field.max}`;
  if (b < a) return `${field.name} range "${item}" runs backwards`;
  return undefined;
}

/** Why `cron` is not a seven-field timer expression; undefined when it is one. */
export function timerCronProblem(cron: string): string | undefined {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 7) return `a timer needs 7 fields (second minute hour day month weekday year), got ${cron.trim() ? parts.length : 0}`;
  for (let i = 0; i < 7; i++) {
    for (const item of parts[i]!.split(',')) {
      const problem = itemProblem(item, FIELDS[i]!);
      if (problem) return problem;
    }
  }
  return undefined;
}
