// Reads a mini-program project folder: project.config.json, cloudbaserc.json and one
// sub-folder per cloud function under the cloud-function root. Re-reads lazily, so a
// function added or a config.json edited shows up in the next answer without a restart.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatTime } from './wire';

export interface Trigger {
  name: string;
  type: string;
  config: string;
}

export interface EnvVar {
  key: string;
  value: string;
}

export interface FunctionMeta {
  name: string;
  runtime: string;
  status: string;
  addTime: string;
  modTime: string;
  /** `permissions` of config.json as written (type 1); undefined when absent. */
  permissions: unknown;
  triggers: Trigger[];
  /** Seconds (type 3). */
  timeout: number;
  environment: EnvVar[];
}

export const DEFAULT_RUNTIME = 'Nodejs16.13';
export const DEFAULT_TIMEOUT_S = 3;
const RUNTIMES: Array<[number, string]> = [
  [8, 'Nodejs8.9'],
  [10, 'Nodejs10.15'],
  [12, 'Nodejs12.16'],
  [14, 'Nodejs14.18'],
  [16, 'Nodejs16.13'],
  [18, 'Nodejs18.15'],
];

export interface ProjectInfo {
  dir: string;
  appid: string | undefined;
  envId: string | undefined;
  functionRoot: string;
  /** cloudbaserc.json functions[] by name (params, timeout, envVariables). */
  cloudbaseFunctions: Map<string, Record<string, unknown>>;
}

function readJson(file: string, warn: (s: string) => void): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const v: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch (e) {
    warn(`${file}: not valid JSON (${(e as Error).message}); ignored`);
    return undefined;
  }
}

export function readProject(dir: string, warn: (s: string) => void): ProjectInfo {
  const pc = readJson(path.join(dir, 'project.config.json'), warn) ?? {};
  const rc = readJson(path.join(dir, 'cloudbaserc.json'), warn) ?? {};
  const rootName =
    (typeof pc.cloudfunctionRoot === 'string' && pc.cloudfunctionRoot) ||
    (typeof rc.functionRoot === 'string' && rc.functionRoot) ||
    'cloudfunctions';
  const cloudbaseFunctions = new Map<string, Record<string, unknown>>();
  if (Array.isArray(rc.functions)) {
    for (const f of rc.functions as unknown[]) {
      if (f && typeof f === 'object' && typeof (f as { name?: unknown }).name === 'string') {
        cloudbaseFunctions.set((f as { name: string }).name, f as Record<string, unknown>);
      }
    }
  }
  // A templated envId ("{{env.ENV_ID}}") is not an env id.
  const envId = typeof rc.envId === 'string' && /^[A-Za-z0-9_-]+$/.test(rc.envId) ? rc.envId : undefined;
  return {
    dir,
    appid: typeof pc.appid === 'string' && pc.appid ? pc.appid : undefined,
    envId,
    functionRoot: path.resolve(dir, rootName),
    cloudbaseFunctions,
  };
}

function runtimeOf(pkg: Record<string, unknown> | undefined): string {
  const engines = pkg?.engines as { node?: unknown } | undefined;
  const m = typeof engines?.node === 'string' ? /(\d+)/.exec(engines.node) : null;
  if (!m) return DEFAULT_RUNTIME;
  const major = Number(m[1]);
  let pick = RUNTIMES[0][1];
  for (const [v, name] of RUNTIMES) if (v <= major) pick = name;
  return pick;
}

function mtimeOf(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** One function folder; its metadata is re-read when one of its describing files changes. */
export class LocalFunction {
  private stamp = '';
  private cached!: FunctionMeta;

  constructor(
    readonly name: string,
    readonly dir: string,
    readonly project: ProjectInfo,
    private readonly warn: (s: string) => void,
  ) {}

  meta(): FunctionMeta {
    const files = ['index.js', 'package.json', 'config.json'].map((f) => path.join(this.dir, f));
    const times = [mtimeOf(this.dir), ...files.map(mtimeOf)];
    const stamp = times.join(',');
    if (stamp !== this.stamp) {
      this.cached = this.load(Math.max(...times));
      this.stamp = stamp;
    }
    return this.cached;
  }

  private load(modMs: number): FunctionMeta {
    const pkg = readJson(path.join(this.dir, 'package.json'), this.warn);
    const cfg = readJson(path.join(this.dir, 'config.json'), this.warn) ?? {};
    const rc = this.project.cloudbaseFunctions.get(this.name) ?? {};
    let addMs = modMs;
    try {
      const st = fs.statSync(this.dir);
      // birthtime is 0 on file systems that do not record it.
      addMs = st.birthtimeMs > 0 ? st.birthtimeMs : Math.min(st.ctimeMs, st.mtimeMs);
    } catch {
      /* keep modMs */
    }
    const triggers: Trigger[] = [];
    if (Array.isArray(cfg.triggers)) {
      for (const t of cfg.triggers as Array<Record<string, unknown>>) {
        if (t && typeof t.name === 'string') {
          triggers.push({ name: t.name, type: String(t.type ?? 'timer'), config: String(t.config ?? '') });
        }
      }
    }
    const timeoutRaw = cfg.timeout ?? rc.timeout;
    const timeout = typeof timeoutRaw === 'number' && timeoutRaw > 0 ? timeoutRaw : DEFAULT_TIMEOUT_S;
    const vars = (cfg.envVariables ?? rc.envVariables) as Record<string, unknown> | undefined;
    const environment: EnvVar[] =
      vars && typeof vars === 'object' ? Object.entries(vars).map(([key, value]) => ({ key, value: String(value) })) : [];
    return {
      name: this.name,
      runtime: runtimeOf(pkg),
      status: 'Active',
      addTime: formatTime(Math.min(addMs, modMs)),
      modTime: formatTime(modMs),
      permissions: cfg.permissions,
      triggers,
      timeout,
      environment,
    };
  }
}

/** The functions of the project's cloud-function root, re-listed when the root changes. */
export class ProjectFunctions {
  private rootStamp = -1;
  private byName = new Map<string, LocalFunction>();
  private sorted: LocalFunction[] = [];

  constructor(
    readonly project: ProjectInfo,
    private readonly warn: (s: string) => void,
  ) {}

  list(): LocalFunction[] {
    const stamp = mtimeOf(this.project.functionRoot);
    if (stamp !== this.rootStamp) {
      this.rootStamp = stamp;
      let names: string[] = [];
      try {
        names = fs
          .readdirSync(this.project.functionRoot, { withFileTypes: true })
          .filter((d) => d.isDirectory() && !d.name.startsWith('.') && d.name !== 'node_modules')
          .map((d) => d.name)
          .sort();
      } catch {
        this.warn(`cloud-function root ${this.project.functionRoot} not found; no local functions`);
      }
      const next = new Map<string, LocalFunction>();
      for (const n of names) {
        next.set(n, this.byName.get(n) ?? new LocalFunction(n, path.join(this.project.functionRoot, n), this.project, this.warn));
      }
      this.byName = next;
      this.sorted = names.map((n) => next.get(n)!);
    }
    return this.sorted;
  }

  get(name: string): LocalFunction | undefined {
    this.list();
    return this.byName.get(name);
  }
}
