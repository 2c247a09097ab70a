// Declarations of the `wx-server-sdk` the local emulator gives cloud functions (the part it
// implements: init, getWXContext, database, callFunction and file storage; openapi rejects).
// For completion in a project's functions, copy this file into the project (for example
// `typings/wx-server-sdk.d.ts`) and name it in the jsconfig.json beside the functions:
//   { "compilerOptions": { "checkJs": true }, "include": ["cloudfunctions/**/*.js", "typings/*.d.ts"] }
// It is also shipped as dist/wx-server-sdk.d.ts in the extension.

declare module 'wx-server-sdk' {
  /** An environment id, DYNAMIC_CURRENT_ENV, or one per service. */
  type EnvOption = string | typeof DYNAMIC_CURRENT_ENV | { database?: string | symbol; functions?: string | symbol; storage?: string | symbol; default?: string | symbol };

  /** Rejections carry WeChat's errcode and `api:fail …` message. */
  interface CloudError extends Error {
    errCode: number;
    errMsg: string;
  }

  /** A `db.command` value: query, update or aggregation command. */
  interface Command {
    /** Query commands chain: `_.gt(1).and(_.lt(5))`. */
    and(...conditions: unknown[]): Command;
    or(...conditions: unknown[]): Command;
  }

  interface QueryCommand {
    eq(v: unknown): Command;
    neq(v: unknown): Command;
    gt(v: unknown): Command;
    gte(v: unknown): Command;
    lt(v: unknown): Command;
    lte(v: unknown): Command;
    in(list: unknown[]): Command;
    nin(list: unknown[]): Command;
    and(...conditions: unknown[]): Command;
    or(...conditions: unknown[]): Command;
    nor(...conditions: unknown[]): Command;
    not(condition: Command): Command;
    exists(v: boolean): Command;
    size(n: number): Command;
    elemMatch(condition: object | Command): Command;
    all(list: unknown[]): Command;
  }

  interface UpdateCommand {
    set(v: unknown): Command;
    remove(): Command;
    inc(n: number): Command;
    mul(n: number): Command;
    push(v: unknown): Command;
    pop(): Command;
    shift(): Command;
    unshift(v: unknown): Command;
    pull(v: unknown): Command;
    pullAll(list: unknown[]): Command;
    addToSet(v: unknown): Command;
    min(v: unknown): Command;
    max(v: unknown): Command;
    rename(name: string): Command;
  }

  /** `db.command.aggregate` (`$`): any aggregation operator, `$.sum('$n')`. */
  type AggregateCommand = Record<string, (...args: unknown[]) => Command>;

  type DbCommand = QueryCommand & UpdateCommand & { aggregate: AggregateCommand };

  type Doc = Record<string, unknown>;

  interface GetResult<T> {
    data: T;
    errMsg: string;
  }

  interface Query {
    where(condition: object | Command): Query;
    orderBy(field: string, order: 'asc' | 'desc'): Query;
    skip(n: number): Query;
    limit(n: number): Query;
    field(projection: Record<string, boolean | 0 | 1>): Query;
    /** `{data: [...], errMsg: 'collection.get:ok'}`; 100 documents unless limit() says (1000 at most). */
    get(): Promise<GetResult<Doc[]>>;
    count(): Promise<{ total: number; errMsg: string }>;
    update(options: { data: object }): Promise<{ stats: { updated: number }; errMsg: string }>;
    remove(): Promise<{ stats: { removed: number }; errMsg: string }>;
  }

  interface Aggregate {
    addFields(v: object): Aggregate;
    count(field: string): Aggregate;
    group(v: object): Aggregate;
    limit(n: number): Aggregate;
    lookup(v: object): Aggregate;
    match(v: object): Aggregate;
    project(v: object): Aggregate;
    replaceRoot(v: object): Aggregate;
    sample(v: { size: number }): Aggregate;
    skip(n: number): Aggregate;
    sort(v: object): Aggregate;
    sortByCount(v: unknown): Aggregate;
    unwind(v: unknown): Aggregate;
    end(): Promise<{ list: Doc[]; errMsg: string }>;
  }

  interface DocumentReference {
    field(projection: Record<string, boolean | 0 | 1>): DocumentReference;
    /** `{data: document, errMsg: 'document.get:ok'}`. */
    get(): Promise<GetResult<Doc>>;
    set(options: { data: object }): Promise<{ _id: string; stats: { updated: number; created: number }; errMsg: string }>;
    update(options: { data: object }): Promise<{ stats: { updated: number }; errMsg: string }>;
    remove(): Promise<{ stats: { removed: number }; errMsg: string }>;
  }

  interface CollectionReference extends Query {
    readonly collectionName: string;
    doc(id: string): DocumentReference;
    add(options: { data: object }): Promise<{ _id: string; errMsg: string }>;
    aggregate(): Aggregate;
  }

  interface Database {
    command: DbCommand;
    collection(name: string): CollectionReference;
    /** The emulator's time when the write is applied. */
    serverDate(options?: { offset?: number }): unknown;
    RegExp(options: { regexp: string; options?: string }): unknown;
    createCollection(name: string): Promise<{ errMsg: string }>;
    /** Not supported in the local emulator: rejects with errCode -501007. */
    runTransaction(callback: (transaction: unknown) => Promise<unknown>): Promise<never>;
    /** Not supported in the local emulator: rejects with errCode -501007. */
    startTransaction(): Promise<never>;
    /** Not supported in the local emulator: reading it throws. */
    readonly Geo: never;
  }

  /** What WeChat says about the call; over the HTTP API: APPID, ENV and SOURCE 'wx_http'. */
  interface WXContext {
    OPENID?: string;
    APPID?: string;
    UNIONID?: string;
    ENV?: string;
    SOURCE?: string;
  }

  const DYNAMIC_CURRENT_ENV: unique symbol;
  function init(options?: { env?: EnvOption }): void;
  function getWXContext(): WXContext;
  function database(options?: { env?: EnvOption }): Database;
  function callFunction(options: { name: string; data?: object; config?: { env?: EnvOption } }): Promise<{ result: unknown; errMsg: string; requestID: string }>;
  /** Not available in the local emulator: every call rejects. */
  const openapi: Record<string, Record<string, (data?: object) => Promise<never>>>;
  /** File storage: in the local emulator the files live in the emulator's data folder. */
  function uploadFile(options: { cloudPath: string; fileContent: Buffer | Uint8Array | string; config?: { env?: EnvOption } }): Promise<{ fileID: string; statusCode: number; errMsg: string }>;
  function downloadFile(options: { fileID: string }): Promise<{ fileContent: Buffer; statusCode: number; errMsg: string }>;
  function getTempFileURL(options: { fileList: Array<string | { fileID: string; maxAge?: number }> }): Promise<{
    fileList: Array<{ fileID: string; tempFileURL: string; maxAge: number; status: number; errMsg: string }>;
    errMsg: string;
  }>;
  function deleteFile(options: { fileList: string[] }): Promise<{ fileList: Array<{ fileID: string; status: number; errMsg: string }>; errMsg: string }>;
}
