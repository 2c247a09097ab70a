// The databases of every environment, opened lazily on their first call: each is a folder
// of the data folder, seeded from the project's `database/` when the folder is created.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Collection } from './collection';
import { COLLECTION_EXISTS, collectionMissing, invalid } from './errors';
import { syntheticDocs } from './synthetic';
import { ensureDataDir, inside, readEnvDir, readSeeds, serialize, validName, writeAtomic, type StoredCollection } from './storage';
import { fail } from '../wire';

export interface DatabaseOptions {
  /** Where collections are stored; default `<project>/.wxcloud-data/`. */
  dataDir?: string;
  /** Start from empty (then the project's seeds) instead of the stored data. */
  resetData?: boolean;
  /** Adds a collection `synthetic` of N generated documents to the project's environment. */
  syntheticDocuments?: number;
}

export const SYNTHETIC_COLLECTION = 'synthetic';

export class Database {
  private readonly collections = new Map<string, Collection>();

  constructor(
    readonly env: string,
    /** The environment's folder; undefined keeps it in memory. */
    private readonly dir: string | undefined,
    stored: StoredCollection[],
  ) {
    for (const s of stored) this.open(s);
  }

  list(): Collection[] {
    return [...this.collections.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  find(name: string): Collection | undefined {
    return this.collections.get(name);
  }

  get(name: string): Collection {
    return this.collections.get(name) ?? collectionMissing(name);
  }

  create(name: string): Collection {
    if (!validName(name)) invalid(`collection name ${JSON.stringify(name)}: use letters, digits, _, - and . (at most 128)`);
    if (this.collections.has(name)) fail(COLLECTION_EXISTS, `collection ${name} already exists. DATABASE_COLLECTION_ALREADY_EXIST`);
    const c = this.open({ name, indexes: [], documents: [] });
    this.persist(c);
    return c;
  }

  drop(name: string): void {
    this.get(name);
    this.collections.delete(name);
    if (this.dir) fs.rmSync(inside(this.dir, name, '.json'), { force: true });
  }

  /** Writes a collection through to disk now: every answered write is durable. */
  persist(c: Collection): void {
    if (!this.dir || this.collections.get(c.name) !== c) return;
    writeAtomic(inside(this.dir, c.name, '.json'), serialize({ name: c.name, indexes: c.indexSpecs(), documents: c.all() }));
  }

  private open(s: StoredCollection): Collection {
    const c = new Collection(s.name, (changed) => this.persist(changed));
    c.load(s.documents);
    for (const spec of s.indexes) c.createIndex(spec);
    this.collections.set(s.name, c);
    return c;
  }
}

export interface HubOptions extends DatabaseOptions {
  projectDir: string;
  /** The environment the project's seeds and synthetic documents go to. */
  projectEnv: string;
  warn: (s: string) => void;
}

export class DatabaseHub {
  private readonly open = new Map<string, Database>();
  private readonly dataDir: string;
  private readonly reset: boolean;

  constructor(private readonly o: HubOptions) {
    this.dataDir = path.resolve(o.dataDir ?? path.join(o.projectDir, '.wxcloud-data'));
    this.reset = o.resetData ?? false;
  }

  for(env: string): Database {
    let db = this.open.get(env);
    if (!db) {
      db = this.load(env);
      this.open.set(env, db);
    }
    return db;
  }

  private load(env: string): Database {
    ensureDataDir(this.dataDir);
    const dir = inside(this.dataDir, env);
    // Only the environment's own folder, which holds nothing but what the emulator wrote.
    if (this.reset) fs.rmSync(dir, { recursive: true, force: true });
    const fresh = !fs.existsSync(dir);
    let stored: StoredCollection[];
    if (fresh) {
      fs.mkdirSync(dir);
      stored = env === this.o.projectEnv ? readSeeds(this.o.projectDir, this.o.warn) : [];
    } else {
      stored = readEnvDir(dir, this.o.warn);
    }
    const db = new Database(env, dir, stored);
    if (fresh) for (const c of db.list()) db.persist(c);
    const n = Math.max(0, Math.floor(this.o.syntheticDocuments ?? 0));
    if (env === this.o.projectEnv && n > 0 && db.find(SYNTHETIC_COLLECTION)?.count !== n) {
      if (db.find(SYNTHETIC_COLLECTION)) db.drop(SYNTHETIC_COLLECTION);
      const c = db.create(SYNTHETIC_COLLECTION);
      c.load(syntheticDocs(n));
      db.persist(c);
    }
    return db;
  }
}
