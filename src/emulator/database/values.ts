// Values the database holds beyond JSON (dates, regexps, server dates), the commands the
// query language builds (`_.gt(1)`, `_.inc(2)`, `$.sum("$n")`), and the `{"$date": ms}`
// form in which dates cross the wire and lie on disk, as WeChat's exports write them.
import { randomBytes } from 'node:crypto';

export type CommandFamily = 'query' | 'update' | 'aggregate';

/** One `db.command` call: `_.gt(1)` is `{family: 'query', op: 'gt', args: [1]}`. */
export class Command {
  constructor(
    readonly family: CommandFamily,
    readonly op: string,
    readonly args: unknown[],
  ) {}
}

/** `db.serverDate({offset})`: resolved to the emulator's clock when it is written. */
export class ServerDate {
  constructor(readonly offset = 0) {}
  resolve(now = Date.now()): Date {
    return new Date(now + this.offset);
  }
}

/** A document `_id` shaped like WeChat's: 32 lower-case hex characters. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A deep copy that resolves server dates; commands are refused by the caller before this. */
export function materialize(v: unknown, now: number): unknown {
  if (v instanceof ServerDate) return v.resolve(now);
  if (v instanceof Date) return new Date(v.getTime());
  if (v instanceof RegExp) return new RegExp(v.source, v.flags);
  if (Array.isArray(v)) return v.map((x) => materialize(x, now));
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = materialize(x, now);
    return out;
  }
  return v;
}

/** To the JSON form: Date → `{"$date": ms}`, RegExp → `{"$regex", "$options"}`. */
export function toJsonValue(v: unknown): unknown {
  if (v instanceof Date) return { $date: v.getTime() };
  if (v instanceof RegExp) return { $regex: v.source, $options: v.flags };
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toJsonValue(x);
    return out;
  }
  return v;
}

/** From the JSON form; `$date` may be ms or an ISO string (WeChat's exports use both). */
export function fromJsonValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromJsonValue);
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$date' && (typeof v.$date === 'number' || typeof v.$date === 'string')) {
      const d = new Date(v.$date);
      if (!Number.isNaN(d.getTime())) return d;
    }
    if (typeof v.$regex === 'string' && keys.every((k) => k === '$regex' || k === '$options')) {
      return new RegExp(v.$regex, typeof v.$options === 'string' ? v.$options : '');
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === '__proto__') continue;
      out[k] = fromJsonValue(x);
    }
    return out;
  }
  return v;
}
