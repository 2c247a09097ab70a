// The emulator's own reading of a function's code zip: which entry names it accepts, how much
// it will unpack, and how it packs a folder. Independent of the editor's reading (src/core),
// as the rest of the emulator is: the two are tested against each other.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';

/** WeChat's documented limit on a function's code zip. */
export const MAX_CODE_ZIP_BYTES = 20 * 1024 * 1024;
/** What one function's code may unpack to, and how many files it may hold. */
export const MAX_CODE_BYTES = 200 * 1024 * 1024;
export const MAX_CODE_FILES = 20_000;

export class CodeZipError extends Error {}

/** Why an entry name would leave the function's folder, or undefined when it stays inside. */
export function entryNameProblem(name: string): string | undefined {
  if (name === '') return 'an empty name';
  if (name.includes('\\')) return 'a backslash';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(name)) return 'a control character';
  if (name.startsWith('/')) return 'an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'a drive letter';
  const parts = name.replace(/\/$/, '').split('/');
  if (parts.some((p) => p === '..')) return 'a ".." segment';
  if (parts.some((p) => p === '' || p === '.')) return 'an empty or "." segment';
  return undefined;
}

/** The files of a zip by relative path; refuses unsafe names and too much content before inflating it. */
export function unpackZip(bytes: Uint8Array): Map<string, Uint8Array> {
  let declared = 0;
  let count = 0;
  let refused: string | undefined;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (entry) => {
        if (refused) return false;
        const problem = entryNameProblem(entry.name);
        if (problem) refused = `entry ${JSON.stringify(entry.name)} has ${problem}`;
        declared += entry.originalSize;
        count++;
        if (declared > MAX_CODE_BYTES) refused = `the code unpacks to more than ${MAX_CODE_BYTES} bytes`;
        if (count > MAX_CODE_FILES) refused = `the code holds more than ${MAX_CODE_FILES} files`;
        return !refused && !entry.name.endsWith('/');
      },
    });
  } catch (e) {
    throw new CodeZipError(`not a readable zip (${(e as Error).message})`);
  }
  if (refused) throw new CodeZipError(refused);
  return new Map(Object.entries(files));
}

/** Every regular file under `dir` (symbolic links are not followed), by POSIX relative path. */
export function readFolder(dir: string, skip: (relative: string) => boolean = () => false): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  let total = 0;
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${d.name}` : d.name;
      if (skip(child)) continue;
      if (d.isDirectory()) walk(child);
      else if (d.isFile()) {
        const data = fs.readFileSync(path.join(dir, child));
        total += data.length;
        if (total > MAX_CODE_BYTES || out.size >= MAX_CODE_FILES) throw new CodeZipError(`${dir} holds more than the code limits`);
        out.set(child, data);
      }
    }
  };
  walk('');
  return out;
}

/** A zip of `files`, with a fixed time so the same code always packs to the same bytes. */
export function packFiles(files: Map<string, Uint8Array>): Uint8Array {
  const tree: Zippable = {};
  for (const [name, data] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) tree[name] = [data, { mtime: new Date('2020-01-01T00:00:00Z') }];
  return zipSync(tree, { level: 6 });
}
