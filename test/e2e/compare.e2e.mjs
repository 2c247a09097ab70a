// Compare with Workspace as a person sees it: the local emulator started in deployed mode (its
// connection says so), a function's workspace folder edited after it was deployed, the compare's
// list of changed and added files, the diff of one, and the row marked "deployed code differs".
// Screenshots in artifacts/e2e/compare/.
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import { openWorkbench } from './workbench.mjs';

// The project's mini program, shown by its name (its AppID is the row's description).
const DEMO_NAME = '云开发演示';

describe('compare deployed code (en)', function () {
  this.timeout(120_000);
  /** @type {Awaited<ReturnType<typeof openWorkbench>>} */
  let wb;

  before(async () => {
    wb = await openWorkbench({ name: 'compare', settings: { 'wxcloud.emulator.codeMode': 'deployed' } });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.screenshot(`failed-${this.currentTest.title}`).catch(() => {});
  });

  after(async () => {
    await wb?.close();
  });

  it('starts the local emulator in deployed mode and says so on its connection', async () => {
    await wb.openViewContainer('WeChat Cloud');
    await wb.clickButton('Start Local Emulator');
    await wb.waitForText(/runs deployed code$/);
    await wb.expandTreeItem(DEMO_NAME);
    await wb.expandTreeItem('demo-env');
    await wb.waitForText('sum');
    await wb.screenshot('deployed-mode');
  });

  it('lists what changed in the workspace since the deploy and opens the diff of a file', async () => {
    // Edited after the emulator took its deployed copy on first start.
    const sum = path.join(wb.workspace, 'cloudfunctions', 'sum');
    appendFileSync(path.join(sum, 'index.js'), '// edited in the workspace, not deployed yet\n');
    writeFileSync(path.join(sum, 'helper.js'), 'module.exports = () => 42;\n');
    await wb.runCommandFromPalette('WeChat Cloud: Compare Deployed Code with Workspace');
    await wb.pickQuickItem('Authorized mini programs');
    await wb.pickQuickItem(DEMO_NAME);
    await wb.pickQuickItem('sum');
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'helper.js' }).waitFor({ state: 'visible' });
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'only in the workspace' }).waitFor({ state: 'visible' });
    const placeholder = await wb.page.locator('.quick-input-widget input.input').getAttribute('placeholder');
    assert.equal(placeholder, '1 changed, 1 added, 0 removed; choose a file to see its diff');
    await wb.screenshot('compare-list');
    await wb.pickQuickItem('index.js');
    const text = await wb.waitForEditorText('edited in the workspace, not deployed yet');
    assert.match(text, /exports\.main/);
    await wb.page.locator('.monaco-diff-editor').first().waitFor({ state: 'visible' });
    await wb.waitForText(/deployed code differs/);
    await wb.screenshot('compare-diff');
  });
});
