// `npm test`: every tier in order, each also runnable alone (`npm run test:unit`, `test:integration`,
// `test:e2e`). `node scripts/test.mjs integration e2e` runs only the named tiers.
// Prints a summary line per tier and a total `N passed, N failed`; exits non-zero when any tier fails.
import { spawn } from 'node:child_process';
import { ensureDependencies } from './lib/dependencies.mjs';

const allTiers = [
  ['unit', ['run', 'test:unit']],
  ['integration', ['run', 'test:integration']],
  ['e2e', ['run', 'test:e2e']],
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !allTiers.some(([name]) => name === w));
if (unknown.length) {
  console.error(`unknown tier(s): ${unknown.join(', ')}; tiers are ${allTiers.map(([n]) => n).join(', ')}`);
  process.exit(2);
}
const tiers = wanted.length ? allTiers.filter(([name]) => wanted.includes(name)) : allTiers;

/** Counts from a tier's output: our runners' `N passed, N failed`, or mocha's spec reporter. */
function countsFrom(raw) {
  const output = raw.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), ''); // colours
  const ours = [...output.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
  if (ours) return { passed: Number(ours[1]), failed: Number(ours[2]) };
  const passing = [...output.matchAll(/^\s*(\d+) passing\b/gm)].pop();
  const failing = [...output.matchAll(/^\s*(\d+) failing\b/gm)].pop();
  if (passing || failing) return { passed: Number(passing?.[1] ?? 0), failed: Number(failing?.[1] ?? 0) };
  return undefined;
}

function runTier(args) {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn('npm', args, { stdio: ['inherit', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    // Ctrl-C reaches the tier through the terminal; forward a SIGTERM from a supervisor.
    const forward = () => child.kill('SIGTERM');
    process.once('SIGTERM', forward);
    child.on('close', (code, signal) => {
      process.off('SIGTERM', forward);
      resolve({ code: code ?? (signal ? 1 : 0), output });
    });
  });
}

ensureDependencies((msg) => console.log(`[test] ${msg}`));

const results = [];
for (const [name, args] of tiers) {
  console.log(`\n### tier: ${name}`);
  const started = Date.now();
  const { code, output } = await runTier(args);
  const counts = countsFrom(output) ?? { passed: 0, failed: 0 };
  // A tier that failed without reporting a failing test (a crash, a build error) still counts as one.
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  results.push({ name, ok: code === 0, ...counts, seconds: (Date.now() - started) / 1000 });
}

console.log('\n### tiers');
for (const r of results) {
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(12)} ${`${r.passed} passed, ${r.failed} failed`.padEnd(22)} (${r.seconds.toFixed(1)} s)`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
