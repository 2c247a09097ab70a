// Function configs written through the API (`tcb/uploadfuncconfig`, `componenttcb/updatescfconfig`)
// are kept in the data folder, `<dataDir>/<env>/configs/<function>.json`, as an overlay on what
// the project's `config.json` files say: the workspace is never rewritten, and every read
// (getfuncconfig, gettriggers, listfunctions, invoke's timeout and variables) sees the overlay.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatabaseHub } from './database/database';
import { inside, validName, writeAtomic } from './database/storage';
import type { EnvVar, FunctionMeta, Trigger } from './project';
import type { FunctionEntry, FunctionSet, World } from './world';

/** The fields a write replaces; absent = as the project says. */
export type ConfigPatch = Partial<Pick<FunctionMeta, 'permissions' | 'triggers' | 'timeout' | 'environment'>>;

const FOLDER = 'configs';

export class ConfigOverlay {
  /** Loaded per environment on first use; the files are the truth across restarts. */
  private readonly loaded = new Map<string, Map<string, ConfigPatch>>();

  constructor(
    private readonly dataDir: string,
    private readonly hub: DatabaseHub,
    private readonly warn: (s: string) => void,
    /** With `resetData` the hub empties an environment's folder when it first opens it. */
    private readonly resetData = false,
  ) {}

  patchesOf(env: string): Map<string, ConfigPatch> {
    let patches = this.loaded.get(env);
    if (!patches) {
      patches = this.read(env);
      this.loaded.set(env, patches);
    }
    return patches;
  }

  /** Merges `patch` into the function's stored overlay and writes it before answering. */
  write(env: string, name: string, patch: ConfigPatch): void {
    if (!validName(name)) throw new Error(`${JSON.stringify(name)} is not a valid function name`);
    // Opening the environment through the database first keeps its seeding (a fresh folder) intact.
    this.hub.for(env);
    const dir = path.join(inside(this.dataDir, env), FOLDER);
    fs.mkdirSync(dir, { recursive: true });
    const patches = this.patchesOf(env);
    const next = { ...patches.get(name), ...patch };
    writeAtomic(inside(dir, name, '.json'), `${JSON.stringify(next, null, 2)}\n`);
    patches.set(name, next);
  }

  private read(env: string): Map<string, ConfigPatch> {
    const out = new Map<string, ConfigPatch>();
    if (!validName(env)) return out;
    const envDir = inside(this.dataDir, env);
    // An environment the emulator never wrote has no overlay; reading creates nothing.
    if (!fs.existsSync(envDir)) return out;
    // With `resetData`, opening it through the database empties it before anything is read.
    if (this.resetData) this.hub.for(env);
    const dir = path.join(envDir, FOLDER);
    if (!fs.existsSync(dir)) return out;
    for (const entry of fs.readdirSync(dir)) {
      const name = entry.endsWith('.json') ? entry.slice(0, -'.json'.length) : '';
      if (!validName(name)) continue;
      try {
        const value: unknown = JSON.parse(fs.readFileSync(path.join(dir, entry), 'utf8'));
        if (value && typeof value === 'object' && !Array.isArray(value)) out.set(name, value as ConfigPatch);
      } catch (e) {
        this.warn(`emulator configs: ${path.join(dir, entry)} is not readable (${(e as Error).message}); ignored`);
      }
    }
    return out;
  }
}

/** The function set of one environment as the overlay changes it. */
class OverlaidSet implements FunctionSet {
  constructor(
    private readonly inner: FunctionSet,
    private readonly env: string,
    private readonly overlay: ConfigOverlay,
  ) {}

  list(): FunctionEntry[] {
    const patches = this.overlay.patchesOf(this.env);
    const all = this.inner.list();
    return patches.size === 0 ? all : all.map((e) => apply(e, patches.get(e.meta.name)));
  }

  get(name: string): FunctionEntry | undefined {
    const entry = this.inner.get(name);
    return entry && apply(entry, this.overlay.patchesOf(this.env).get(name));
  }
}

function apply(entry: FunctionEntry, patch: ConfigPatch | undefined): FunctionEntry {
  return patch ? { ...entry, meta: { ...entry.meta, ...patch } } : entry;
}

/** Every environment of the world reads its functions through the overlay. */
export function overlayWorld(world: World, overlay: ConfigOverlay): void {
  for (const e of world.allEnvs) e.functions = new OverlaidSet(e.functions, e.env, overlay);
}

export type { EnvVar, Trigger };
