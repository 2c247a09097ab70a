// The walk a person takes: open the workbench, open WeChat Cloud from the activity bar, connect to
// the local emulator through the welcome view, expand the tree to the demo functions, invoke `login`
// and `fail` from the command palette, and open a config document. Each step asserts what is on
// screen and keeps a screenshot in artifacts/e2e/walk/.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import { openWorkbench } from './workbench.mjs';

const DEMO_APPID = 'wx7d3c9a1b5e2f4068';
// The demo mini program's name (api_get_authorizer_info): its row's label once read, the AppID its description.
const DEMO_NAME = '云开发演示';

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
    // (textContent: innerText would carry the title's CSS upper-casing.)
    assert.equal((await title.first().textContent()).trim(), 'WeChat Cloud: Explorer');
    await wb.waitForText('Connect to WeChat Cloud Development');
    await wb.page.getByRole('button', { name: 'Start Local Emulator' }).waitFor({ state: 'visible' });
    await wb.screenshot('welcome');
  });

  it('connects to the local emulator through the welcome view', async () => {
    await wb.clickButton('Start Local Emulator');
    await wb.waitForText(/^Local emulator \(/);
    await wb.waitForText('Platform environments');
    await wb.waitForText('Authorized mini programs');
    await wb.waitForText(DEMO_NAME);
    await wb.screenshot('connected');
  });

  it('expands the tree to the demo functions, their triggers and configs', async () => {
    await wb.expandTreeItem(DEMO_NAME);
    await wb.expandTreeItem('demo-env');
    for (const name of ['login', 'sum', 'slow', 'fail', 'dailyReport']) await wb.waitForText(name);
    await wb.waitForText('Static website');
    await wb.expandTreeItem('dailyReport');
    await wb.waitForText('timer · 0 0 2 * * * *');
    await wb.waitForText('Cloud-call permissions');
    await wb.screenshot('explorer');
  });

  it("re-reads the server on the Functions row's Refresh and keeps the tree expanded", async () => {
    // A function the emulator did not serve when the tree loaded: only a fresh listing shows it.
    addFunctionFolder('greet');
    assert.equal(await wb.treeItem('greet').count(), 0, 'greet is not listed before Refresh');
    const functions = wb.treeItem('Functions');
    await functions.hover();
    await functions.locator('.actions .action-label[aria-label="Refresh"]').click();
    await wb.treeItem('greet').waitFor({ state: 'visible' });
    await assertStillExpanded();
    await wb.screenshot('refreshed-functions');
  });

  it('re-reads the whole view from the server on WeChat Cloud: Refresh and keeps the tree expanded', async () => {
    addFunctionFolder('greetAgain');
    assert.equal(await wb.treeItem('greetAgain').count(), 0, 'greetAgain is not listed before Refresh');
    // The view title's Refresh runs this command with no row, as the palette does.
    await wb.runCommandFromPalette('WeChat Cloud: Refresh');
    await wb.treeItem('greetAgain').waitFor({ state: 'visible' });
    await assertStillExpanded();
    await wb.screenshot('refreshed-view');
  });

  /** Adds a function folder to the workspace copy the emulator serves. */
  function addFunctionFolder(name) {
    const folder = path.join(wb.workspace, 'cloudfunctions', name);
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'index.js'), 'exports.main = async (event) => ({ hello: event.name });\n');
  }

  /** The rows expanded before a refresh are still expanded, with their children on screen. */
  async function assertStillExpanded() {
    for (const expanded of [DEMO_NAME, 'demo-env', 'Functions', 'dailyReport']) {
      assert.equal(await wb.treeItem(expanded).getAttribute('aria-expanded'), 'true', `${expanded} is expanded`);
    }
    for (const name of ['login', 'dailyReportTimer', 'Cloud-call permissions']) await wb.treeItem(name).waitFor({ state: 'visible' });
  }

  it('invokes login from the palette and shows its result beside the editor', async () => {
    await wb.runCommandFromPalette('WeChat Cloud: Invoke Function…');
    await wb.pickQuickItem('Authorized mini programs');
    await wb.pickQuickItem(DEMO_NAME);
    await wb.pickQuickItem('login');
    // The result: resp_data pretty-printed, with the appid the emulator adds as WeChat does.
    const result = await wb.waitForEditorText(`"appid": "${DEMO_APPID}"`);
    assert.match(result, /"userInfo": \{\s*"appId": "wx7d3c9a1b5e2f4068"/);
    await wb.screenshot('invoke-login');
  });

  it('invokes fail from the palette and says the function threw, with its message', async () => {
    await wb.runCommandFromPalette('WeChat Cloud: Invoke Function…');
    await wb.pickQuickItem('fail');
    const result = await wb.waitForEditorText('errcode: -504002');
    // The document's header lines are comments: what ran, how it ended, and the function's own words.
    assert.match(result, /^\/\/ Failed: the function threw an error\.$/m);
    assert.match(result, /^\/\/ errmsg: .*Error: fail: this function always throws \(reason: demo\)/m);
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

  it('shows at once what an authorized mini program without its refresh token needs', async () => {
    // Its rows need no request, so they are ready before VS Code has drawn the row expanded.
    // 云上博客 (wx2a4c6e8b0d1f3a57): its row shows its name once read.
    const blog = await wb.expandTreeItem('云上博客');
    assert.equal(await blog.getAttribute('aria-expanded'), 'true');
    await wb.treeItem('This mini program needs its authorizer refresh token — Set…').waitFor({ state: 'visible' });
    assert.equal(await wb.treeItem('Loading…').count(), 0, 'no loading row is left behind');
    await wb.screenshot('needs-refresh-token');
  });
});
