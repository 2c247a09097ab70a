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
  | 'componentToken'
  // Database (mp, authorizer) and its platform family (component, the platform's own environments).
  | 'dbCollectionGet'
  | 'dbCollectionAdd'
  | 'dbCollectionDelete'
  | 'dbQuery'
  | 'dbCount'
  | 'dbAdd'
  | 'dbUpdate'
  | 'dbDelete'
  | 'dbAggregate'
  | 'dbUpdateIndex'
  | 'dbMigrateExport'
  | 'dbMigrateImport'
  | 'dbMigrateQueryInfo'
  | 'componentDbCollectionGet'
  | 'componentDbCollectionChange'
  | 'componentDbRecordRead'
  | 'componentDbRecordWrite'
  | 'componentDbIndex'
  | 'componentDbAggregate'
  // Storage.
  | 'uploadFile'
  | 'batchDownloadFile'
  | 'batchDeleteFile'
  // Platform operations and function configs.
  | 'authorizerInfo'
  | 'componentFunctionList'
  | 'uploadFunctionConfig'
  | 'componentUpdateFunctionConfig'
  // Deployed code.
  | 'downloadFunction'
  | 'createFunction'
  | 'getCodeSecret'
  | 'getUploadSignature'
  | 'componentBatchUploadCode';

/**
 * `read`: safe to repeat, retried with backoff and cached briefly.
 * `invoke`: runs user code, never repeated after it may have reached the server.
 * `write`: changes the cloud (a document, a config, code); like an invoke, sent once.
 * `token`: mints a credential; retried like a read, never cached by the client.
 */
export type EndpointMode = 'read' | 'invoke' | 'write' | 'token';

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
/** An endpoint for a mini program's own token or an authorizer's. */
const own = (id: EndpointId, path: string, mode: EndpointMode): EndpointSpec => endpoint({ id, path, documentedKinds: ['mp', 'authorizer'], triedKinds: [], mode, tokenParam: 'access_token' });
/** An endpoint for the platform's component token. */
const platform = (id: EndpointId, path: string, mode: EndpointMode): EndpointSpec => endpoint({ id, path, documentedKinds: ['component'], triedKinds: [], mode, tokenParam: 'access_token' });

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

  // Reference §6: the database takes a mini program's own token or an authorizer's; the
  // platform reaches its own environments' databases through `componenttcb/db*`.
  dbCollectionGet: own('dbCollectionGet', 'tcb/databasecollectionget', 'read'),
  dbCollectionAdd: own('dbCollectionAdd', 'tcb/databasecollectionadd', 'write'),
  dbCollectionDelete: own('dbCollectionDelete', 'tcb/databasecollectiondelete', 'write'),
  dbQuery: own('dbQuery', 'tcb/databasequery', 'read'),
  dbCount: own('dbCount', 'tcb/databasecount', 'read'),
  dbAdd: own('dbAdd', 'tcb/databaseadd', 'write'),
  dbUpdate: own('dbUpdate', 'tcb/databaseupdate', 'write'),
  dbDelete: own('dbDelete', 'tcb/databasedelete', 'write'),
  dbAggregate: own('dbAggregate', 'tcb/databaseaggregate', 'read'),
  dbUpdateIndex: own('dbUpdateIndex', 'tcb/updateindex', 'write'),
  dbMigrateExport: own('dbMigrateExport', 'tcb/databasemigrateexport', 'write'),
  dbMigrateImport: own('dbMigrateImport', 'tcb/databasemigrateimport', 'write'),
  dbMigrateQueryInfo: own('dbMigrateQueryInfo', 'tcb/databasemigratequeryinfo', 'read'),
  // One path serves reads and writes (`action` in the body), so the mode is per use.
  componentDbCollectionGet: platform('componentDbCollectionGet', 'componenttcb/dbcollection', 'read'),
  componentDbCollectionChange: platform('componentDbCollectionChange', 'componenttcb/dbcollection', 'write'),
  componentDbRecordRead: platform('componentDbRecordRead', 'componenttcb/dbrecord', 'read'),
  componentDbRecordWrite: platform('componentDbRecordWrite', 'componenttcb/dbrecord', 'write'),
  componentDbIndex: platform('componentDbIndex', 'componenttcb/dbindex', 'write'),
  componentDbAggregate: platform('componentDbAggregate', 'componenttcb/dbaggregate', 'read'),
  uploadFile: own('uploadFile', 'tcb/uploadfile', 'write'),
  batchDownloadFile: own('batchDownloadFile', 'tcb/batchdownloadfile', 'read'),
  batchDeleteFile: own('batchDeleteFile', 'tcb/batchdeletefile', 'write'),

  authorizerInfo: platform('authorizerInfo', 'cgi-bin/component/api_get_authorizer_info', 'read'),
  componentFunctionList: platform('componentFunctionList', 'componenttcb/getscflist', 'read'),
  // Documented for an authorizer; tried with a mini program's own token, as `getfuncconfig` is.
  uploadFunctionConfig: endpoint({ id: 'uploadFunctionConfig', path: 'tcb/uploadfuncconfig', documentedKinds: ['authorizer'], triedKinds: ['mp'], mode: 'write', tokenParam: 'access_token' }),
  componentUpdateFunctionConfig: platform('componentUpdateFunctionConfig', 'componenttcb/updatescfconfig', 'write'),

  downloadFunction: endpoint({ id: 'downloadFunction', path: 'tcb/downloadfunction', documentedKinds: ['authorizer'], triedKinds: ['mp'], mode: 'read', tokenParam: 'access_token' }),
  createFunction: endpoint({ id: 'createFunction', path: 'tcb/createfunction', documentedKinds: ['authorizer'], triedKinds: ['mp'], mode: 'write', tokenParam: 'access_token' }),
  getCodeSecret: endpoint({ id: 'getCodeSecret', path: 'tcb/getcodesecret', documentedKinds: ['authorizer'], triedKinds: ['mp'], mode: 'token', tokenParam: 'access_token' }),
  getUploadSignature: endpoint({ id: 'getUploadSignature', path: 'tcb/getuploadsignature', documentedKinds: ['authorizer'], triedKinds: ['mp'], mode: 'token', tokenParam: 'access_token' }),
  componentBatchUploadCode: platform('componentBatchUploadCode', 'componenttcb/batchuploadscfcode', 'write'),
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
