// The keys of a new index as the user types them: `field` or `field:1`, `field:-1`,
// comma-separated, in order (`city:1, age:-1`). Geo indexes (`2dsphere`) pass through too.

import type { IndexKey } from './cloudDatabase';

export type IndexKeysText = { ok: true; keys: IndexKey[] } | { ok: false; message: string };

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function parseIndexKeys(text: string): IndexKeysText {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) return { ok: false, message: 'no field' };
  const keys: IndexKey[] = [];
  for (const part of parts) {
    const [field = '', direction = '1', extra] = part.split(':').map((s) => s.trim());
    if (extra !== undefined || !FIELD.test(field)) return { ok: false, message: `“${part}” is not a field name` };
    if (direction !== '1' && direction !== '-1' && direction !== '2dsphere') return { ok: false, message: `the direction of ${field} is 1, -1 or 2dsphere` };
    if (keys.some((k) => k.name === field)) return { ok: false, message: `${field} appears twice` };
    keys.push({ name: field, direction });
  }
  return { ok: true, keys };
}
