// Bundles the extension, the local emulator (loaded when started) and its function worker into dist/.
// `--production` minifies and keeps sourcemaps outside the .vsix; `--watch` rebuilds on change.
// `buildOptions` is exported so the benchmark analyses exactly the bundle that ships.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `mingo` and `mingo/<sub>` → the same module in mingo's own ESM build. */
const mingoEsm = {
  name: 'mingo-esm',
  setup(build) {
    build.onResolve({ filter: /^mingo(\/.*)?$/ }, async (args) => {
      const sub = args.path === 'mingo' ? 'index' : args.path.slice('mingo/'.length);
      const dir = path.dirname(createRequire(import.meta.url).resolve('mingo/package.json'));
      const file = [path.join(dir, 'esm', `${sub}.js`), path.join(dir, 'esm', sub, 'index.js')].find((f) => fs.existsSync(f));
      return file ? { path: file } : undefined;
    });
  },
};

/**
 * The editor reaches the emulator only through `src/editor/emulatorController.ts`, with a
 * dynamic import: that import becomes `require('./emulator.js')`, the emulator's own bundle,
 * so its database, query parser and server load when the user starts it, never at activation.
 */
const emulatorApart = {
  name: 'emulator-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/emulator(\/index\.js)?$/ }, (args) =>
      args.importer.endsWith(path.join('src', 'editor', 'emulatorController.ts')) ? { path: './emulator.js', external: true } : undefined,
    );
  },
};

/**
 * Likewise the query-language parser: `src/editor/queryLanguageLoader.ts` imports it
 * dynamically, and it becomes `require('./queryLanguage.js')`, so acorn (two thirds of its
 * weight) loads when a query file is first checked, not at activation.
 */
const queryLanguageApart = {
  name: 'query-language-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/core\/database\/queryLanguage(\.js)?$/ }, (args) =>
      args.importer.endsWith(path.join('src', 'editor', 'queryLanguageLoader.ts')) ? { path: './queryLanguage.js', external: true } : undefined,
    );
  },
};

/** The declarations of the emulator's wx-server-sdk ship beside its bundle, for users' editors. */
const sdkTypes = {
  name: 'wx-server-sdk-types',
  setup(build) {
    const { write, outdir, absWorkingDir } = build.initialOptions;
    if (write === false || !outdir) return;
    const root = path.dirname(fileURLToPath(import.meta.url));
    build.onEnd(() => {
      const dir = path.resolve(absWorkingDir ?? root, outdir);
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(path.join(root, 'src', 'emulator', 'sdk', 'wx-server-sdk.d.ts'), path.join(dir, 'wx-server-sdk.d.ts'));
    });
  },
};

/** @returns {esbuild.BuildOptions} */
export function buildOptions({ production = false } = {}) {
  return {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: production ? 'external' : 'linked',
    sourcesContent: false,
    minify: production,
    legalComments: 'none',
    logLevel: 'warning',
    external: ['vscode'],
    // jsonc-parser's UMD `main` hides its requires from esbuild; its ESM build bundles cleanly.
    mainFields: ['module', 'main'],
    // ofetch's Node build carries a whole fetch polyfill for runtimes without fetch; VS Code's
    // Node always has one, so take the thin wrapper around the global (42% of the bundle).
    alias: { 'node-fetch-native': 'node-fetch-native/native' },
    // mingo's exports send Node to its CommonJS build, which esbuild cannot tree-shake; its
    // ESM build lets the emulator's database keep only the operators it registers.
    plugins: [mingoEsm, emulatorApart, queryLanguageApart, sdkTypes],
    outdir: 'dist',
    entryPoints: {
      extension: 'src/extension.ts',
      emulator: 'src/emulator/index.ts',
      functionWorker: 'src/emulator/functionWorker.ts',
      // Loaded by the worker in place of a function's `require('wx-server-sdk')`.
      wxServerSdk: 'src/emulator/sdk/wxServerSdk.ts',
      queryLanguage: 'src/core/database/queryLanguage.ts',
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const options = buildOptions({ production: process.argv.includes('--production') });
  if (process.argv.includes('--watch')) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
    console.log('esbuild: watching for changes');
  } else {
    await esbuild.build(options);
  }
}
