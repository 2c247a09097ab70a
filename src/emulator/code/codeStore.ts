// Deployed code per environment, in the data folder: `<dataDir>/<env>/code/<function>/…`.
// Deploying writes only here, never into the workspace. In `deployed` mode the project's
// environment runs these copies (seeded from the workspace on first start); in `live` mode it
// runs the workspace's folders as they are, and the store still keeps what was deployed.
// Every other environment runs its deployed functions in place of (or beside) its built-ins.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ProjectFunctions, type ProjectInfo } from '../project';
import type { FunctionEntry, FunctionSet } from '../world';
import { CodeZipError, packFiles, readFolder, unpackZip } from './zip';

export type CodeMode = 'deployed' | 'live';

/** WeChat's rule for a function name: a letter first, then letters, digits, `-` or `_`, at most 60. */
const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;
const ENV_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function functionNameProblem(name: string): string | undefined {
  return FUNCTION_NAME.test(name) ? undefined : 'a function name starts with a letter and holds at most 60 letters, digits, "-" or "_"';
}

/** What a function gets from `createfunction` before its first upload. */
const PLACEHOLDER = "'use strict';\n// Created by tcb/createfunction; replaced by the first upload.\nexports.main = async () => ({});\n";

/** The deployed functions of one environment folder, over the environment's other functions. */
class DeployedSet implements FunctionSet {
  private readonly deployed: ProjectFunctions;
  constructor(
    private readonly root: string,
    project: ProjectInfo,
    private readonly base: FunctionSet | undefined,
    warn: (s: string) => void,
  ) {
    this.deployed = new ProjectFunctions({ ...project, dir: root, functionRoot: root }, warn);
  }
  private own(): FunctionEntry[] {
    return fs.existsSync(this.root) ? this.deployed.list().map((f) => ({ meta: f.meta(), local: f })) : [];
  }
  list(): FunctionEntry[] {
    const own = this.own();
    const base = this.base?.list() ?? [];
    if (own.length === 0) return base;
    // A deployed built-in keeps its place; new functions follow, in name order.
    const byName = new Map(own.map((e) => [e.meta.name, e]));
    const kept = base.map((e) => byName.get(e.meta.name) ?? e);
    const known = new Set(base.map((e) => e.meta.name));
    return [...kept, ...own.filter((e) => !known.has(e.meta.name))];
  }
  get(name: string): FunctionEntry | undefined {
    const f = fs.existsSync(this.root) ? this.deployed.get(name) : undefined;
    return f ? { meta: f.meta(), local: f } : this.base?.get(name);
  }
}

export interface CodeStoreOptions {
  dataDir: string;
  project: ProjectInfo;
  projectEnv: string;
  mode: CodeMode;
  resetData?: boolean;
  log: (s: string) => void;
}

export class CodeStore {
  constructor(private readonly o: CodeStoreOptions) {}

  get mode(): CodeMode {
    return this.o.mode;
  }

  /** `<dataDir>/<env>/code`, for an env id that is one plain segment. */
  root(env: string): string {
    if (!ENV_ID.test(env)) throw new CodeZipError(`environment id ${JSON.stringify(env)} is not a plain name`);
    return path.join(this.o.dataDir, env, 'code');
  }

  /** `<dataDir>/<env>/code/<name>`, for a valid function name. */
  dir(env: string, name: string): string {
    const problem = functionNameProblem(name);
    if (problem) throw new CodeZipError(problem);
    return path.join(this.root(env), name);
  }

  /** The environment's functions as they run: the store's over `base` (deployed mode, or an env without a workspace). */
  functionsFor(env: string, base: FunctionSet, isProjectEnv: boolean): FunctionSet {
    if (isProjectEnv && this.o.mode === 'live') return base;
    return new DeployedSet(this.root(env), this.o.project, isProjectEnv ? undefined : base, this.o.log);
  }

  /** On first start (or after --reset-data) the project env's deployed code is the workspace's. */
  seed(workspace: Array<{ name: string; dir: string }>): void {
    if (this.o.mode !== 'deployed') return;
    const root = this.root(this.o.projectEnv);
    if (this.o.resetData) fs.rmSync(root, { recursive: true, force: true });
    if (fs.existsSync(root)) return;
    fs.mkdirSync(root, { recursive: true });
    for (const f of workspace) {
      if (functionNameProblem(f.name)) continue;
      try {
        this.writeFiles(this.o.projectEnv, f.name, readFolder(f.dir));
      } catch (e) {
        this.log(`deployed code of ${f.name} not seeded: ${(e as Error).message}`);
      }
    }
  }

  exists(env: string, name: string): boolean {
    return fs.existsSync(this.dir(env, name));
  }

  create(env: string, name: string): void {
    this.writeFiles(env, name, new Map([['index.js', Buffer.from(PLACEHOLDER, 'utf8')]]));
  }

  /** Unpacks `zip` (checked: names, sizes) beside the function's folder, then swaps it in. */
  deploy(env: string, name: string, zip: Uint8Array): number {
    const files = unpackZip(zip);
    this.writeFiles(env, name, files);
    return files.size;
  }

  /** The zip of a function's folder. */
  pack(dir: string): Uint8Array {
    return packFiles(readFolder(dir));
  }

  private writeFiles(env: string, name: string, files: Map<string, Uint8Array>): void {
    const target = this.dir(env, name);
    const root = this.root(env);
    fs.mkdirSync(root, { recursive: true });
    // A dot-folder is never listed as a function, so a half-written upload is never run.
    const staging = path.join(root, `.staging-${randomBytes(6).toString('hex')}`);
    try {
      for (const [rel, data] of files) {
        const file = path.resolve(staging, ...rel.split('/'));
        if (!file.startsWith(staging + path.sep)) throw new CodeZipError(`entry ${JSON.stringify(rel)} leaves the function's folder`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, data, { flag: 'wx' });
      }
      const old = fs.existsSync(target) ? `${staging}-old` : undefined;
      if (old) fs.renameSync(target, old);
      fs.renameSync(staging, target);
      if (old) fs.rmSync(old, { recursive: true, force: true });
    } catch (e) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw e;
    }
  }

  private log(s: string): void {
    this.o.log(s);
  }
}
