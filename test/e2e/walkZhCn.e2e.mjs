// The same walk with the display language set to zh-CN. VS Code accepts a display language only when
// a language pack for it is registered; openWorkbench({ locale }) makes and registers a minimal one
// (scripts/lib/languagePack.mjs).
// The pack translates no core strings, so VS Code's own UI stays English: what must be Chinese is
// what the extension contributes (package.nls.zh-cn.json and its l10n bundle).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'mocha';
import { openWorkbench } from './workbench.mjs';

describe('walk (zh-CN)', function () {
  this.timeout(120_000);
  /** @type {Awaited<ReturnType<typeof openWorkbench>>} */
  let wb;

  before(async () => {
    wb = await openWorkbench({ name: 'walk-zh-cn', locale: 'zh-cn' });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) await wb.screenshot(`failed-${this.currentTest.title}`).catch(() => {});
  });

  after(async () => {
    await wb?.close();
  });

  it('opens 微信云开发 from the activity bar and shows its view in Chinese', async () => {
    const title = await wb.openViewContainer('微信云开发');
    assert.match((await title.first().innerText()).trim(), /^微信云开发: 资源管理器$/);
    await wb.waitForText('连接微信云开发，浏览环境并调用云函数。');
    await wb.page.getByRole('button', { name: '启动本地模拟器' }).waitFor({ state: 'visible' });
    await wb.screenshot('wechat-cloud-view');
  });
});
