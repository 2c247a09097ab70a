// Connecting as a mini-program developer does: AppID and AppSecret typed into the prompts, tokens
// from stable_token of an emulator the editor is pointed at by the user setting wxcloud.api.baseUrl.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'mocha';
import { startEmulatorProcess } from '../../scripts/lib/harness.mjs';
import { openWorkbench } from './workbench.mjs';

describe('connect a mini program', function () {
  this.timeout(120_000);
  /** @type {Awaited<ReturnType<typeof openWorkbench>>} */
  let wb;
  let emulator;

  before(async () => {
    emulator = await startEmulatorProcess();
    wb = await openWorkbench({ name: 'connect', settings: { 'wxcloud.api.baseUrl': emulator.url } });
    await wb.openViewContainer('WeChat Cloud');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.screenshot(`failed-${this.currentTest.title}`).catch(() => {});
  });

  after(async () => {
    await wb?.close();
    await emulator?.stop();
  });

  it('refuses a wrong AppSecret with WeChat’s 40125 and keeps no connection', async () => {
    await wb.clickButton('Connect Mini Program (AppID + AppSecret)');
    await wb.typeInQuickInput(emulator.credentials.appid);
    await wb.waitForText('Connect Mini Program (2/2)');
    await wb.typeInQuickInput('not-the-secret');
    const toast = await wb.waitForNotification('40125');
    assert.doesNotMatch(await toast.innerText(), /not-the-secret/);
    await wb.screenshot('wrong-secret');
    // Still the welcome view: nothing was kept.
    await wb.page.getByRole('button', { name: 'Connect Mini Program (AppID + AppSecret)' }).waitFor({ state: 'visible' });
  });

  it('connects with the right AppSecret and shows what the mini program token can reach', async () => {
    await wb.clickButton('Connect Mini Program (AppID + AppSecret)');
    await wb.typeInQuickInput(emulator.credentials.appid);
    await wb.waitForText('Connect Mini Program (2/2)');
    await wb.typeInQuickInput(emulator.credentials.secret);
    await wb.waitForText(`Mini program ${emulator.credentials.appid}`);
    await wb.waitForText('Listing environments needs an authorizer_access_token — Add…');
    await wb.expandTreeItem('demo-env-1a2b3c');
    await wb.waitForText('Listing functions needs an authorizer_access_token — Add…');
    await wb.waitForText('in workspace');
    await wb.screenshot('mini-program');
  });
});
