// The API table: per path, the token kinds it takes and the handler. Handlers validate
// their parameters in the seeds' order of errcodes and throw ApiFailure; the server does
// the token, method and body checks that are the same for every endpoint.
import type { FunctionMeta } from './project';
import type { TokenRecord, TokenStore } from './tokens';
import type { Faults, TokenKind } from './types';
import { fail, sameSecret } from './wire';
import { COMPONENT_APPID, platformIds, staticWebsite, type EnvRecord, type MiniProgram, type World } from './world';

export interface Call {
  query: URLSearchParams;
  body: unknown;
  token: TokenRecord | undefined;
  rid: string;
  /** Extra response headers the handler wants sent. */
  headers: Record<string, string>;
}

export interface Endpoint {
  /** Token kinds accepted; empty = the endpoint takes no token (it mints one). */
  kinds: TokenKind[];
  /** The mini program behind an mp/authorizer token must have cloud development (else 85088). */
  cloud: boolean;
  /** The body is passed on as-is (invoke's event) instead of being a parameter object. */
  rawBody?: boolean;
  /** A larger body than the API's usual 6 MB (a code zip in base64). */
  maxBody?: number;
  handle(call: Call): Promise<Record<string, unknown>> | Record<string, unknown>;
}

export interface EndpointDeps {
  world: World;
  tokens: TokenStore;
  mpCanList: boolean;
  faults: () => Faults;
  invoke: (call: Call, env: EnvRecord, name: string) => Promise<Record<string, unknown>>;
}

type Body = Record<string, unknown>;

function params(call: Call): Body {
  return call.body as Body;
}

export function str(body: Body, key: string): string {
  const v = body[key];
  if (v === undefined || v === null || v === '') fail(40101, key);
  if (typeof v !== 'string') fail(40097, `${key} must be a string`);
  return v as string;
}

export function int(body: Body, key: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = body[key];
  if (v === undefined || v === null || v === '') fail(40101, key);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(40097, `${key} must be an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`);
  }
  return v as number;
}

const ok = (rest: Body): Body => ({ errcode: 0, errmsg: 'ok', ...rest });

/** The environment a call names, if the caller may reach it: its own envs, or any for the platform. */
export function envFor(world: World, token: TokenRecord | undefined, envId: string): EnvRecord {
  const e = world.envs.get(envId);
  if (!e || (token && token.kind !== 'component' && e.owner !== token.appid)) {
    fail(-501000, `environment ${envId} not found`);
  }
  return e!;
}

export function functionIn(e: EnvRecord, name: string): FunctionMeta {
  const f = e.functions.get(name);
  if (!f) fail(-501009, `function ${name} not found in environment ${e.env}`);
  return f!.meta;
}

function envInfo(e: EnvRecord): Body {
  return {
    env: e.env,
    alias: e.alias,
    status: e.status,
    create_time: e.createTime,
    update_time: e.updateTime,
    package_id: e.packageId,
    package_name: e.packageName,
  };
}

/** `api_get_authorizer_info`'s answer, in WeChat's shape (the fields a mini program has). */
function authorizerInfo(m: MiniProgram): Body {
  return {
    authorizer_info: {
      nick_name: m.nickName,
      head_img: '',
      service_type_info: { id: 0 },
      verify_type_info: { id: m.principalName === '个人' ? -1 : 0 },
      user_name: `gh_${m.appid.slice(2, 14)}`,
      principal_name: m.principalName,
      signature: '',
      MiniProgramInfo: { network: {}, categories: [], visit_status: 0 },
    },
    authorization_info: {
      authorizer_appid: m.appid,
      authorizer_refresh_token: m.refreshToken,
      func_info: [{ funcscope_category: { id: 49 } }, { funcscope_category: { id: 64 } }],
    },
  };
}

export function buildEndpoints(d: EndpointDeps): Map<string, Endpoint> {
  const { world, tokens } = d;
  const readKinds: TokenKind[] = d.mpCanList ? ['authorizer', 'mp'] : ['authorizer'];
  const table: Record<string, Endpoint> = {
    'cgi-bin/stable_token': {
      kinds: [],
      cloud: false,
      handle(call) {
        const b = params(call);
        if (b.grant_type === undefined || b.grant_type === '') fail(40101, 'grant_type');
        if (b.grant_type !== 'client_credential') fail(40002);
        if (typeof b.appid !== 'string' || !b.appid) fail(41002);
        if (typeof b.secret !== 'string' || !b.secret) fail(41004);
        if (b.force_refresh !== undefined && typeof b.force_refresh !== 'boolean') fail(40097, 'force_refresh must be a boolean');
        if (b.appid !== world.projectAppid) fail(40013, `${String(b.appid)} is not a mini program of this emulator`);
        if (!sameSecret(b.secret, world.secrets.appSecret)) fail(40125);
        const rec = tokens.stableToken(b.appid as string, b.force_refresh === true);
        return { access_token: rec.token, expires_in: tokens.expiresIn(rec) };
      },
    },
    'cgi-bin/component/api_component_token': {
      kinds: [],
      cloud: false,
      handle(call) {
        const b = params(call);
        const appid = str(b, 'component_appid');
        const secret = str(b, 'component_appsecret');
        const ticket = str(b, 'component_verify_ticket');
        if (appid !== COMPONENT_APPID) fail(40013);
        if (!sameSecret(secret, world.secrets.componentSecret)) fail(40125);
        if (!sameSecret(ticket, world.secrets.verifyTicket)) fail(61006);
        const rec = tokens.issue('component', COMPONENT_APPID);
        return { component_access_token: rec.token, expires_in: tokens.expiresIn(rec) };
      },
    },
    'cgi-bin/component/api_authorizer_token': {
      kinds: ['component'],
      cloud: false,
      handle(call) {
        const b = params(call);
        const component = str(b, 'component_appid');
        const appid = str(b, 'authorizer_appid');
        const refresh = str(b, 'authorizer_refresh_token');
        if (component !== COMPONENT_APPID) fail(40013, 'component_appid does not match the token');
        const mp = world.mini.get(appid);
        if (!mp) fail(61003);
        if (!sameSecret(refresh, mp!.refreshToken)) fail(61023);
        const rec = tokens.issue('authorizer', appid);
        return { authorizer_access_token: rec.token, expires_in: tokens.expiresIn(rec), authorizer_refresh_token: mp!.refreshToken };
      },
    },
    'cgi-bin/component/api_get_authorizer_list': {
      kinds: ['component'],
      cloud: false,
      handle(call) {
        const b = params(call);
        const component = str(b, 'component_appid');
        const offset = int(b, 'offset', 0);
        const count = int(b, 'count', 1, 500);
        if (component !== COMPONENT_APPID) fail(40013, 'component_appid does not match the token');
        const list = world.authorizers.slice(offset, offset + count).map((m) => ({
          authorizer_appid: m.appid,
          ...(m.hideRefreshToken ? {} : { refresh_token: m.refreshToken }),
          auth_time: m.authTime,
        }));
        return { total_count: world.authorizers.length, list };
      },
    },
    'cgi-bin/component/api_get_authorizer_info': {
      kinds: ['component'],
      cloud: false,
      handle(call) {
        const b = params(call);
        const component = str(b, 'component_appid');
        const appid = str(b, 'authorizer_appid');
        if (component !== COMPONENT_APPID) fail(40013, 'component_appid does not match the token');
        const mp = world.mini.get(appid);
        if (!mp) fail(61003, `${appid} has not authorized this platform`);
        return ok(authorizerInfo(mp!));
      },
    },
    'tcb/getenvinfo': {
      kinds: readKinds,
      cloud: true,
      handle(call) {
        const b = params(call);
        const mine = world.mini.get(call.token!.appid)?.envs ?? [];
        if (b.env !== undefined && b.env !== '') {
          if (typeof b.env !== 'string') fail(40097, 'env must be a string');
          return ok({ info_list: [envInfo(envFor(world, call.token, b.env as string))] });
        }
        return ok({ info_list: mine.map(envInfo) });
      },
    },
    'componenttcb/describeenvs': {
      kinds: ['component'],
      cloud: false,
      handle() {
        return ok({ info_list: world.allEnvs.map((e) => ({ ...envInfo(e), ...platformIds(e) })) });
      },
    },
    'tcb/listfunctions': {
      kinds: readKinds,
      cloud: true,
      handle(call) {
        const b = params(call);
        const envId = str(b, 'env');
        const limit = int(b, 'limit', 1);
        const offset = int(b, 'offset', 0);
        const all = envFor(world, call.token, envId).functions.list();
        const quirks = d.faults().quirks;
        const functions = all.slice(offset, offset + limit).map(({ meta }) => ({
          name: meta.name,
          [quirks ? 'run_time' : 'runtime']: meta.runtime,
          status: meta.status,
          add_time: meta.addTime,
          mod_time: meta.modTime,
        }));
        return ok({ total_count: all.length, functions });
      },
    },
    'componenttcb/getscflist': {
      kinds: ['component'],
      cloud: false,
      handle(call) {
        const b = params(call);
        const envId = str(b, 'env');
        const offset = b.offset === undefined ? 0 : int(b, 'offset', 0);
        const limit = b.limit === undefined ? 20 : int(b, 'limit', 1);
        if (b.searchkey !== undefined && typeof b.searchkey !== 'string') fail(40097, 'searchkey must be a string');
        const needle = typeof b.searchkey === 'string' ? b.searchkey.toLowerCase() : '';
        const all = envFor(world, call.token, envId)
          .functions.list()
          .filter(({ meta }) => meta.name.toLowerCase().includes(needle));
        const functions = all.slice(offset, offset + limit).map(({ meta }) => ({
          function_name: meta.name,
          runtime: meta.runtime,
          status: meta.status,
          status_reason: meta.status === 'Active' ? '' : `function is ${meta.status}`,
          add_time: meta.addTime,
          mod_time: meta.modTime,
        }));
        return ok({ total_count: all.length, functions });
      },
    },
    'tcb/getfuncconfig': {
      kinds: readKinds,
      cloud: true,
      handle(call) {
        const b = params(call);
        if (b.type === undefined || b.type === null || b.type === '') fail(40101, 'type');
        const envId = str(b, 'env');
        const name = str(b, 'function_name');
        if (b.type !== 1 && b.type !== 2 && b.type !== 3) fail(40097, 'type must be 1, 2 or 3');
        const meta = functionIn(envFor(world, call.token, envId), name);
        let config: unknown;
        if (b.type === 1) {
          if (meta.permissions === undefined) fail(85089, `${name} has no cloud-call permissions (config type 1)`);
          config = { permissions: meta.permissions };
        } else if (b.type === 2) {
          if (meta.triggers.length === 0) fail(85089, `${name} has no timer trigger (config type 2)`);
          config = { triggers: meta.triggers };
        } else {
          config = { timeout: meta.timeout, environment: meta.environment };
        }
        return ok({ config: JSON.stringify(config) });
      },
    },
    'componenttcb/gettriggers': {
      kinds: ['component'],
      cloud: false,
      handle(call) {
        const b = params(call);
        const envId = str(b, 'env');
        const name = str(b, 'funcname');
        const meta = functionIn(envFor(world, call.token, envId), name);
        return ok({ triggers: meta.triggers.map((t) => ({ trigger_name: t.name, type: t.type, config: t.config })) });
      },
    },
    'componenttcb/describestaticstore': {
      kinds: ['component'],
      cloud: false,
      handle(call) {
        const b = params(call);
        const e = envFor(world, call.token, str(b, 'env'));
        const site = staticWebsite(e);
        if (d.faults().quirks) {
          const { region, ...rest } = site;
          return ok({ Data: [{ ...rest, regoin: region }] });
        }
        return ok({ data: [site] });
      },
    },
    'tcb/invokecloudfunction': {
      kinds: ['mp', 'authorizer', 'component'],
      cloud: true,
      rawBody: true,
      handle(call) {
        const envId = call.query.get('env');
        const name = call.query.get('name');
        if (!envId) fail(40101, 'env');
        if (!name) fail(40101, 'name');
        const e = envFor(world, call.token, envId!);
        if (e.status !== 'NORMAL') fail(-501000, `environment ${e.env} is ${e.status}`);
        if (!(call.query.get('code') === 'workspace' && e.workspace ? e.workspace : e.functions).get(name!)) fail(-501009, `function ${name} not found in environment ${e.env}`);
        return d.invoke(call, e, name!);
      },
    },
  };
  return new Map(Object.entries(table));
}

