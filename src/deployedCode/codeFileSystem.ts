import * as vscode from 'vscode';
import type { CodeFiles } from '../core/code/codeZip';
import { Schemes } from '../documents/schemes';
import { joinSegments, splitSegments } from '../documents/pathCodec';
import { FilesOnlyFileSystem } from '../documents/filesOnlyFileSystem';

export const CODE_SCHEME = Schemes.code;

/** The three segments naming one snapshot: a function's deployed code, a deploy result, or the empty side of a diff. */
export type SnapshotKey = readonly [string, string, string];

const EMPTY: SnapshotKey = ['_', '_', 'empty'];

/** `wxcloud-code:/<connection~scope>/<env>/<function>/<path…>` */
export function codeUri(key: SnapshotKey, file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: CODE_SCHEME, path: `${joinSegments(key)}/${file}` });
}

/** The empty file a diff shows on the side where a file does not exist. */
export function emptyUri(file: string): vscode.Uri {
  return codeUri(EMPTY, file);
}

interface Snapshot {
  files: CodeFiles;
  mtime: number;
}

/**
 * A read-only file system of what was downloaded: each function's deployed code as it was
 * when last opened or compared, and the outcome documents of deploys. Nothing is written to
 * disk; after a reload a file reads as missing until the code is opened again.
 */
export class CodeFileSystem extends FilesOnlyFileSystem {
  private readonly snapshots = new Map<string, Snapshot>();

  put(key: SnapshotKey, files: CodeFiles): void {
    const id = joinSegments(key);
    const had = this.snapshots.has(id);
    this.snapshots.set(id, { files, mtime: Date.now() });
    if (had) this.changes.fire([...files.keys()].map((f) => ({ type: vscode.FileChangeType.Changed, uri: codeUri(key, f) })));
  }

  private locate(uri: vscode.Uri): { snapshot?: Snapshot; empty: boolean; file: string } {
    const segments = splitSegments(uri.path);
    const key = segments.slice(0, 3);
    const file = segments.slice(3).join('/');
    if (key.join('/') === EMPTY.join('/')) return { empty: true, file };
    return { snapshot: this.snapshots.get(joinSegments(key)), empty: false, file };
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const { snapshot, empty, file } = this.locate(uri);
    if (empty) return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: 0, permissions: vscode.FilePermission.Readonly };
    if (!snapshot) throw vscode.FileSystemError.FileNotFound(uri);
    const data = snapshot.files.get(file);
    if (data) return { type: vscode.FileType.File, ctime: snapshot.mtime, mtime: snapshot.mtime, size: data.length, permissions: vscode.FilePermission.Readonly };
    const prefix = file ? `${file}/` : '';
    if ([...snapshot.files.keys()].some((f) => f.startsWith(prefix))) return { type: vscode.FileType.Directory, ctime: snapshot.mtime, mtime: snapshot.mtime, size: 0, permissions: vscode.FilePermission.Readonly };
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  override readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    const { snapshot, file } = this.locate(uri);
    if (!snapshot) throw vscode.FileSystemError.FileNotFound(uri);
    const prefix = file ? `${file}/` : '';
    const entries = new Map<string, vscode.FileType>();
    for (const name of snapshot.files.keys()) {
      if (!name.startsWith(prefix)) continue;
      const [head, ...rest] = name.slice(prefix.length).split('/');
      entries.set(head!, rest.length ? vscode.FileType.Directory : vscode.FileType.File);
    }
    return [...entries];
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const { snapshot, empty, file } = this.locate(uri);
    if (empty) return new Uint8Array();
    const data = snapshot?.files.get(file);
    if (!data) throw vscode.FileSystemError.FileNotFound(uri);
    return data;
  }


  writeFile(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

}
