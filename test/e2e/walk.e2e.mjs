// The walk a person takes: open the workbench, open WeChat Cloud from the activity bar, see the view.
// Each step keeps a screenshot in artifacts/e2e/walk/. Later steps (connect to the emulator through
// the welcome view, expand the tree, invoke, open a config) reuse the helpers in ./workbench.mjs.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'mocha';
import { openWorkbench } from './workbench.mjs';

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

  it('opens WeChat Cloud from the activity bar and shows its view', async () => {
    const title = await wb.openViewContainer('WeChat Cloud');
    // A container with one view shows "<container>: <view>" as its title.
    assert.match((await title.first().innerText()).trim(), /^WeChat Cloud: Explorer$/i);
    // Until a connection exists the view shows its welcome content.
    await wb.waitForText('Connect to WeChat Cloud Development');
    await wb.page.getByRole('button', { name: 'Start Local Emulator' }).waitFor({ state: 'visible' });
    await wb.screenshot('wechat-cloud-view');
  });
});
