// `npm test`: every tier in order, each also runnable alone (`npm run test:unit`, ...).
// Prints one summary line per tier and exits non-zero when any tier fails.
import { spawnSync } from 'node:child_process';

const tiers = [
  ['unit', ['run', 'test:unit']],
];

const results = [];
for (const [name, args] of tiers) {
  console.log(`\n### tier: ${name}`);
  const r = spawnSync('npm', args, { stdio: 'inherit', shell: false });
  results.push([name, r.status === 0]);
}
console.log('\n### tiers');
for (const [name, ok] of results) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
process.exit(results.every(([, ok]) => ok) ? 0 : 1);
