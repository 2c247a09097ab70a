// The data folder on disk: one JSON file per collection per environment, each replaced
// atomically (temp file in the same folder, fsync, rename) so a kill at any moment leaves
// either the old or the new collection, never half of one.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IndexSpec } from './indexes';
import type { Doc } from './mingo';
import { fromJsonValue, toJsonValue } from './values';

const NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;

/** WeChat's collection names: letters, digits, `_`, `-`, `.`; never a path. */
export function validName(name: string): boolean {
  return NAME.test(name) && !name.includes('..');
}

/** `<dir>/<name><ext>`, refused unless it stays directly inside `dir`. */
export function inside(dir: string, name: string, ext = ''): string {
  const file = path.resolve(dir, name + ext);
  if (!validName(name) || path.dirname(file) !== path.resolve(dir)) throw new Error(`${JSON.stringify(name)} is not a valid name`);
  return file;
}

export function writeAtomic(file: string, text: string | Buffer): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** Creates the data folder with its own `.gitignore` so a project never commits its data. */
export function ensureDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const ignore = path.join(dataDir, '.gitignore');
  if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# Local data of the WeChat cloud emulator\n*\n');
}

export interface StoredCollection {
  name: string;
  indexes: IndexSpec[];
  documents: Doc[];
}

export function serialize(c: StoredCollection): string {
  return `${JSON.stringify({ name: c.name, indexes: c.indexes, documents: c.documents.map(toJsonValue) })}\n`;
}

export function parseStored(text: string, name: string): StoredCollection {
  const raw = JSON.parse(text) as { indexes?: IndexSpec[]; documents?: unknown[] };
  return { name, indexes: raw.indexes ?? [], documents: (raw.documents ?? []).map((d) => fromJsonValue(d) as Doc) };
}

/** The collections stored in an environment's folder, leftover temp files removed. */
export function readEnvDir(dir: string, warn: (s: string) => void): StoredCollection[] {
  const out: StoredCollection[] = [];
  for (const entry of fs.readdirSync(dir)) {
    if (entry.endsWith('.tmp')) {
      fs.rmSync(path.join(dir, entry), { force: true });
      continue;
    }
    if (!entry.endsWith('.json')) continue;
    const name = entry.slice(0, -'.json'.length);
    if (!validName(name)) continue;
    try {
      out.push(parseStored(fs.readFileSync(path.join(dir, entry), 'utf8'), name));
    } catch (e) {
      warn(`emulator database: ${path.join(dir, entry)} is not readable (${(e as Error).message}); skipped`);
    }
  }
  return out;
}

/** `database/<collection>.json` of a project: JSON Lines, as WeChat DevTools exports them. */
export function readSeeds(projectDir: string, warn: (s: string) => void): StoredCollection[] {
  const dir = path.join(projectDir, 'database');
  if (!fs.existsSync(dir)) return [];
  const out: StoredCollection[] = [];
  for (const entry of fs.readdirSync(dir).sort()) {
    const name = entry.replace(/\.json$/, '');
    if (!entry.endsWith('.json') || !validName(name)) continue;
    const documents: Doc[] = [];
    const lines = fs.readFileSync(path.join(dir, entry), 'utf8').split(/\r?\n/);
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const doc = fromJsonValue(JSON.parse(line));
        if (doc && typeof doc === 'object' && !Array.isArray(doc)) documents.push(doc as Doc);
        else warn(`emulator database: database/${entry} line ${i + 1} is not an object; skipped`);
      } catch {
        warn(`emulator database: database/${entry} line ${i + 1} is not JSON; skipped`);
      }
    });
    out.push({ name, indexes: [], documents });
  }
  return out;
}
