// What the emulated WeChat knows: one third-party platform, its authorized mini programs,
// their environments and functions (the project's own from disk, the others built in,
// synthetic ones generated at scale).
import { DEFAULT_RUNTIME, DEFAULT_TIMEOUT_S, ProjectFunctions, type FunctionMeta, type LocalFunction, type ProjectInfo } from './project';
import { randomBytes } from 'node:crypto';
import { newSecret, shortHash } from './wire';
import type { SyntheticOptions } from './types';

// Ids are fixed; every secret (AppSecrets, verify ticket, refresh tokens) is made per start.
export const DEMO_APPID = 'wx7d3c9a1b5e2f4068';
export const DEMO_ENV = 'demo-env-1a2b3c';
export const COMPONENT_APPID = 'wx3c5e7a9b1d2f4680';
/** WeChat's numeric cloud account id, seen in static-website domains and buckets. */
const CLOUD_UIN = '1304480914';

export type BuiltinFn = (event: unknown, context: Record<string, unknown>, log: (line: string) => void) => unknown;

export interface FunctionEntry {
  meta: FunctionMeta;
  local?: LocalFunction;
  builtin?: BuiltinFn;
}

export interface FunctionSet {
  list(): FunctionEntry[];
  get(name: string): FunctionEntry | undefined;
}

export interface EnvRecord {
  env: string;
  alias: string;
  status: 'NORMAL' | 'HALTED' | 'UNAVAILABLE';
  createTime: string;
  updateTime: string;
  packageId: string;
  packageName: string;
  owner: string;
  functions: FunctionSet;
  /** The project env's workspace folders, which `Invoke Locally` runs whatever the code mode (`code=workspace`). */
  workspace?: FunctionSet;
}

export interface MiniProgram {
  appid: string;
  /** What api_get_authorizer_info answers: the mini program's name and its owner. */
  nickName: string;
  principalName: string;
  /** Has this mini program enabled cloud development? (Else every cloud call: 85088.) */
  cloud: boolean;
  refreshToken: string;
  /** api_get_authorizer_list omits it, as happens in practice. */
  hideRefreshToken: boolean;
  authTime: number;
  envs: EnvRecord[];
}

class StaticSet implements FunctionSet {
  private readonly byName: Map<string, FunctionEntry>;
  constructor(private readonly entries: FunctionEntry[]) {
    this.byName = new Map(entries.map((e) => [e.meta.name, e]));
  }
  list(): FunctionEntry[] {
    return this.entries;
  }
  get(name: string): FunctionEntry | undefined {
    return this.byName.get(name);
  }
}

class LocalSet implements FunctionSet {
  constructor(private readonly functions: ProjectFunctions) {}
  list(): FunctionEntry[] {
    return this.functions.list().map((f) => ({ meta: f.meta(), local: f }));
  }
  get(name: string): FunctionEntry | undefined {
    const f = this.functions.get(name);
    return f ? { meta: f.meta(), local: f } : undefined;
  }
}

const echo: BuiltinFn = (event) => ({ event });

function builtin(name: string, run: BuiltinFn, extra: Partial<FunctionMeta> = {}): FunctionEntry {
  return {
    meta: {
      name,
      runtime: DEFAULT_RUNTIME,
      status: 'Active',
      addTime: '2024-03-05 10:12:33',
      modTime: '2025-01-18 16:40:07',
      permissions: undefined,
      triggers: [],
      timeout: DEFAULT_TIMEOUT_S,
      environment: [],
      ...extra,
    },
    builtin: run,
  };
}

function env(envId: string, owner: string, alias: string, functions: FunctionSet, status: EnvRecord['status'] = 'NORMAL'): EnvRecord {
  return {
    env: envId,
    alias,
    status,
    createTime: '2024-03-05 10:02:11',
    updateTime: '2025-01-18 16:40:07',
    packageId: 'baas_basic',
    packageName: '基础版',
    owner,
    functions,
  };
}

const newRefreshToken = () => `refreshtoken@@@${randomBytes(32).toString('base64url')}`;

/** What a caller must present to mint tokens; made per start. */
export interface WorldSecrets {
  /** The project mini program's AppSecret (stable_token). */
  appSecret: string;
  /** The platform's component_appsecret and component_verify_ticket (api_component_token). */
  componentSecret: string;
  verifyTicket: string;
}

export interface World {
  projectAppid: string;
  secrets: WorldSecrets;
  mini: Map<string, MiniProgram>;
  /** In authorization order (the list's order). */
  authorizers: MiniProgram[];
  envs: Map<string, EnvRecord>;
  /** Every environment, the platform's view (describeenvs); synthetic mini programs' own environments are not in it. */
  allEnvs: EnvRecord[];
}

export function buildWorld(project: ProjectInfo, warn: (s: string) => void, synthetic: SyntheticOptions = {}): World {
  const projectAppid = project.appid ?? DEMO_APPID;
  const projectEnv = project.envId ?? DEMO_ENV;
  const local = new LocalSet(new ProjectFunctions(project, warn));

  const shopAppid = 'wx1f2e3d4c5b6a7980';
  const blogAppid = 'wx2a4c6e8b0d1f3a57';
  const noCloudAppid = 'wx9e8d7c6b5a4f3021';

  const own: MiniProgram = {
    appid: projectAppid,
    nickName: '云开发演示',
    principalName: '深圳市演示科技有限公司',
    cloud: true,
    refreshToken: newRefreshToken(),
    hideRefreshToken: false,
    authTime: 1709604131,
    envs: [env(projectEnv, projectAppid, projectEnv.replace(/-[0-9a-z]{6}$/, ''), local)],
  };
  const shop: MiniProgram = {
    appid: shopAppid,
    nickName: '茶器小铺',
    principalName: '杭州茶器商贸有限公司',
    cloud: true,
    refreshToken: newRefreshToken(),
    hideRefreshToken: false,
    authTime: 1712041200,
    envs: [
      env(
        'shop-prod-4f5a6b',
        shopAppid,
        'shop-prod',
        new StaticSet([
          builtin('getGoods', (_e, _c, log) => {
            log('listing 3 goods');
            return { goods: [{ id: 1, name: 'Tea', price: 1200 }, { id: 2, name: 'Cup', price: 3500 }, { id: 3, name: 'Pot', price: 9900 }] };
          }),
          builtin(
            'createOrder',
            (event, ctx) => ({ orderId: `ord_${String(ctx.request_id).slice(0, 8)}`, items: (event as { items?: unknown })?.items ?? [] }),
            { permissions: { openapi: ['subscribeMessage.send'] }, environment: [{ key: 'PAY_MODE', value: 'sandbox' }], timeout: 10 },
          ),
          builtin('syncStock', echo, { triggers: [{ name: 'hourly', type: 'timer', config: '0 0 * * * * *' }] }),
          builtin('echo', echo),
        ]),
      ),
      env('shop-test-7c8d9e', shopAppid, 'shop-test', new StaticSet([builtin('echo', echo)])),
    ],
  };
  const blog: MiniProgram = {
    appid: blogAppid,
    nickName: '云上博客',
    principalName: '个人',
    cloud: true,
    refreshToken: newRefreshToken(),
    hideRefreshToken: true,
    authTime: 1715990400,
    envs: [
      env(
        'blog-5e6f7a',
        blogAppid,
        'blog',
        new StaticSet([
          builtin('listPosts', () => ({ posts: [{ id: 'p1', title: 'Hello, Cloud' }] })),
          builtin('nightlyCleanup', () => ({ removed: 0 }), { triggers: [{ name: 'nightly', type: 'timer', config: '0 30 3 * * * *' }] }),
          builtin('echo', echo),
        ]),
      ),
      env('blog-old-1b2c3d', blogAppid, 'blog-old', new StaticSet([]), 'HALTED'),
    ],
  };
  const noCloud: MiniProgram = {
    appid: noCloudAppid,
    nickName: '门店导航',
    principalName: '上海门店服务有限公司',
    cloud: false,
    refreshToken: newRefreshToken(),
    hideRefreshToken: false,
    authTime: 1718000000,
    envs: [],
  };
  const authorizers = [own, shop, blog, noCloud];

  // Synthetic data: one shared, precomputed function list for every synthetic env.
  const nFunctions = Math.max(0, Math.floor(synthetic.functions ?? 0));
  let nEnvs = Math.max(0, Math.floor(synthetic.envs ?? 0));
  if (nFunctions > 0 && nEnvs === 0) nEnvs = 1;
  if (nEnvs > 0) {
    const width = Math.max(5, String(nFunctions).length);
    const fns: FunctionEntry[] = [];
    for (let i = 0; i < nFunctions; i++) {
      fns.push(builtin(`fn_${String(i).padStart(width, '0')}`, echo, i % 10 === 0 ? { triggers: [{ name: 'tick', type: 'timer', config: '0 */5 * * * * *' }] } : {}));
    }
    const set = new StaticSet(fns);
    for (let i = 0; i < nEnvs; i++) {
      const id = `synthetic-${String(i).padStart(4, '0')}-${shortHash(`env${i}`, 6)}`;
      own.envs.push(env(id, projectAppid, `synthetic-${i}`, set));
    }
  }
  const nAuth = Math.max(0, Math.floor(synthetic.authorizers ?? 0));
  const syntheticEnvs: EnvRecord[] = [];
  const echoOnly = new StaticSet([builtin('echo', echo)]);
  for (let i = 0; i < nAuth; i++) {
    const m = syntheticAuthorizer(i, echoOnly);
    syntheticEnvs.push(...m.envs);
    authorizers.push(m);
  }

  const mini = new Map(authorizers.map((m) => [m.appid, m]));
  const allEnvs = [own, shop, blog, noCloud].flatMap((m) => m.envs);
  const secrets: WorldSecrets = { appSecret: newSecret(), componentSecret: newSecret(), verifyTicket: `ticket@@@${randomBytes(32).toString('base64url')}` };
  return { projectAppid, secrets, mini, authorizers, envs: new Map([...allEnvs, ...syntheticEnvs].map((e) => [e.env, e])), allEnvs };
}

const NAME_FIRST = ['咖啡', '茶饮', '书店', '花店', '健身', '宠物', '旅行', '家居', '烘焙', '影院'];
const NAME_SECOND = ['小铺', '助手', '会员', '预约', '商城', '点单'];

/**
 * The i-th synthetic authorized mini program: a name of its own (`咖啡小铺 0007`), and,
 * so a platform at scale looks like a real one, every tenth without cloud development (no
 * environments) and every seventh listed without its refresh token; the others have one
 * environment with an `echo` function.
 */
function syntheticAuthorizer(i: number, functions: FunctionSet): MiniProgram {
  const appid = `wxf0${i.toString(16).padStart(14, '0')}`;
  const cloud = i % 10 !== 3;
  const name = `${NAME_FIRST[i % NAME_FIRST.length]}${NAME_SECOND[Math.floor(i / NAME_FIRST.length) % NAME_SECOND.length]} ${String(i).padStart(4, '0')}`;
  const envId = `mp${String(i).padStart(4, '0')}-${shortHash(`mp${i}`, 6)}`;
  return {
    appid,
    nickName: name,
    principalName: `${name.split(' ')[0]}服务有限公司`,
    cloud,
    refreshToken: newRefreshToken(),
    hideRefreshToken: i % 7 === 5,
    authTime: 1720000000 + i,
    envs: cloud ? [env(envId, appid, envId.replace(/-[0-9a-z]{6}$/, ''), functions)] : [],
  };
}

export function staticWebsite(e: EnvRecord): { env: string; domain: string; bucket: string; region: string; status: string } {
  return {
    env: e.env,
    domain: `${e.env}-${CLOUD_UIN}.tcloudbaseapp.com`,
    bucket: `${shortHash(`bucket:${e.env}`, 4)}-static-${e.env}-${CLOUD_UIN}`,
    region: 'ap-shanghai',
    status: e.status === 'NORMAL' ? 'online' : 'offline',
  };
}

export function platformIds(e: EnvRecord): { dbinstance_id: string; bucket_id: string } {
  return { dbinstance_id: `tnt-${shortHash(`db:${e.env}`, 10)}`, bucket_id: `${shortHash(`bucket:${e.env}`, 4)}-${e.env}-${CLOUD_UIN}` };
}
