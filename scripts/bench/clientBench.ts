// The Node-side half of `npm run bench`: the real WxCloudClient (bundled and minified the way
// the extension ships it) against an emulator running in its own process. Reads one JSON
// argument, prints one JSON line of measurements. Run by scripts/bench.mjs; not a test.
import { WxCloudClient } from '../../src/core/client';
import { StaticTokenSource } from '../../src/core/tokens/staticToken';
import { CloudDatabase } from '../../src/core/database/cloudDatabase';
import { getQuery } from '../../src/core/database/queryText';
import { median, round, timed, timedPairs } from './stats';

export interface ClientBenchInput {
  url: string;
  /** The emulator's per-start key for its control path (the ready line's controlKey). */
  controlKey: string;
  /** An authorizer_access_token of the project's mini program (lists functions). */
  authorizerToken: string;
  /** Its mp access_token (invokes). */
  mpToken: string;
  /** The environment holding the synthetic functions. */
  listEnv: string;
  /** The environment holding `sum`. */
  invokeEnv: string;
  functions: number;
  latencyMs: number;
  pageSize: number;
  concurrency: number;
  runs: number;
  invokeIterations: number;
}

interface Stats {
  requests: number;
}

async function control({ url, controlKey }: ClientBenchInput, path: string, body?: unknown): Promise<unknown> {
  const headers = { 'x-wxcloud-emulator-key': controlKey, 'content-type': 'application/json' };
  const res = await fetch(`${url}/_emulator/${path}`, body === undefined ? { headers } : { method: 'POST', body: JSON.stringify(body), headers });
  if (!res.ok) throw new Error(`emulator control ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}
const stats = (input: ClientBenchInput) => control(input, 'stats') as Promise<Stats>;
const resetStats = (input: ClientBenchInput) => control(input, 'stats/reset', {});
const setFaults = (input: ClientBenchInput, faults: Record<string, unknown>) => control(input, 'faults', faults);

/** What a caller without the client would write: POST, JSON body, read the text, parse it. */
async function barePost(url: string, path: string, query: Record<string, string>, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/${path}?${new URLSearchParams(query)}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', accept: 'application/json' },
  });
  const parsed = JSON.parse(await res.text()) as Record<string, unknown>;
  if (parsed.errcode !== 0 && parsed.errcode !== undefined) throw new Error(`${path}: errcode ${String(parsed.errcode)} ${String(parsed.errmsg)}`);
  return parsed;
}

function newClient(input: ClientBenchInput, kind: 'authorizer' | 'mp'): WxCloudClient {
  const token = kind === 'authorizer' ? input.authorizerToken : input.mpToken;
  return new WxCloudClient({ baseUrl: input.url, identity: 'bench', credentials: { [kind]: new StaticTokenSource({ kind, token }) } });
}

async function sequentialWalk(input: ClientBenchInput): Promise<number> {
  let offset = 0;
  let total = Infinity;
  let seen = 0;
  while (offset < total) {
    const page = await barePost(input.url, 'tcb/listfunctions', { access_token: input.authorizerToken }, { env: input.listEnv, limit: input.pageSize, offset });
    total = Number(page.total_count);
    const n = (page.functions as unknown[]).length;
    if (n === 0) break;
    seen += n;
    offset += n;
  }
  return seen;
}

async function listing(input: ClientBenchInput) {
  await setFaults(input, { latencyMs: input.latencyMs, jitterMs: 0 });
  // Warm the connection pool both ways before timing anything.
  await newClient(input, 'authorizer').listFunctions({ env: input.listEnv, limit: 1 });
  await barePost(input.url, 'tcb/listfunctions', { access_token: input.authorizerToken }, { env: input.listEnv, limit: 1, offset: 0 });

  const pages = Math.ceil(input.functions / input.pageSize);
  const boundMs = (1 + Math.ceil((pages - 1) / input.concurrency)) * input.latencyMs;
  const clientMs: number[] = [];
  const sequentialMs: number[] = [];
  const requests: number[] = [];
  const cachedRequests: number[] = [];
  const cachedMs: number[] = [];
  const counts = new Set<number>();
  for (let run = 0; run < input.runs; run++) {
    const client = newClient(input, 'authorizer');
    const viaClient = async () => {
      await resetStats(input);
      const first = await timed(() => client.listAllFunctions({ env: input.listEnv, pageSize: input.pageSize, concurrency: input.concurrency }));
      requests.push((await stats(input)).requests);
      clientMs.push(first.ms);
      counts.add(first.value.functions.length);
      await resetStats(input);
      const again = await timed(() => client.listAllFunctions({ env: input.listEnv, pageSize: input.pageSize, concurrency: input.concurrency }));
      cachedRequests.push((await stats(input)).requests);
      cachedMs.push(again.ms);
    };
    const viaBare = async () => {
      const walk = await timed(() => sequentialWalk(input));
      sequentialMs.push(walk.ms);
      counts.add(walk.value);
    };
    // Alternate the order so neither side always runs on a warmer machine.
    if (run % 2 === 0) {
      await viaClient();
      await viaBare();
    } else {
      await viaBare();
      await viaClient();
    }
  }
  await setFaults(input, { latencyMs: 0, jitterMs: 0 });
  const clientMedian = median(clientMs);
  return {
    pages,
    boundMs,
    functionsSeen: [...counts],
    clientMs: clientMs.map((v) => round(v, 1)),
    sequentialMs: sequentialMs.map((v) => round(v, 1)),
    cachedMs: cachedMs.map((v) => round(v, 2)),
    requests,
    cachedRequests,
    list_ratio_vs_bound: round(clientMedian / boundMs),
    list_speedup_vs_sequential: round(median(sequentialMs) / clientMedian),
    list_requests: median(requests),
    cached_reexpand_requests: median(cachedRequests),
  };
}

async function invoking(input: ClientBenchInput) {
  await setFaults(input, { latencyMs: 0, jitterMs: 0 });
  const client = newClient(input, 'mp');
  const event = { a: 1, b: 2 };
  const viaClient = async () => {
    const r = await client.invoke({ env: input.invokeEnv, name: 'sum', event });
    if (r.value !== 3) throw new Error(`sum answered ${JSON.stringify(r)}`);
  };
  const viaBare = async () => {
    const body = await barePost(input.url, 'tcb/invokecloudfunction', { access_token: input.mpToken, env: input.invokeEnv, name: 'sum' }, event);
    if (body.resp_data !== '3') throw new Error(`sum answered ${JSON.stringify(body)}`);
  };
  // Warm: the function's process is started and loaded, sockets are open, JIT has run.
  for (let i = 0; i < 30; i++) {
    await viaClient();
    await viaBare();
  }
  const ratios: number[] = [];
  const clientMedians: number[] = [];
  const bareMedians: number[] = [];
  const allBare: number[] = [];
  for (let run = 0; run < input.runs; run++) {
    const { client: c, bare: b } = await timedPairs(viaClient, viaBare, input.invokeIterations);
    clientMedians.push(median(c));
    bareMedians.push(median(b));
    allBare.push(...b);
    ratios.push(median(c) / median(b));
  }
  return {
    clientMedianMs: clientMedians.map((v) => round(v, 3)),
    bareMedianMs: bareMedians.map((v) => round(v, 3)),
    invoke_overhead_ratio: round(median(ratios)),
    emulator_warm_invoke_ms: round(median(allBare), 3),
  };
}

/**
 * A 1,000-document page of the synthetic collection through CloudDatabase (documents parsed
 * into objects) against a bare fetch of the same request that parses only the envelope.
 */
async function databasePage(input: ClientBenchInput) {
  await setFaults(input, { latencyMs: 0, jitterMs: 0 });
  const database = new CloudDatabase(newClient(input, 'authorizer'), input.invokeEnv);
  const query = getQuery({ collection: 'synthetic', orderBy: [{ field: '_id', direction: 'asc' }], limit: 1000 });
  const viaClient = async () => {
    const page = await database.query(query);
    if (page.documents.length !== 1000 || typeof page.documents[999]!.value !== 'object') throw new Error(`the client's page had ${page.documents.length} documents`);
  };
  const viaBare = async () => {
    const body = await barePost(input.url, 'tcb/databasequery', { access_token: input.authorizerToken }, { env: input.invokeEnv, query });
    if ((body.data as unknown[]).length !== 1000) throw new Error('the bare page is not 1000 documents');
  };
  for (let i = 0; i < 5; i++) {
    await viaClient();
    await viaBare();
  }
  const { client: c, bare: b } = await timedPairs(viaClient, viaBare, input.runs * 6);
  return { clientMedianMs: round(median(c), 2), bareMedianMs: round(median(b), 2), db_page_1000_ratio: round(median(c) / median(b)) };
}

async function main(argv: string[]): Promise<void> {
  const input = JSON.parse(argv[0] ?? '{}') as ClientBenchInput;
  const list = await listing(input);
  const invoke = await invoking(input);
  const page = await databasePage(input);
  process.stdout.write(`${JSON.stringify({ list, invoke, page })}\n`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`client bench: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
