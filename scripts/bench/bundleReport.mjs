// What makes dist/extension.js big: the production build of esbuild.mjs (its own options), rebuilt in memory with
// a metafile, its output bytes summed per npm package and per src/ folder.
import path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from '../offlineHost.mjs';
import { buildOptions } from '../../esbuild.mjs';

/** Where an input file of the bundle belongs: `ofetch`, `src/core`, `src/commands`, … */
function groupOf(input) {
  const nm = input.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = input.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const parts = input.split('/');
  return parts[0] === 'src' && parts.length > 2 ? `src/${parts[1]}` : parts.slice(0, 2).join('/');
}

export async function analyzeBundle() {
  const result = await esbuild.build({
    ...buildOptions({ production: true }),
    absWorkingDir: repoRoot,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: path.join(repoRoot, '.cache', 'bench', 'analyze'),
    sourcemap: false,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('extension.js'));
  const [, meta] = output;
  const groups = new Map();
  const files = [];
  for (const [input, { bytesInOutput }] of Object.entries(meta.inputs)) {
    const group = groupOf(input);
    groups.set(group, (groups.get(group) ?? 0) + bytesInOutput);
    files.push({ file: input, bytes: bytesInOutput });
  }
  const total = meta.bytes;
  return {
    total,
    groups: [...groups.entries()].map(([name, bytes]) => ({ name, bytes, share: bytes / total })).sort((a, b) => b.bytes - a.bytes),
    files: files.sort((a, b) => b.bytes - a.bytes),
    text: await esbuild.analyzeMetafile(result.metafile, { verbose: false }),
  };
}
