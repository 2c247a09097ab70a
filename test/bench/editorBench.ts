// The in-editor half of `npm run bench`, run inside a real VS Code extension host by
// scripts/bench/editorHost.mjs (never by `npm run test:integration`). It drives the installed
// extension through its own API (the `activate` result) against an emulator that runs in its
// own process (URL and tokens in WXCLOUD_BENCH_EMULATOR), and writes its measurements to the
// JSON file named by WXCLOUD_BENCH_OUT.
import { renameSync, writeFileSync } from 'node:fs';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import type { WxCloudApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/tree/explorerNode';
import { median, round, timed } from '../../scripts/bench/stats';
import { getQuery } from '../../src/core/database/queryText';

const EXTENSION_ID = 'wxcloud-tools.wxcloud';

interface EmulatorInfo {
  url: string;
  credentials: { appid: string; authorizer_access_token: string };
  envs: string[];
}

export interface EditorBenchResults {
  host: string;
  vscodeVersion: string;
  activate_ms: number | null;
  tree_1000_ms_ratio: number | null;
  host_heap_mb_10k: number | null;
  db_tree_1000_ms_ratio: number | null;
  details: Record<string, unknown>;
  errors: string[];
}

const label = (node: ExplorerNode) => (typeof node.label === 'string' ? node.label : (node.label?.label ?? ''));
const isFunction = (node: ExplorerNode) => /^wxcloud\.function\b/.test(node.contextValue ?? '');
const envIdOf = (node: ExplorerNode) => (node as unknown as { env?: { env?: string } }).env?.env;

/** A real collector when the host lets us have one; heap figures are then exact, not sampled. */
function findGc(): { gc?: () => void; how: string } {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') return { gc: g, how: 'global.gc (exposed by the host)' };
  try {
    v8.setFlagsFromString('--expose-gc');
    const fromVm = vm.runInNewContext('gc') as unknown;
    if (typeof fromVm === 'function') return { gc: fromVm as () => void, how: 'gc via v8.setFlagsFromString(--expose-gc)' };
  } catch {
    /* fall through to sampling */
  }
  return { how: 'no gc: median of 5 samples 200 ms apart' };
}

async function heapUsed(gc: (() => void) | undefined): Promise<number> {
  if (gc) {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 20));
    }
    return process.memoryUsage().heapUsed;
  }
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(process.memoryUsage().heapUsed);
    await new Promise((r) => setTimeout(r, 200));
  }
  return median(samples);
}

async function addConnection(api: WxCloudApi, emulator: EmulatorInfo, id: string): Promise<ExplorerNode> {
  await api.store.add(
    { id, name: id, kind: 'token', tokenKind: 'authorizer', appid: emulator.credentials.appid, baseUrl: emulator.url },
    { token: emulator.credentials.authorizer_access_token },
    { ephemeral: true },
  );
  const roots = await api.explorer.settledChildren();
  const root = roots.find((n) => label(n) === id);
  if (!root) throw new Error(`connection ${id} is not in the tree: ${roots.map(label).join(' | ')}`);
  return root;
}

async function removeConnections(api: WxCloudApi): Promise<void> {
  for (const c of api.store.list()) if (c.id.startsWith('bench-')) await api.store.remove(c.id);
}

async function envNode(api: WxCloudApi, root: ExplorerNode, env: string): Promise<ExplorerNode> {
  const rows = await api.explorer.settledChildren(root);
  const node = rows.find((n) => envIdOf(n) === env);
  if (!node) throw new Error(`environment ${env} is not in the tree: ${rows.map(label).join(' | ')}`);
  return node;
}

/** Expands an environment and waits for its Functions node's first page: what the user waits for. */
async function renderFunctions(api: WxCloudApi, env: ExplorerNode): Promise<ExplorerNode[]> {
  const rows = await api.explorer.settledChildren(env);
  const functions = rows.find((n) => /^wxcloud\.functions\b/.test(n.contextValue ?? ''));
  if (!functions) throw new Error(`no Functions row under ${label(env)}: ${rows.map(label).join(' | ')}`);
  const children = await api.explorer.settledChildren(functions);
  // What VS Code does with each row before it sends it to the window.
  for (const child of children) api.explorer.getTreeItem(child);
  return children.filter(isFunction);
}

/**
 * Expands the environment in the open view and waits until VS Code has turned the first page of
 * its Functions node into tree items (what it then sends to the window): the render as the
 * extension host sees it. Watches the provider's getTreeItem, the call VS Code makes per row.
 */
async function showInView(api: WxCloudApi, env: ExplorerNode, expected: number, timeoutMs = 60_000): Promise<number> {
  const explorer = api.explorer as unknown as {
    getTreeItem: (n: ExplorerNode) => unknown;
    getChildren: (n?: ExplorerNode) => ExplorerNode[] | Promise<ExplorerNode[]>;
  };
  const original = explorer.getTreeItem;
  const originalChildren = explorer.getChildren;
  // What VS Code asked for, to say why when the rows never come.
  const asked: string[] = [];
  explorer.getChildren = function (this: unknown, node?: ExplorerNode) {
    const result = originalChildren.call(this, node);
    void Promise.resolve(result).then((rows) => asked.push(`${node ? (node.contextValue ?? '?').split(';')[0] : 'root'}→${rows.length}${rows[0] ? ` (${label(rows[0])})` : ''}`));
    return result;
  };
  let seen = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  explorer.getTreeItem = function (this: unknown, node: ExplorerNode) {
    const item = original.call(this, node);
    if (isFunction(node) && node.parent?.parent === env && ++seen >= expected) resolveDone();
    return item;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const started = performance.now();
    void api.treeView.reveal(env, { expand: true, select: false, focus: false }).then(undefined, () => undefined);
    await Promise.race([
      done,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`VS Code took ${seen} of ${expected} rows within ${timeoutMs} ms; it asked for: ${asked.join(', ') || 'nothing'}; view visible: ${api.treeView.visible}`)), timeoutMs))),
    ]);
    return performance.now() - started;
  } finally {
    clearTimeout(timer);
    delete (explorer as { getTreeItem?: unknown }).getTreeItem;
    delete (explorer as { getChildren?: unknown }).getChildren;
  }
}

/** Lets the view catch up with a change (it drops the rows of a removed connection on its next fetch). */
const settle = (ms = 1000) => new Promise((r) => setTimeout(r, ms));

/** The same first page asked with a bare fetch from this host: the round trip the tree cannot beat. */
async function pageRoundTrip(emulator: EmulatorInfo, env: string, pageSize: number): Promise<number> {
  const url = `${emulator.url}/tcb/listfunctions?access_token=${encodeURIComponent(emulator.credentials.authorizer_access_token)}`;
  const { ms, value } = await timed(async () => {
    const res = await fetch(url, { method: 'POST', body: JSON.stringify({ env, limit: pageSize, offset: 0 }), headers: { 'content-type': 'application/json' } });
    return JSON.parse(await res.text()) as { functions?: unknown[] };
  });
  if (value.functions?.length !== pageSize) throw new Error(`the bare page had ${value.functions?.length} functions`);
  return ms;
}

async function setGlobal(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('wxcloud').update(key, value, vscode.ConfigurationTarget.Global);
}

/** The synthetic collection's row under the project environment's Database row. */
async function collectionRow(api: WxCloudApi, root: ExplorerNode, env: string): Promise<ExplorerNode> {
  const rows = await api.explorer.settledChildren(await envNode(api, root, env));
  const database = rows.find((n) => /^wxcloud\.database\b/.test(n.contextValue ?? ''));
  if (!database) throw new Error(`no Database row under ${env}: ${rows.map(label).join(' | ')}`);
  const collections = await api.explorer.settledChildren(database);
  const synthetic = collections.find((n) => label(n) === 'synthetic');
  if (!synthetic) throw new Error(`no synthetic collection: ${collections.map(label).join(' | ')}`);
  return synthetic;
}

/**
 * Expanding a collection until its 1,000 document rows are tree items, against a bare fetch of
 * the same page from this host, interleaved, a new connection (no cache) each time.
 */
async function measureCollectionTree(api: WxCloudApi, emulator: EmulatorInfo, reps: number, results: EditorBenchResults): Promise<void> {
  const env = emulator.envs[0]!;
  const pageSize = 1000;
  await setGlobal('database.pageSize', pageSize);
  const query = getQuery({ collection: 'synthetic', orderBy: [{ field: '_id', direction: 'asc' }], limit: pageSize });
  const url = `${emulator.url}/tcb/databasequery?access_token=${encodeURIComponent(emulator.credentials.authorizer_access_token)}`;
  const trip = async () => {
    const { ms, value } = await timed(async () => {
      const res = await fetch(url, { method: 'POST', body: JSON.stringify({ env, query }), headers: { 'content-type': 'application/json' } });
      return JSON.parse(await res.text()) as { data?: unknown[] };
    });
    if (value.data?.length !== pageSize) throw new Error(`the bare page had ${value.data?.length} documents`);
    return ms;
  };
  const expand = async (i: number) => {
    const collection = await collectionRow(api, await addConnection(api, emulator, `bench-db-${i}`), env);
    const { ms, value } = await timed(async () => {
      const rows = await api.explorer.settledChildren(collection);
      for (const row of rows) api.explorer.getTreeItem(row);
      return rows.filter((r) => /^wxcloud\.document\b/.test(r.contextValue ?? ''));
    });
    if (value.length !== pageSize) throw new Error(`the collection showed ${value.length} documents, not ${pageSize}`);
    await removeConnections(api);
    return ms;
  };
  await trip();
  await expand(-1);
  const treeMs: number[] = [];
  const tripMs: number[] = [];
  for (let i = 0; i < reps; i++) {
    tripMs.push(await trip());
    treeMs.push(await expand(i));
  }
  results.db_tree_1000_ms_ratio = round(median(treeMs) / median(tripMs));
  Object.assign(results.details, { dbTreeMs: treeMs.map((v) => round(v, 1)), dbPageRoundTripMs: tripMs.map((v) => round(v, 1)), dbTreeMedianMs: round(median(treeMs), 1), dbPageRoundTripMedianMs: round(median(tripMs), 1) });
}

export async function runBench(): Promise<EditorBenchResults> {
  const results: EditorBenchResults = {
    host: process.env.WXCLOUD_BENCH_HOST ?? 'unknown',
    vscodeVersion: vscode.version,
    activate_ms: null,
    tree_1000_ms_ratio: null,
    host_heap_mb_10k: null,
    db_tree_1000_ms_ratio: null,
    details: {},
    errors: [],
  };
  const emulator = JSON.parse(process.env.WXCLOUD_BENCH_EMULATOR ?? 'null') as EmulatorInfo | null;
  const reps = Number(process.env.WXCLOUD_BENCH_REPS ?? 5);
  const ext = vscode.extensions.getExtension<WxCloudApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  results.details.activatedBeforeBench = ext.isActive;
  const api = await ext.activate();
  results.activate_ms = round(api.activationMs, 2);
  if (!emulator) {
    results.errors.push('WXCLOUD_BENCH_EMULATOR is not set: tree and heap were not measured');
    return results;
  }
  const synthetic = emulator.envs.filter((e) => e.startsWith('synthetic-'));
  const pageSize = 1000;
  await setGlobal('functions.pageSize', pageSize);
  // The view is open, as when a user browses: VS Code asks the provider for what it shows too.
  await vscode.commands.executeCommand('workbench.view.extension.wxcloud').then(undefined, (e: unknown) => results.errors.push(`opening the view: ${String(e)}`));
  await removeConnections(api);

  try {
    // Warm both paths once (sockets, JIT), then interleave the two measurements.
    await pageRoundTrip(emulator, synthetic[0]!, pageSize);
    const warm = await addConnection(api, emulator, 'bench-warm');
    await renderFunctions(api, await envNode(api, warm, synthetic[0]!));
    await removeConnections(api);

    const treeMs: number[] = [];
    const tripMs: number[] = [];
    for (let i = 0; i < reps; i++) {
      const env = synthetic[i % synthetic.length]!;
      tripMs.push(await pageRoundTrip(emulator, env, pageSize));
      // A new connection each time: a new session, so nothing comes from the read cache.
      const root = await addConnection(api, emulator, `bench-tree-${i}`);
      const node = await envNode(api, root, env);
      const { ms, value } = await timed(() => renderFunctions(api, node));
      if (value.length !== pageSize) throw new Error(`the tree showed ${value.length} functions, not ${pageSize}`);
      treeMs.push(ms);
      await removeConnections(api);
    }
    results.tree_1000_ms_ratio = round(median(treeMs) / median(tripMs));

    // The same, through the open view: VS Code expands the environment and takes the rows.
    const viewMs: number[] = [];
    try {
      for (let i = 0; i < reps; i++) {
        const env = synthetic[i % synthetic.length]!;
        const root = await addConnection(api, emulator, `bench-view-${i}`);
        const node = await envNode(api, root, env);
        // Let the view finish redrawing for the new connection first: a reveal racing that
        // redraw is dropped by VS Code, and its time is not the environment's.
        await settle(1000);
        try {
          viewMs.push(await showInView(api, node, pageSize, 20_000));
        } catch (e) {
          results.errors.push(`view ${i + 1}: ${(e as Error)?.message ?? String(e)}`);
        }
        await removeConnections(api);
        await settle(300);
      }
      if (viewMs.length) Object.assign(results.details, { viewMs: viewMs.map((v) => round(v, 1)), viewMedianMs: round(median(viewMs), 1), viewRatio: round(median(viewMs) / median(tripMs)) });
    } catch (e) {
      results.errors.push(`view: ${(e as Error)?.message ?? String(e)}`);
    }
    Object.assign(results.details, {
      treePageSize: pageSize,
      treeMs: treeMs.map((v) => round(v, 1)),
      pageRoundTripMs: tripMs.map((v) => round(v, 1)),
      treeMedianMs: round(median(treeMs), 1),
      pageRoundTripMedianMs: round(median(tripMs), 1),
    });
  } catch (e) {
    results.errors.push(`tree: ${(e as Error)?.stack ?? String(e)}`);
  }

  try {
    await measureCollectionTree(api, emulator, reps, results);
  } catch (e) {
    results.errors.push(`database tree: ${(e as Error)?.stack ?? String(e)}`);
  } finally {
    await setGlobal('database.pageSize', undefined);
  }

  try {
    const { gc, how } = findGc();
    const growth: number[] = [];
    let viewWorks = true;
    // Heap after each step, to show whether removing a connection gives the memory back (if not,
    // a later repetition starts on top of the previous one's rows and looks smaller than it is).
    const series: Array<[string, number]> = [];
    const sample = async (step: string) => {
      const used = await heapUsed(gc);
      series.push([step, round(used / (1024 * 1024), 2)]);
      return used;
    };
    const viewWarmMs: number[] = [];
    // The first load is the figure: the tree and view measurements above have already run these
    // code paths. A second load is made only to show (in heapSeriesMb) what removing a connection
    // gives back; its own growth is not a clean figure, because it starts on top of the first.
    for (let i = 0; i < 2; i++) {
      await removeConnections(api);
      await settle();
      const before = await sample(`before ${i}`);
      const root = await addConnection(api, emulator, `bench-heap-${i}`);
      let loaded = 0;
      let shown = 0;
      for (const env of synthetic) {
        const node = await envNode(api, root, env);
        loaded += (await renderFunctions(api, node)).length;
        // Shown in the open view as well, so VS Code's own copies of the rows are counted.
        if (viewWorks) {
          try {
            viewWarmMs.push(await showInView(api, node, pageSize, 20_000));
            shown += pageSize;
          } catch (e) {
            viewWorks = false;
            results.errors.push(`heap view: ${(e as Error)?.message ?? String(e)}`);
          }
        }
      }
      await settle();
      const after = await sample(`loaded ${i}`);
      results.details.heapFunctionsShownInView = shown;
      if (loaded < 10_000) throw new Error(`only ${loaded} functions loaded`);
      growth.push((after - before) / (1024 * 1024));
      results.details.heapFunctionsLoaded = loaded;
    }
    results.host_heap_mb_10k = round(growth[0]!, 2);
    await removeConnections(api);
    await settle();
    await sample('removed');
    Object.assign(results.details, {
      heapMethod: how,
      heapGrowthMb: growth.map((v) => round(v, 2)),
      heapEnvs: synthetic.length,
      heapSeriesMb: series,
      viewWarmMs: viewWarmMs.map((v) => round(v, 1)),
      viewWarmMedianMs: round(median(viewWarmMs), 1),
    });
  } catch (e) {
    results.errors.push(`heap: ${(e as Error)?.stack ?? String(e)}`);
  }

  await removeConnections(api);
  await setGlobal('functions.pageSize', undefined);
  return results;
}

/** Runs once and writes the results where the harness reads them (WXCLOUD_BENCH_OUT). */
export async function runAndWrite(file = process.env.WXCLOUD_BENCH_OUT): Promise<void> {
  let results: EditorBenchResults | { error: string };
  try {
    results = await runBench();
  } catch (e) {
    results = { error: (e as Error)?.stack ?? String(e) };
  }
  if (file) {
    writeFileSync(`${file}.tmp`, JSON.stringify(results, null, 2));
    renameSync(`${file}.tmp`, file);
  }
}
