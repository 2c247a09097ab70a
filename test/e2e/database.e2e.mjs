// The database in the browser: the Database row of the demo environment, a collection's
// documents, and an edit saved through the diff and the question. Screenshots in
// artifacts/e2e/database/ (two of them are the READMEs' pictures).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'mocha';
import { openWorkbench } from './workbench.mjs';

// The project's mini program, shown by its name (its AppID is the row's description).
const DEMO_NAME = '云开发演示';

describe('database walk', function () {
  this.timeout(120_000);
  /** @type {Awaited<ReturnType<typeof openWorkbench>>} */
  let wb;

  before(async () => {
    wb = await openWorkbench({ name: 'database' });
    await wb.openViewContainer('WeChat Cloud');
    await wb.clickButton('Start Local Emulator');
    await wb.waitForText(DEMO_NAME);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.screenshot(`failed-${this.currentTest.title}`).catch(() => {});
  });

  after(async () => {
    await wb?.close();
  });

  it('shows the collections of the demo environment and a collection’s documents', async () => {
    await wb.expandTreeItem(DEMO_NAME);
    await wb.expandTreeItem('demo-env');
    // Functions first: collapsed, the Database row and its rows fit on screen.
    await wb.clickTreeItem('Functions');
    await wb.expandTreeItem('Database');
    for (const name of ['orders', 'todos', 'users']) await wb.treeItem(name).waitFor({ state: 'visible' });
    await wb.expandTreeItem('todos');
    await wb.treeItem('todo-0001').waitFor({ state: 'visible' });
    await wb.waitForText('title: "Buy tea", done: false');
    await wb.screenshot('database-tree');
  });

  it('edits a document: saving shows the diff and asks before writing', async () => {
    const row = wb.treeItem('todo-0001');
    await row.hover();
    await row.locator('.actions .action-label[aria-label="Edit Document"]').click();
    await wb.waitForEditorText('"title": "Buy tea"');
    // Select "tea" in the editor and type over it, as a person would.
    await wb.page.locator('.editor-group-container.active .view-line span', { hasText: '"Buy tea"' }).first().waitFor();
    await wb.page.keyboard.press('Control+F');
    await wb.page.keyboard.type('Buy tea');
    await wb.page.keyboard.press('Escape');
    await wb.page.keyboard.type('Buy green tea');
    await wb.page.keyboard.press('Control+S');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible' });
    assert.match(await dialog.innerText(), /Write document todo-0001 to collection todos in environment demo-env/);
    await wb.waitForText('todo-0001.json: the server’s copy ↔ your edit');
    await wb.screenshot('document-edit-diff');
    await wb.clickButton('Write');
    await dialog.waitFor({ state: 'hidden' });
    await wb.waitForText('title: "Buy green tea", done: false');
    await wb.screenshot('document-saved');
  });

  it('makes a query file from the collection row, runs it, and shows the documents it read', async () => {
    await wb.clickTreeItem('todos', { button: 'right' });
    // VS Code ignores a click that lands as the menu opens: click until the menu has closed.
    const item = wb.page.getByRole('menuitem', { name: 'New Query…' });
    await item.waitFor({ state: 'visible' });
    for (let tries = 0; tries < 5 && (await item.isVisible()); tries++) {
      await item.click();
      await item.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => {});
    }
    // The name is offered as the collection's: Enter takes it.
    await wb.typeInQuickInput('todos');
    await wb.waitForEditorText('db.collection("todos")');
    await wb.runCommandFromPalette('WeChat Cloud: Run Query');
    const result = await wb.waitForEditorText('"title": "Buy green tea"');
    assert.match(result, /"_id": "todo-0001"/);
    await wb.screenshot('query-result');
  });
});
