// The one table of WeChat endpoints the extension calls: where they live, which token kinds
// the seed documents allow, which kinds we try anyway, and whether a call may be retried.

import type { TokenKind } from './types';

export type EndpointId =
  | 'getEnvInfo'
  | 'describeEnvs'
  | 'listFunctions'
  | 'getFunctionConfig'
  | 'getTriggers'
  | 'describeStaticWebsite'
  | 'invokeCloudFunction'
  | 'stableToken'
  | 'authorizerToken'
  | 'authorizerList'
  | 'componentToken';

/**
 * `read`: safe to repeat, retried with backoff and cached briefly.
 * `invoke`: runs user code, never repeated after it may have reached the server.
 * `token`: mints a credential; retried like a read, never cached by the client.
 */
export type EndpointMode = 'read' | 'invoke' | 'token';

export interface EndpointSpec {
  readonly id: EndpointId;
  readonly path: string;
  /** Kinds the seed documents name. Empty for `stable_token`, which takes no token. */
  readonly documentedKinds: readonly TokenKind[];
  /**
   * Kinds not documented for this endpoint that we try anyway: a developer reported 40014
   * from `getfuncconfig` with a valid mp token, so an mp connection "may or may not list".
   * If WeChat refuses it, the client names the documented kind instead.
   */
  readonly triedKinds: readonly TokenKind[];
  readonly mode: EndpointMode;
  /** The reference: "The query parameter is `access_token` for every kind". */
  readonly tokenParam: 'access_token' | null;
}

const endpoint = (spec: EndpointSpec): EndpointSpec => Object.freeze(spec);

export const ENDPOINTS: Readonly<Record<EndpointId, EndpointSpec>> = Object.freeze({
  getEnvInfo: endpoint({ id: 'getEnvInfo', path: 'tcb/getenvinfo', documentedKinds: ['authorizer'], triedKinds: ['mp'], mode: 'read', tokenParam: 'access_token' }),
  describeEnvs: endpoint({ id: 'describeEnvs', path: 'componenttcb/describeenvs', documentedKinds: ['component'], triedKinds: [], mode: 'read', tokenParam: 'access_token' }),
  listFunctions: endpoint({ id: 'listFunctions', path: 'tcb/listfunctions', documentedKinds: ['authorizer'], triedKinds: ['mp'], mode: 'read', tokenParam: 'access_token' }),
  getFunctionConfig: endpoint({ id: 'getFunctionConfig', path: 'tcb/getfuncconfig', documentedKinds: ['authorizer'], triedKinds: ['mp'], mode: 'read', tokenParam: 'access_token' }),
  getTriggers: endpoint({ id: 'getTriggers', path: 'componenttcb/gettriggers', documentedKinds: ['component'], triedKinds: [], mode: 'read', tokenParam: 'access_token' }),
  describeStaticWebsite: endpoint({ id: 'describeStaticWebsite', path: 'componenttcb/describestaticstore', documentedKinds: ['component'], triedKinds: [], mode: 'read', tokenParam: 'access_token' }),
  // Seed 003: a mini program's own token, authorizer for "general" platform mode,
  // component for "batch" platform mode.
  invokeCloudFunction: endpoint({ id: 'invokeCloudFunction', path: 'tcb/invokecloudfunction', documentedKinds: ['mp', 'authorizer', 'component'], triedKinds: [], mode: 'invoke', tokenParam: 'access_token' }),
  stableToken: endpoint({ id: 'stableToken', path: 'cgi-bin/stable_token', documentedKinds: [], triedKinds: [], mode: 'token', tokenParam: null }),
  authorizerToken: endpoint({ id: 'authorizerToken', path: 'cgi-bin/component/api_authorizer_token', documentedKinds: ['component'], triedKinds: [], mode: 'token', tokenParam: 'access_token' }),
  authorizerList: endpoint({ id: 'authorizerList', path: 'cgi-bin/component/api_get_authorizer_list', documentedKinds: ['component'], triedKinds: [], mode: 'read', tokenParam: 'access_token' }),
  // Minted from the verify ticket WeChat pushes to the platform's server; only the local
  // emulator gives an editor such a ticket.
  componentToken: endpoint({ id: 'componentToken', path: 'cgi-bin/component/api_component_token', documentedKinds: [], triedKinds: [], mode: 'token', tokenParam: null }),
});

export interface KindChoice {
  kind: TokenKind;
  /** False when the kind is one we only try (mp on the `tcb/*` reads). */
  documented: boolean;
}

/**
 * Which of the kinds a connection holds to send: a documented one first (in the table's
 * order), else an undocumented one we try; undefined when it holds none the endpoint takes.
 */
export function chooseTokenKind(spec: EndpointSpec, available: readonly TokenKind[]): KindChoice | undefined {
  const documented = spec.documentedKinds.find((k) => available.includes(k));
  if (documented) return { kind: documented, documented: true };
  const tried = spec.triedKinds.find((k) => available.includes(k));
  return tried ? { kind: tried, documented: false } : undefined;
}

/** Every kind the endpoint may be called with: documented first, then tried. */
export function acceptedKinds(spec: EndpointSpec): TokenKind[] {
  return [...spec.documentedKinds, ...spec.triedKinds];
}
