// A function's code as a zip: the editor's rules for what it will read (entry names that stay
// inside the folder, a bounded zip and a bounded unpacked size), its SHA-256 and how it packs.
import { createHash } from 'node:crypto';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { CodeError } from './codeErrors';

/** WeChat's documented limit on a code zip, for uploads and downloads alike. */
export const MAX_ZIP_BYTES = 20 * 1024 * 1024;
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;
export const MAX_FILES = 20_000;

export interface CodeLimits {
  maxZipBytes: number;
  maxUnzippedBytes: number;
  maxFiles: number;
}

export const DEFAULT_LIMITS: CodeLimits = { maxZipBytes: MAX_ZIP_BYTES, maxUnzippedBytes: MAX_UNZIPPED_BYTES, maxFiles: MAX_FILES };

/** The files of a function's code by POSIX path relative to its folder. */
export type CodeFiles = Map<string, Uint8Array>;

/** Why a zip entry name would leave the folder it unpacks into (zip slip), or undefined. */
export function entryPathProblem(name: string): string | undefined {
  if (name.length === 0) return 'empty';
  if (name.includes('\\')) return 'backslash';
  if (name.startsWith('/')) return 'absolute';
  if (/^[a-zA-Z]:/.test(name)) return 'drive letter';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control character';
  const segments = name.endsWith('/') ? name.slice(0, -1).split('/') : name.split('/');
  if (segments.includes('..')) return 'parent segment';
  if (segments.some((s) => s === '' || s === '.')) return 'empty segment';
  return undefined;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Throws when `bytes` is not what `expected` (hex, any case) says; nothing is unpacked before this. */
export function verifyChecksum(functionName: string, bytes: Uint8Array, expected: string): void {
  const actual = sha256Hex(bytes);
  if (actual !== expected.trim().toLowerCase()) {
    throw new CodeError({ endpoint: 'tcb/downloadfunction', messageKey: 'codeChecksumMismatch', messageArgs: [functionName, expected, actual], category: 'server' });
  }
}

/**
 * Unpacks a code zip: refuses it whole when it is too large, when any entry's path leaves the
 * folder, or when its entries declare more than the limits (checked before anything inflates;
 * an entry inflates into a buffer of its declared size, so a false size cannot grow it).
 */
export function unpackCode(functionName: string, bytes: Uint8Array, limits: CodeLimits = DEFAULT_LIMITS): CodeFiles {
  const endpoint = 'zip';
  if (bytes.length > limits.maxZipBytes) throw new CodeError({ endpoint, messageKey: 'codeZipTooLarge', messageArgs: [functionName, bytes.length, limits.maxZipBytes] });
  let unsafe: string | undefined;
  let total = 0;
  let count = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (entry) => {
        if (unsafe === undefined && entryPathProblem(entry.name)) unsafe = entry.name;
        total += entry.originalSize;
        count++;
        return unsafe === undefined && total <= limits.maxUnzippedBytes && count <= limits.maxFiles && !entry.name.endsWith('/');
      },
    });
  } catch (error) {
    throw new CodeError({ endpoint, messageKey: 'codeNotZip', messageArgs: [functionName, error instanceof Error ? error.message : String(error)] });
  }
  if (unsafe !== undefined) throw new CodeError({ endpoint, messageKey: 'codeUnsafeEntry', messageArgs: [functionName, JSON.stringify(unsafe)] });
  if (total > limits.maxUnzippedBytes || count > limits.maxFiles) {
    throw new CodeError({ endpoint, messageKey: 'codeUnpacksTooLarge', messageArgs: [functionName, limits.maxUnzippedBytes, limits.maxFiles] });
  }
  return new Map(Object.entries(files));
}

/** A zip of `files` (names checked by the same rules), refused when it passes the zip limit. */
export function packCode(functionName: string, files: CodeFiles, limits: CodeLimits = DEFAULT_LIMITS): Uint8Array {
  const tree: Zippable = {};
  for (const [name, data] of files) {
    if (entryPathProblem(name)) throw new CodeError({ endpoint: 'zip', messageKey: 'codeUnsafeEntry', messageArgs: [functionName, JSON.stringify(name)] });
    tree[name] = data;
  }
  const zip = zipSync(tree, { level: 6 });
  if (zip.length > limits.maxZipBytes) throw new CodeError({ endpoint: 'zip', messageKey: 'codeZipTooLarge', messageArgs: [functionName, zip.length, limits.maxZipBytes] });
  return zip;
}

/** Added, removed and changed paths from `deployed` to `local`. */
export interface CodeDiff {
  added: string[];
  removed: string[];
  changed: string[];
  same: number;
}

export function compareCode(deployed: CodeFiles, local: CodeFiles): CodeDiff {
  const diff: CodeDiff = { added: [], removed: [], changed: [], same: 0 };
  for (const [name, data] of local) {
    const old = deployed.get(name);
    if (!old) diff.added.push(name);
    else if (Buffer.compare(Buffer.from(old), Buffer.from(data)) !== 0) diff.changed.push(name);
    else diff.same++;
  }
  for (const name of deployed.keys()) if (!local.has(name)) diff.removed.push(name);
  for (const list of [diff.added, diff.removed, diff.changed]) list.sort();
  return diff;
}
