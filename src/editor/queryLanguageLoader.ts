// The query-language parser (acorn and `src/core/database/queryLanguage.ts`) is its own
// bundle, `dist/queryLanguage.js`: esbuild turns this import into a `require` of it, so
// acorn loads when a query file is first checked or run, never at activation.

export type QueryLanguage = typeof import('../core/database/queryLanguage.js');

let loading: Promise<QueryLanguage> | undefined;

/** The parser, loaded once on first use. */
export function loadQueryLanguage(): Promise<QueryLanguage> {
  loading ??= import('../core/database/queryLanguage.js');
  return loading;
}
