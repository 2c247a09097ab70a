// deploy_overhead_ratio for `npm run bench`: deploying a 1 MB function to the emulator through
// the client (code secret, upload signature over the body's SHA-256, the signed upload)
// against a bare upload of the same zip written with fetch alone (the same three requests),
// in the same run, interleaved; the signed upload alone is timed too, for the note. Reads one
// JSON argument, prints one JSON line. Run by scripts/bench.mjs.
import { randomBytes, createHash } from 'node:crypto';
import { WxCloudClient } from '../../src/core/client';
import { packCode } from '../../src/core/code/codeZip';
import { deployToEnvironment, parseSignedHeaders } from '../../src/core/code/deployedCode';
import { StaticTokenSource } from '../../src/core/tokens/staticToken';
import { median, round, timed } from './stats';

interface DeployBenchInput {
  url: string;
  authorizerToken: string;
  env: string;
  runs: number;
  iterations: number;
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as DeployBenchInput;
  const files = new Map([
    ['index.js', new TextEncoder().encode('exports.main = async () => ({ ok: true });\n')],
    // Random bytes do not compress: the zip is about 1 MB.
    ['data.bin', randomBytes(1024 * 1024)],
  ]);
  const zip = packCode('bench', files);
  const client = new WxCloudClient({ baseUrl: input.url, identity: 'bench', credentials: { authorizer: new StaticTokenSource({ kind: 'authorizer', token: input.authorizerToken }) }, cacheTtlMs: 0 });
  const codeHostUrl = `${input.url}/_scf/`;
  const deploy = () => deployToEnvironment(client, { env: input.env, functionName: 'sum', zip, exists: true, codeHostUrl });

  // The bare side: the same three requests written with fetch alone (code secret, signature
  // over the body's SHA-256, the signed upload), so the ratio is the client's own cost.
  const api = (path: string, body: unknown) =>
    fetch(`${input.url}/${path}?access_token=${encodeURIComponent(input.authorizerToken)}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json() as Promise<Record<string, unknown>>);
  const post = async (bodyText: string, headers: Record<string, string>) => {
    const res = await fetch(codeHostUrl, { method: 'POST', body: bodyText, headers: { ...headers, 'content-type': 'application/json' } });
    const answer = (await res.json()) as { Response?: { Error?: unknown } };
    if (answer.Response?.Error) throw new Error(`bare upload refused: ${JSON.stringify(answer.Response.Error)}`);
  };
  const signed = async () => {
    const secret = String((await api('tcb/getcodesecret', { env: input.env })).codesecret);
    const bodyText = JSON.stringify({ CodeSecret: secret, EnvId: input.env, FunctionName: 'sum', Handler: 'index.main', ZipFile: Buffer.from(zip).toString('base64') });
    const headers = parseSignedHeaders((await api('tcb/getuploadsignature', { hashed_payload: createHash('sha256').update(bodyText).digest('hex') })).headers);
    return { bodyText, headers };
  };
  const bare = async () => {
    const { bodyText, headers } = await signed();
    await post(bodyText, headers);
  };
  // For the note: the signed upload alone, the request that carries the zip.
  const once = await signed();
  const uploadOnly = () => post(once.bodyText, once.headers);

  await deploy();
  await bare();
  await uploadOnly();
  const ratios: number[] = [];
  const clientMs: number[] = [];
  const bareMs: number[] = [];
  const uploadMs: number[] = [];
  for (let run = 0; run < input.runs; run++) {
    const c: number[] = [];
    const b: number[] = [];
    const u: number[] = [];
    for (let i = 0; i < input.iterations; i++) {
      c.push((await timed(deploy)).ms);
      b.push((await timed(bare)).ms);
      u.push((await timed(uploadOnly)).ms);
    }
    clientMs.push(median(c));
    bareMs.push(median(b));
    uploadMs.push(median(u));
    ratios.push(median(c) / median(b));
  }
  process.stdout.write(`${JSON.stringify({ deploy_overhead_ratio: round(median(ratios)), clientMs: round(median(clientMs), 1), bareMs: round(median(bareMs), 1), uploadOnlyMs: round(median(uploadMs), 1), zipBytes: zip.length })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
