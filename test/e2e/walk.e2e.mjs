// The walk a person takes: open the workbench, open WeChat Cloud from the activity bar, connect to
// the local emulator through the welcome view, expand the tree to the demo functions, invoke `login`
// and `fail` from the command palette, and open a config document. Each step asserts what is on
// screen and keeps a screenshot in artifacts/e2e/walk/.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'mocha';
import { openWorkbench } from './workbench.mjs';

const DEMO_APPID = 'wx7d3c9a1b5e2f4068';

describe('walk (en)', function () {
  this.timeout(120_000);
  /** @type {Awaited<ReturnType<typeof openWorkbench>>} */
  let wb;

  before(async () => {
    wb = await openWorkbench({ name: 'walk' });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.screenshot(`failed-${this.currentTest.title}`).catch(() => {});
  });

  after(async () => {
    await wb?.close();
  });

  it('shows the workbench with the demo project open', async () => {
    await wb.page.locator('.part.activitybar').waitFor({ state: 'visible' });
    await wb.screenshot('workbench');
  });

  it('opens WeChat Cloud from the activity bar and shows its welcome view', async () => {
    const title = await wb.openViewContainer('WeChat Cloud');
    // A container with one view shows "<container>: <view>" as its title.
    assert.match((await title.first().innerText()).trim(), /^WeChat Cloud: Explorer$/i);
    await wb.waitForText('Connect to WeChat Cloud Development');
    await wb.page.getByRole('button', { name: 'Start Local Emulator' }).waitFor({ state: 'visible' });
    await wb.screenshot('welcome');
  });

  it('connects to the local emulator through the welcome view', async () => {
    await wb.clickButton('Start Local Emulator');
    await wb.waitForText(/^Local emulator \(/);
    await wb.waitForText('Platform environments');
    await wb.waitForText('Authorized mini programs');
    await wb.waitForText(DEMO_APPID);
    await wb.screenshot('connected');
  });

  it('expands the tree to the demo functions, their triggers and configs', async () => {
    await wb.expandTreeItem(DEMO_APPID);
    await wb.expandTreeItem('demo-env');
    for (const name of ['login', 'sum', 'slow', 'fail', 'dailyReport']) await wb.waitForText(name);
    await wb.waitForText('Static website');
    await wb.expandTreeItem('dailyReport');
    await wb.waitForText('timer · 0 0 2 * * * *');
    await wb.waitForText('Cloud-call permissions');
    await wb.screenshot('explorer');
  });

  it('keeps the tree expanded across a refresh from the view title', async () => {
    await wb.page.locator('.part.sidebar .title-actions .action-label[aria-label="Refresh"]').first().click();
    await wb.page.waitForTimeout(1000);
    for (const name of ['login', 'dailyReport', 'timer · 0 0 2 * * * *']) await wb.waitForText(name);
  });

  it('invokes login from the palette and shows its result beside the editor', async () => {
    await wb.runCommandFromPalette('WeChat Cloud: Invoke Function…');
    await wb.pickQuickItem('Authorized mini programs');
    await wb.pickQuickItem(DEMO_APPID);
    await wb.pickQuickItem('login');
    // The result: resp_data pretty-printed, with the appid the emulator adds as WeChat does.
    const result = await wb.waitForEditorText(`"appid": "${DEMO_APPID}"`);
    assert.match(result, /"userInfo": \{\s*"appId": "wx7d3c9a1b5e2f4068"/);
    await wb.screenshot('invoke-login');
  });

  it('invokes fail from the palette and says the function threw, with its message', async () => {
    await wb.runCommandFromPalette('WeChat Cloud: Invoke Function…');
    await wb.pickQuickItem('fail');
    const result = await wb.waitForEditorText('-504002');
    assert.match(result, /threw/i);
    await wb.screenshot('invoke-fail');
  });

  it('opens the environment config of sum as a read-only document with masked values', async () => {
    // Collapse dailyReport first, so the only "Environment config" row on screen is sum's.
    const daily = await wb.clickTreeItem('dailyReport');
    assert.equal(await daily.getAttribute('aria-expanded'), 'false');
    await wb.expandTreeItem('sum');
    await wb.clickTreeItem('Environment config');
    const text = await wb.waitForEditorText('"GREETING"');
    assert.match(text, /••••••/);
    assert.doesNotMatch(text, /demo-not-a-secret/, 'the value of API_KEY is masked until revealed');
    await wb.screenshot('config');
  });
});
