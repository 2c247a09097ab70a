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

  it('connects to the local emulator and shows the tree in Chinese', async () => {
    await wb.clickButton('启动本地模拟器');
    await wb.waitForText(/^本地模拟器（/);
    await wb.waitForText('平台环境');
    await wb.waitForText('已授权小程序');
    await wb.expandTreeItem('云开发演示');
    await wb.expandTreeItem('demo-env');
    await wb.waitForText('云函数');
    await wb.waitForText('静态网站');
    await wb.expandTreeItem('sum');
    await wb.waitForText('云调用权限');
    await wb.waitForText('定时触发器');
    await wb.screenshot('explorer');
  });

  it('invokes sum from the palette under its Chinese title', async () => {
    await wb.runCommandFromPalette('微信云开发: 调用云函数…');
    await wb.pickQuickItem('已授权小程序');
    await wb.pickQuickItem('云开发演示');
    await wb.pickQuickItem('sum');
    const result = await wb.waitForEditorText(/^3$/m);
    assert.ok(result.includes('3'));
    await wb.screenshot('invoke-sum');
  });
});
