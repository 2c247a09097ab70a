// In Restricted Mode the local emulator, which runs workspace code, cannot be started; browsing
// stays available.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'mocha';
import { openWorkbench } from './workbench.mjs';

describe('restricted mode', function () {
  this.timeout(120_000);
  /** @type {Awaited<ReturnType<typeof openWorkbench>>} */
  let wb;

  before(async () => {
    wb = await openWorkbench({
      name: 'restricted',
      settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' },
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.screenshot(`failed-${this.currentTest.title}`).catch(() => {});
  });

  after(async () => {
    await wb?.close();
  });

  it('offers the other ways in, with Start Local Emulator disabled', async () => {
    await wb.openViewContainer('WeChat Cloud');
    await wb.page.getByRole('button', { name: 'Connect Mini Program (AppID + AppSecret)' }).waitFor({ state: 'visible' });
    const start = wb.page.getByRole('button', { name: 'Start Local Emulator' });
    await start.waitFor({ state: 'visible' });
    assert.equal(await start.getAttribute('aria-disabled'), 'true');
    await wb.waitForText('so it starts only in a trusted workspace');
    await wb.screenshot('restricted-welcome');
  });

  it('does not list Start Local Emulator in the command palette', async () => {
    // Settled in Restricted Mode: the view says why and renders the emulator button disabled.
    await wb.openViewContainer('WeChat Cloud');
    await wb.waitForText('so it starts only in a trusted workspace');
    const start = wb.page.getByRole('button', { name: 'Start Local Emulator' });
    await start.waitFor({ state: 'visible' });
    assert.equal(await start.getAttribute('aria-disabled'), 'true');

    await wb.page.keyboard.press('F1');
    const input = wb.page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>Local Emulator');
    // Its sibling, which needs no trust, shows once the palette has filtered for this text.
    const labels = wb.page.locator('.quick-input-widget .monaco-list-row .label-name');
    await labels.filter({ hasText: /^\s*WeChat Cloud: Stop Local Emulator\s*$/ }).first().waitFor({ state: 'visible' });
    const rows = (await labels.allInnerTexts()).map((r) => r.trim());
    assert.ok(rows.includes('WeChat Cloud: Stop Local Emulator'), rows.join(' | '));
    assert.ok(!rows.includes('WeChat Cloud: Start Local Emulator'), rows.join(' | '));
    await wb.page.keyboard.press('Escape');
  });
});
