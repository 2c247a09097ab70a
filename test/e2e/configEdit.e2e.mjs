// Editing a function config as a person would: connect to the local emulator, open sum's
// environment config for editing from its row's inline action, change one variable's value in the
// editor, save, read the diff and the question, write, and find the value on the emulator with the
// other (masked, never revealed) value kept. Screenshots in artifacts/e2e/config-edit/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import { openWorkbench } from './workbench.mjs';

// The project's mini program, shown by its name (its AppID is the row's description).
const DEMO_NAME = '云开发演示';
const DEMO_ENV = 'demo-env-1a2b3c';
const MASK = '••••••';

describe('config edit (en)', function () {
  this.timeout(180_000);
  /** @type {Awaited<ReturnType<typeof openWorkbench>>} */
  let wb;

  before(async () => {
    // Typed text stays as typed: no brackets or quotes closed for us, no indentation added.
    const literal = { 'editor.autoClosingBrackets': 'never', 'editor.autoClosingQuotes': 'never', 'editor.autoIndent': 'none', 'editor.autoSurround': 'never' };
    wb = await openWorkbench({ name: 'config-edit', settings: literal });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.screenshot(`failed-${this.currentTest.title}`).catch(() => {});
  });

  after(async () => {
    await wb?.close();
  });

  it('connects to the local emulator and shows sum’s configs', async () => {
    await wb.openViewContainer('WeChat Cloud');
    await wb.clickButton('Start Local Emulator');
    await wb.waitForText(DEMO_NAME);
    await wb.expandTreeItem(DEMO_NAME);
    await wb.expandTreeItem('demo-env');
    await wb.expandTreeItem('sum');
    await wb.treeItem('Environment config').waitFor({ state: 'visible' });
  });

  it('opens the environment config for editing from the row’s inline action, values masked', async () => {
    const row = wb.treeItem('Environment config');
    await row.hover();
    await row.locator('.actions .action-label[aria-label="Edit Function Config…"]').click();
    const text = await wb.waitForEditorText('"GREETING"');
    assert.match(text, new RegExp(MASK));
    assert.doesNotMatch(text, /demo-not-a-secret/);
    await wb.screenshot('edit-opened');
  });

  it('changes one value, saves, shows the diff and asks before writing', async () => {
    const editor = wb.page.locator('.editor-group-container.active .monaco-editor').first();
    await editor.click();
    await wb.page.keyboard.press('Control+A');
    const edited = JSON.stringify({ timeout: 5, environment: [{ key: 'GREETING', value: 'hello from the walk' }, { key: 'API_KEY', value: MASK }] }, null, 2);
    await wb.page.keyboard.insertText(edited);
    await wb.page.keyboard.press('Control+S');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await dialog.innerText(), new RegExp(`Write the Environment config of sum in ${DEMO_ENV}\\?`));
    // The diff behind the question: the server's config on the left, the edit on the right.
    const diff = await wb.waitForEditorText('hello from the walk');
    assert.doesNotMatch(diff, /demo-not-a-secret/, 'the diff shows no hidden value');
    assert.equal(await wb.page.locator('.monaco-diff-editor').count() > 0, true, 'a diff editor is open');
    await wb.screenshot('diff-and-question');
    await wb.clickButton('Write');
    await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
  });

  it('wrote the new value and kept the unrevealed one, never the mask', async () => {
    // The emulator keeps written configs in its data folder, beside the workspace's own config.json.
    const file = path.join(wb.workspace, '.wxcloud-data', DEMO_ENV, 'configs', 'sum.json');
    const deadline = Date.now() + 30_000;
    let stored;
    while (!stored && Date.now() < deadline) {
      try {
        stored = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    assert.ok(stored, `${file} was not written`);
    assert.deepEqual(stored.environment, [
      { key: 'GREETING', value: 'hello from the walk' },
      { key: 'API_KEY', value: 'demo-not-a-secret' },
    ]);
    assert.doesNotMatch(readFileSync(path.join(wb.workspace, 'cloudfunctions', 'sum', 'config.json'), 'utf8'), /hello from the walk/, 'config.json is untouched');
    await wb.page.locator('.tab.dirty').first().waitFor({ state: 'detached', timeout: 30_000 });
    await wb.screenshot('written');
  });
});
