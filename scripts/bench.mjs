// `npm run bench [-- --json] [--runs N] [--editor-runs N] [--no-editor] [--no-package]`
// Measures, in one run, against the emulator (docs/performance.md explains each figure):
//   sizes       npm run package, then dist/extension.js and dist/wxcloud.vsix;
//   client      the real client, bundled and minified as shipped, against an emulator process;
//   editor      test/bench/editorBench.ts inside a real VS Code extension host (the offline
//               code-server host), once per editor session, against a second emulator process.
// Time targets are ratios against a baseline taken in the same run; figures are medians.
// Prints a table (figure, target, met); with --json the LAST line is one JSON object with exactly
// the keys of issue 7. Exits 0 when it ran, whatever the figures; non-zero only when it could not.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { installHost, repoRoot, stopAll } from './offlineHost.mjs';
import { startEmulatorProcess, vsixPath } from './lib/harness.mjs';
import { analyzeBundle } from './bench/bundleReport.mjs';
import { databaseFigures, DB } from './bench/databaseBench.mjs';
import { runEditorBench } from './bench/editorHost.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const json = flag('--json');
const runs = option('--runs', 7);
const editorRuns = flag('--no-editor') ? 0 : option('--editor-runs', 3);
const LIST = { functions: 2000, latencyMs: 30, pageSize: 100, concurrency: 6 };
const INVOKE_ITERATIONS = option('--invoke-iterations', 60);

// Progress goes to stderr so that stdout holds the table, or the table and the JSON line.
const say = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const benchDir = path.join(repoRoot, '.cache', 'bench');

const KEYS = [
  'bundle_bytes',
  'vsix_bytes',
  'activate_ms',
  'list_ratio_vs_bound',
  'list_speedup_vs_sequential',
  'list_requests',
  'cached_reexpand_requests',
  'invoke_overhead_ratio',
  'deploy_overhead_ratio',
  'emulator_warm_invoke_ms',
  'emulator_db_query_ms',
  'emulator_db_scan_ms_per_10k',
  'tree_1000_ms_ratio',
  'host_heap_mb_10k',
  'db_page_1000_ratio',
  'db_tree_1000_ms_ratio',
  'authorizers_300_first_rows_ratio',
];

function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}
const round = (x, d = 3) => (x === null || x === undefined ? null : Math.round(x * 10 ** d) / 10 ** d);

function machine() {
  const cpus = os.cpus();
  return {
    nproc: os.availableParallelism?.() ?? cpus.length,
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadavg: os.loadavg().map((l) => round(l, 2)),
  };
}

function packageExtension() {
  if (flag('--no-package')) {
    if (!existsSync(vsixPath)) throw new Error('--no-package, but dist/wxcloud.vsix is missing');
    say('using the existing dist/ (--no-package)');
    return;
  }
  say('npm run package (minified bundle + .vsix)');
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
}

/** Bundles one Node-side bench program (minified, as the extension ships its code) into .cache/bench/. */
async function bundleBench(name) {
  mkdirSync(benchDir, { recursive: true });
  const out = path.join(benchDir, `${name}.cjs`);
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'scripts', 'bench', `${name}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    mainFields: ['module', 'main'],
    outfile: out,
    logLevel: 'warning',
  });
  return out;
}

/**
 * Runs `work` against an emulator process with a data folder of its own, so what a bench
 * writes (synthetic collections, deployed code) never lands in the demo project; stops the
 * emulator and removes the folder however `work` ends.
 */
async function withOwnEmulator(extraArgs, work, { timeoutMs } = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wxcloud-bench-'));
  const emulator = await startEmulatorProcess({ extraArgs: [...extraArgs, '--data-dir', dataDir], ...(timeoutMs ? { timeoutMs } : {}) });
  try {
    return await work(emulator);
  } finally {
    await emulator.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs a bundled Node-side bench program with `input` and answers the JSON line it ends with. */
function runBenchProgram(out, input, what) {
  const r = spawnSync(process.execPath, [out, JSON.stringify(input)], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`the ${what} bench failed (exit ${r.status ?? r.signal}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** deploy_overhead_ratio: a 1 MB function deployed through the client vs a bare upload of the same zip. */
async function deployFigures() {
  say('deploy: emulator in deployed mode, a 1 MB function through the client and as a bare upload');
  return withOwnEmulator(['--code-mode', 'deployed'], async (emulator) => {
    const out = await bundleBench('deployBench');
    const input = { url: emulator.url, authorizerToken: emulator.credentials.authorizer_access_token, env: emulator.envs[0], runs, iterations: 10 };
    return runBenchProgram(out, input, 'deploy');
  });
}

async function clientFigures() {
  say(`client: emulator with ${LIST.functions} functions in one environment`);
  const extraArgs = ['--synthetic-envs', '1', '--synthetic-functions', String(LIST.functions), '--synthetic-documents', '2000'];
  return withOwnEmulator(extraArgs, async (emulator) => {
    const out = await bundleBench('clientBench');
    // The worker loads the emulator's wx-server-sdk from beside itself.
    for (const name of ['functionWorker.js', 'wxServerSdk.js']) {
      const file = path.join(repoRoot, 'dist', name);
      if (existsSync(file)) copyFileSync(file, path.join(benchDir, name));
    }
    const input = {
      url: emulator.url,
      controlKey: emulator.controlKey,
      authorizerToken: emulator.credentials.authorizer_access_token,
      mpToken: emulator.credentials.access_token,
      listEnv: emulator.envs.find((e) => e.startsWith('synthetic-')),
      invokeEnv: emulator.envs[0],
      ...LIST,
      runs,
      invokeIterations: INVOKE_ITERATIONS,
    };
    say(`client: ${runs} runs of listing (page size ${LIST.pageSize}, concurrency ${LIST.concurrency}, latency ${LIST.latencyMs} ms) and of ${INVOKE_ITERATIONS} invokes`);
    return runBenchProgram(out, input, 'client');
  });
}

async function editorFigures() {
  const sessions = [];
  const errors = [];
  if (editorRuns === 0) return { sessions, errors: ['skipped (--no-editor)'] };
  // As `npm test` does: install the offline host on the first run (minutes, once), reuse it after.
  try {
    installHost({ progress: 'stderr' });
  } catch (e) {
    return { sessions, errors: [`the offline host could not be installed: ${e instanceof Error ? e.message : String(e)}`] };
  }
  say('editor: emulator with 10 environments × 1,000 functions, 300 authorized mini programs and 2,000 documents');
  const extraArgs = ['--synthetic-envs', '10', '--synthetic-functions', '1000', '--authorizers', '300', '--synthetic-documents', '2000'];
  await withOwnEmulator(extraArgs, async (emulator) => {
    const info = { url: emulator.url, controlKey: emulator.controlKey, credentials: emulator.credentials, envs: emulator.envs };
    for (let i = 0; i < editorRuns; i++) {
      const started = Date.now();
      say(`editor: session ${i + 1} of ${editorRuns} (code-server + Chromium, fresh user data)`);
      try {
        const r = await runEditorBench({ vsix: vsixPath, emulator: info, reps: 5, log: say });
        sessions.push(r);
        if (r.errors?.length) errors.push(...r.errors.map((e) => `session ${i + 1}: ${e}`));
        say(`editor: session ${i + 1} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } catch (e) {
        errors.push(`session ${i + 1}: ${e instanceof Error ? e.message : String(e)}`);
        say(`editor: session ${i + 1} could not run: ${String(e instanceof Error ? e.message : e).split('\n')[0]}`);
      }
    }
  });
  return { sessions, errors };
}

const TARGETS = {
  bundle_bytes: { text: '≤ 250000', met: (v) => v <= 250_000 },
  vsix_bytes: { text: '≤ 600000', met: (v) => v <= 600_000 },
  activate_ms: { text: '≤ 15', met: (v) => v <= 15 },
  list_ratio_vs_bound: { text: '≤ 1.5', met: (v) => v <= 1.5 },
  list_speedup_vs_sequential: { text: '≥ 3', met: (v) => v >= 3 },
  list_requests: { text: '= pages', met: (v, ctx) => v === ctx.pages },
  cached_reexpand_requests: { text: '0', met: (v) => v === 0 },
  invoke_overhead_ratio: { text: '≤ 1.15', met: (v) => v <= 1.15 },
  deploy_overhead_ratio: { text: '≤ 1.3', met: (v) => v <= 1.3 },
  emulator_warm_invoke_ms: { text: '≤ 5', met: (v) => v <= 5 },
  emulator_db_query_ms: { text: '≤ 5', met: (v) => v <= 5 },
  emulator_db_scan_ms_per_10k: { text: '≤ 20', met: (v) => v <= 20 },
  tree_1000_ms_ratio: { text: '≤ 2', met: (v) => v <= 2 },
  host_heap_mb_10k: { text: '≤ 50', met: (v) => v <= 50 },
  db_page_1000_ratio: { text: '≤ 1.2', met: (v) => v <= 1.2 },
  db_tree_1000_ms_ratio: { text: '≤ 2', met: (v) => v <= 2 },
  authorizers_300_first_rows_ratio: { text: '≤ 1.5', met: (v) => v <= 1.5 },
};

function printTable(figures, ctx, notes) {
  const rows = KEYS.map((key) => {
    const v = figures[key];
    const target = TARGETS[key];
    const met = v === null ? 'n/a' : target.met(v, ctx) ? 'yes' : 'NO';
    const text = key === 'list_requests' ? `= ${ctx.pages}` : target.text;
    return [key, v === null ? 'null' : String(v), text, met, notes[key] ?? ''];
  });
  const head = ['figure', 'value', 'target', 'met', 'how'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
}

async function main() {
  const started = Date.now();
  const before = machine();
  packageExtension();
  const bundle_bytes = statSync(path.join(repoRoot, 'dist', 'extension.js')).size;
  const vsix_bytes = statSync(vsixPath).size;
  const bundle = await analyzeBundle();

  const client = await clientFigures();
  const deploy = await deployFigures();
  const database = await databaseFigures({ withOwnEmulator, say });
  const editor = await editorFigures();
  const sessions = editor.sessions;
  const pick = (key) => round(median(sessions.map((s) => s[key])), key === 'activate_ms' ? 2 : 3);

  const figures = {
    bundle_bytes,
    vsix_bytes,
    activate_ms: pick('activate_ms'),
    list_ratio_vs_bound: client.list.list_ratio_vs_bound,
    list_speedup_vs_sequential: client.list.list_speedup_vs_sequential,
    list_requests: client.list.list_requests,
    cached_reexpand_requests: client.list.cached_reexpand_requests,
    invoke_overhead_ratio: client.invoke.invoke_overhead_ratio,
    deploy_overhead_ratio: deploy.deploy_overhead_ratio,
    emulator_warm_invoke_ms: client.invoke.emulator_warm_invoke_ms,
    emulator_db_query_ms: round(database.emulator_db_query_ms),
    emulator_db_scan_ms_per_10k: round(database.emulator_db_scan_ms_per_10k),
    tree_1000_ms_ratio: pick('tree_1000_ms_ratio'),
    host_heap_mb_10k: pick('host_heap_mb_10k'),
    db_page_1000_ratio: client.page.db_page_1000_ratio,
    db_tree_1000_ms_ratio: pick('db_tree_1000_ms_ratio'),
    authorizers_300_first_rows_ratio: pick('authorizers_300_first_rows_ratio'),
  };
  const d = sessions.map((s) => s.details ?? {});
  const editorWhy = editor.errors.length ? `null: ${editor.errors[0].split('\n')[0]}` : '';
  const nullNote = (key, text) => (figures[key] === null ? editorWhy || 'null: not measured' : text);
  const notes = {
    bundle_bytes: 'dist/extension.js after npm run package (minified)',
    vsix_bytes: 'dist/wxcloud.vsix',
    activate_ms: nullNote('activate_ms', `activationMs from activate(), median of ${sessions.length} editor session(s): ${sessions.map((s) => s.activate_ms).join(', ')}`),
    list_ratio_vs_bound: `median ${median(client.list.clientMs)} ms / bound ${client.list.boundMs} ms (${client.list.pages} pages, pageSize ${LIST.pageSize}, concurrency ${LIST.concurrency}, latency ${LIST.latencyMs} ms), ${runs} runs`,
    list_speedup_vs_sequential: `bare sequential walk median ${median(client.list.sequentialMs)} ms / client ${median(client.list.clientMs)} ms`,
    list_requests: 'emulator stats during one client listing (median of runs)',
    cached_reexpand_requests: `same client, same listing again within the 30 s cache (median ${median(client.list.cachedMs)} ms)`,
    invoke_overhead_ratio: `median over ${runs} runs of median(client)/median(bare fetch), ${INVOKE_ITERATIONS} interleaved pairs each, warm, latency 0`,
    deploy_overhead_ratio: `median over ${runs} runs of median(client deploy)/median(bare fetch deploy), 10 interleaved pairs each: ${deploy.clientMs} ms / ${deploy.bareMs} ms for a ${deploy.zipBytes}-byte zip (both: code secret, signature, signed upload; the upload alone ${deploy.uploadOnlyMs} ms)`,
    emulator_warm_invoke_ms: 'median round trip of a bare fetch invoking sum (loopback, warm process)',
    emulator_db_query_ms: `median round trip of tcb/databasequery where({n}) on ${DB.documents} documents, n indexed, ${DB.queries} values`,
    emulator_db_scan_ms_per_10k: `median round trip of where({title}) (not indexed) on ${DB.documents} documents, ${round(database.scanMedianMs)} ms, per 10,000`,
    tree_1000_ms_ratio: nullNote(
      'tree_1000_ms_ratio',
      `env expanded → Functions' 1,000 rows settled, median ${median(d.map((x) => x.treeMedianMs))} ms / bare page round trip in the host ${median(d.map((x) => x.pageRoundTripMedianMs))} ms`,
    ),
    host_heap_mb_10k: nullNote(
      'host_heap_mb_10k',
      `first load of 10 envs × 1,000 functions (page size 1000), each shown in the open view, ${d[0]?.heapMethod ?? ''}; per session ${sessions.map((s) => s.host_heap_mb_10k).join(', ')}`,
    ),
    authorizers_300_first_rows_ratio: nullNote(
      'authorizers_300_first_rows_ratio',
      `304 mini programs, latency 30 ms: list expanded → first 100 rows named, median ${median(d.map((x) => x.namesTreeMedianMs))} ms / the list + 100 names by bare fetches 6 at a time ${median(d.map((x) => x.namesBareConcurrentMedianMs))} ms; against the formula (list ${median(d.map((x) => x.namesListRoundTripMs))} ms + ceil(100/6) × name ${median(d.map((x) => x.namesInfoRoundTripMs))} ms = ${median(d.map((x) => x.namesBoundMs))} ms): ${median(d.map((x) => x.namesRatioVsFormula))}`,
    ),
  };
  notes.db_page_1000_ratio = `CloudDatabase.query of 1,000 synthetic documents, parsed, median ${client.page.clientMedianMs} ms / bare fetch of the same request ${client.page.bareMedianMs} ms, ${runs * 6} interleaved pairs, latency 0`;
  notes.db_tree_1000_ms_ratio = nullNote(
    'db_tree_1000_ms_ratio',
    `collection expanded → 1,000 document rows (page size 1000), median ${median(d.map((x) => x.dbTreeMedianMs))} ms / bare page round trip in the host ${median(d.map((x) => x.dbPageRoundTripMedianMs))} ms`,
  );
  const ctx = { pages: client.list.pages };
  const after = machine();
  say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  console.log('');
  console.log(`WeChat Cloud bench — ${new Date().toISOString()}`);
  console.log(`machine: ${before.nproc} cores, ${before.cpu}, ${before.memoryGiB} GiB, Node ${before.node}, ${before.platform}; load average ${before.loadavg.join(' ')} at start, ${after.loadavg.join(' ')} at end`);
  if (sessions[0]) console.log(`editor: ${sessions[0].host} host, VS Code ${sessions[0].vscodeVersion}, ${sessions.length} session(s)`);
  console.log('');
  printTable(figures, ctx, notes);
  if (sessions.length) {
    const view = median(d.map((x) => x.viewMedianMs));
    const warm = median(d.map((x) => x.viewWarmMedianMs));
    const trip = median(d.map((x) => x.pageRoundTripMedianMs));
    console.log('');
    console.log('in the open view (not a key; see docs/performance.md):');
    console.log(`  environment revealed and expanded until VS Code took all 1,000 rows: median ${view ?? 'n/a'} ms (${view && trip ? round(view / trip, 2) : 'n/a'} × the page round trip)`);
    console.log(`  the same for an environment already loaded (VS Code's own cost per 1,000 rows): median ${warm ?? 'n/a'} ms`);
    const series = d.map((x) => (x.heapSeriesMb ?? []).map(([k, v]) => `${k} ${v}`).join(', ')).filter(Boolean);
    for (const [i, line] of series.entries()) console.log(`  heap MB, session ${i + 1}: ${line}`);
  }
  if (editor.errors.length) {
    console.log('');
    console.log('editor problems:');
    for (const e of editor.errors) console.log(`  ${e.replace(/\n/g, '\n    ')}`);
  }
  console.log('');
  console.log('largest parts of dist/extension.js (minified bytes in the bundle):');
  for (const g of bundle.groups.slice(0, 8)) console.log(`  ${g.name.padEnd(24)} ${String(g.bytes).padStart(7)}  ${(g.share * 100).toFixed(1)}%`);
  if (flag('--details')) console.log(`\n${JSON.stringify({ machine: before, client, editor: sessions.map(({ runDir: _r, ...s }) => s) }, null, 2)}`);
  if (json) console.log(JSON.stringify(Object.fromEntries(KEYS.map((k) => [k, figures[k]]))));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`[bench] could not run: ${e instanceof Error ? e.message : e}`);
    stopAll();
    process.exit(1);
  },
);
