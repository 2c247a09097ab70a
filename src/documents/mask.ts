// Environment variables of a function (getfuncconfig type 3) often hold keys and passwords:
// a document shows their names and hides their values until the user asks to see them.

export const MASK = '••••••';

/** A copy of a type 3 config with every environment variable value replaced by `MASK`; `count` is how many. */
export function maskEnvironmentValues(config: unknown): { value: unknown; count: number } {
  if (!config || typeof config !== 'object' || Array.isArray(config)) return { value: config, count: 0 };
  let count = 0;
  const copy: Record<string, unknown> = { ...(config as Record<string, unknown>) };
  for (const field of ['environment', 'envVariables', 'variables']) {
    const vars = copy[field];
    if (Array.isArray(vars)) {
      copy[field] = vars.map((entry: unknown) => {
        if (!entry || typeof entry !== 'object' || !('value' in entry)) return entry;
        count++;
        return { ...(entry as Record<string, unknown>), value: MASK };
      });
    } else if (vars && typeof vars === 'object') {
      copy[field] = Object.fromEntries(Object.keys(vars).map((k) => (count++, [k, MASK])));
    }
  }
  return { value: copy, count };
}
