// The local emulator of the WeChat cloud HTTP API, importable (the extension starts it in
// process) and runnable (cli.ts). Composition only: see server.ts, endpoints.ts, invoke.ts.
import type { AddressInfo } from 'node:net';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { systemClock } from './clock';
import { databaseEndpoints, dataDirOf, openDatabases } from './databaseEndpoints';
import { FileStorage, COS_PREFIX } from './storage/store';
import { cosHost, storageEndpoints } from './storageEndpoints';
import { MigrateJobs } from './storage/migrate';
import { migrateEndpoints } from './migrateEndpoints';
import { buildEndpoints } from './endpoints';
import { configEndpoints } from './configEndpoints';
import { ConfigOverlay, overlayWorld } from './functionConfigs';
import { CodeStore } from './code/codeStore';
import { CODE_DOWNLOAD_PREFIX, CODE_HOST_PREFIX, codeEndpoints } from './codeEndpoints';
import { LogStore, makeInvoke } from './invoke';
import { readProject } from './project';
import { makeSdkHost } from './sdk/host';
import { FunctionRunner } from './runner';
import { createServer, DEFAULT_FAULTS, emptyStats, isLoopbackHost, validateFaults } from './server';
import { TokenStore } from './tokens';
import type { EmulatorOptions, EmulatorStats, Faults, RunningEmulator } from './types';
import { makeRandom, newRid, newSecret } from './wire';
import { buildWorld, COMPONENT_APPID } from './world';

export type { Clock, TimerHandle } from './clock';
export type { EmulatorOptions, EmulatorStats, Faults, RunningEmulator, EmulatorCredentials, SyntheticOptions, AuthorizerSummary } from './types';
export { DEMO_APPID, DEMO_ENV, COMPONENT_APPID } from './world';

/** The demo project shipped in the repository (from src/emulator or from a bundle in dist/). */
export function defaultProjectDir(): string {
  const candidates = [path.resolve(__dirname, '../../demo-project'), path.resolve(__dirname, '../demo-project')];
  return candidates.find((c) => fs.existsSync(c)) ?? candidates[0];
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const log = options.log ?? ((s: string) => process.stderr.write(`${s}\n`));
  if (options.faults) {
    const problem = validateFaults(options.faults as Record<string, unknown>);
    if (problem) throw new Error(`emulator faults: ${problem}`);
  }
  const project = readProject(path.resolve(options.projectDir ?? defaultProjectDir()), log);
  const world = buildWorld(project, log, options.synthetic);
  const clock = options.clock ?? systemClock;
  const tokens = new TokenStore(options.tokenTtlSeconds ?? 7200, clock);
  const stats: EmulatorStats = emptyStats();
  const runner = new FunctionRunner({ log, clock, onColdStart: () => stats.coldStarts++, ...options.processes });
  const logs = new LogStore();

  const faults = { current: { ...DEFAULT_FAULTS, ...options.faults } as Faults, random: Math.random };
  faults.random = makeRandom(faults.current.seed);
  const setFaults = (patch: Partial<Faults>): Faults => {
    faults.current = { ...faults.current, ...patch };
    if ('seed' in patch) faults.random = makeRandom(faults.current.seed);
    return { ...faults.current };
  };

  // One set of databases for the HTTP API, storage, migrate jobs and the functions' wx-server-sdk.
  const data = { ...options, world, projectDir: project.dir, log };
  const hub = openDatabases(data);
  const overlay = new ConfigOverlay(dataDirOf(data), hub, log, options.resetData);
  overlayWorld(world, overlay);
  let baseUrl = '';
  const codeMode = options.codeMode ?? 'live';
  const own = world.mini.get(world.projectAppid)!;
  const projectEnv = own.envs[0];
  const code = new CodeStore({ dataDir: dataDirOf(data), project, projectEnv: projectEnv.env, mode: codeMode, resetData: options.resetData, log });
  projectEnv.workspace = projectEnv.functions;
  code.seed(projectEnv.workspace.list().flatMap((f) => (f.local ? [{ name: f.meta.name, dir: f.local.dir }] : [])));
  for (const e of world.allEnvs) e.functions = code.functionsFor(e.env, e.functions, e === projectEnv);
  const codeApi = codeEndpoints({
    world,
    store: code,
    clock,
    faults: () => faults.current,
    baseUrl: () => baseUrl,
    workspaceDir: (e, name) => (e === projectEnv ? projectEnv.workspace?.get(name)?.local?.dir : undefined),
  });
  const storage = new FileStorage({ world, hub, dataDir: dataDirOf(data), clock, baseUrl: () => baseUrl });
  const sdk = makeSdkHost({
    world,
    hub,
    storage,
    invoke: async (env, name, event, wxContext) => {
      const rid = newRid();
      const answer = await invoke({ query: new URLSearchParams(), body: event, token: undefined, rid, headers: {} }, env, name, wxContext);
      return { data: String(answer.resp_data), rid };
    },
  });
  const invoke = makeInvoke({ runner, clock, logs, timeoutCapMs: options.functionTimeoutCapMs ?? 5000, countInvocation: () => stats.invocations++, sdk });
  const endpoints = buildEndpoints({ world, tokens, mpCanList: options.mpCanList ?? false, faults: () => faults.current, invoke });
  const migrate = migrateEndpoints(world, new MigrateJobs(hub, storage, clock), storage);
  const configs = configEndpoints(world, overlay, options.mpCanList ? ['authorizer', 'mp'] : ['authorizer']);
  for (const [p, e] of [...databaseEndpoints({ ...data, hub }), ...storageEndpoints(world, storage), ...migrate, ...configs, ...codeApi.endpoints]) endpoints.set(p, e);
  // Reset in place: the server holds this object.
  const resetStats = () => void Object.assign(stats, emptyStats());
  const controlKey = newSecret();
  const raw = [
    { prefix: COS_PREFIX, handle: cosHost(storage) },
    { prefix: CODE_DOWNLOAD_PREFIX, handle: codeApi.download },
    { prefix: CODE_HOST_PREFIX, handle: codeApi.host },
  ];
  const server = createServer({ endpoints, tokens, world, logs, stats, faults, resetStats, setFaults, log, clock, controlKey, raw, onApiRequest: options.onApiRequest });

  const credentials = {
    appid: world.projectAppid,
    secret: world.secrets.appSecret,
    component_appid: COMPONENT_APPID,
    component_appsecret: world.secrets.componentSecret,
    component_verify_ticket: world.secrets.verifyTicket,
    access_token: tokens.stableToken(world.projectAppid, false).token,
    authorizer_access_token: tokens.issue('authorizer', world.projectAppid).token,
    component_access_token: tokens.issue('component', COMPONENT_APPID).token,
    authorizer_refresh_token: own.refreshToken,
  };

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // A wildcard bind is reached through loopback.
  const reach = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const authority = `${reach.includes(':') ? `[${reach}]` : reach}:${port}`;
  const url = `http://${authority}`;
  baseUrl = url;
  if (!isLoopbackHost(authority)) log(`emulator: listening on ${host}, but it answers only requests addressed to localhost, 127.x.x.x or [::1]`);

  let closing: Promise<void> | undefined;
  return {
    url,
    credentials,
    controlKey,
    codeMode,
    envs: own.envs.map((e) => e.env),
    authorizers: world.authorizers.slice(0, 4).map((m) => ({ appid: m.appid, refresh_token: m.refreshToken, cloud: m.cloud, envs: m.envs.map((e) => e.env) })),
    stats: () => structuredClone(stats),
    resetStats,
    setFaults: (f) => {
      const problem = validateFaults(f as Record<string, unknown>);
      if (problem) throw new Error(`emulator faults: ${problem}`);
      return setFaults(f);
    },
    faults: () => ({ ...faults.current }),
    close: () =>
      (closing ??= Promise.all([
        runner.closeAll(),
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
      ]).then(() => undefined)),
  };
}
