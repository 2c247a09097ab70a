// Entry of the integration bundle. scripts/runIntegration.mjs bundles this file first and every
// test/integration/**/*.test.ts after it, so the mocha globals below exist when the suites load.
// Both hosts call into it: @vscode/test-electron calls `run()` (its extensionTestsPath shape), the
// offline host's generated runner extension calls `runSuites()` and writes the results to a file.
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

export interface TestResult {
  /** Full title: suite titles and the test title joined by " › ". */
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

export interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
  tests: TestResult[];
}

const mocha = new Mocha({
  ui: 'bdd',
  color: false,
  timeout: Number(process.env.WXCLOUD_TEST_TIMEOUT_MS ?? 30_000),
  ...(process.env.WXCLOUD_TEST_GREP ? { grep: process.env.WXCLOUD_TEST_GREP } : {}),
});
// Installs describe/it/before/... on the global object for the suites bundled after this module.
mocha.suite.emit('pre-require', globalThis, 'integration', mocha);

const fullTitle = (test: Mocha.Runnable): string => test.titlePath().join(' › ');

/** Runs every bundled suite once; resolves with the results, failures included. */
export function runSuites(): Promise<SuiteResults> {
  return new Promise((resolve) => {
    const tests: TestResult[] = [];
    const runner = mocha.run(() => {
      resolve({
        passed: tests.filter((t) => t.state === 'passed').length,
        failed: tests.filter((t) => t.state === 'failed').length,
        pending: tests.filter((t) => t.state === 'pending').length,
        tests,
      });
    });
    runner.on('pass', (test) => tests.push({ title: fullTitle(test), state: 'passed', durationMs: test.duration ?? 0 }));
    runner.on('pending', (test) => tests.push({ title: fullTitle(test), state: 'pending', durationMs: 0 }));
    // Hook failures ("before all" hook) count as failures too, under the hook's title.
    runner.on('fail', (test, err: Error) =>
      tests.push({
        title: fullTitle(test),
        state: 'failed',
        durationMs: test.duration ?? 0,
        error: err?.stack ?? String(err),
      }),
    );
  });
}

/** Writes the results where the harness reads them (env WXCLOUD_TEST_RESULTS), if it asked. */
export function writeResults(results: SuiteResults, file = process.env.WXCLOUD_TEST_RESULTS): void {
  if (file) writeFileSync(file, JSON.stringify(results, null, 2));
}

/** @vscode/test-electron's extensionTestsPath contract: resolve when all pass, throw otherwise. */
export async function run(): Promise<void> {
  const results = await runSuites();
  if (process.env.WXCLOUD_TEST_RESULTS) {
    writeResults(results); // scripts/runIntegration.mjs prints them
  } else {
    for (const t of results.tests) {
      console.log(`${t.state === 'passed' ? 'ok  ' : t.state === 'failed' ? 'FAIL' : 'skip'} ${t.title}`);
      if (t.error) console.log(t.error.replace(/^/gm, '       '));
    }
    console.log(`${results.passed} passed, ${results.failed} failed`);
  }
  if (results.failed > 0) throw new Error(`${results.failed} integration test(s) failed`);
}
