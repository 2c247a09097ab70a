// Helpers for the browser tier: drive the VS Code workbench page of the offline host as a person
// would (activity bar, command palette, tree clicks) and keep a screenshot of each step.
// `const wb = await openWorkbench({ name: 'walk' })` starts code-server with dist/wxcloud.vsix
// installed on a copy of the demo project, opens it in Chromium, and returns helpers bound to it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findExtHostLog, installVsix, isInstalled, startCodeServer } from '../../scripts/offlineHost.mjs';
import { buildTestLanguagePack, registerTestLanguagePack } from '../../scripts/lib/languagePack.mjs';
import { artifactsDir, ensureVsix, freshRunDir, launchChromium, makeWorkspace } from '../../scripts/lib/harness.mjs';

const STEP_TIMEOUT = 30_000;

/**
 * Starts a workbench and returns { page, server, runDir, workspace, userDataDir, logFile(),
 * screenshot(step), openViewContainer(title), runCommandFromPalette(title), clickTreeItem(label),
 * expandTreeItem(label), clickButton(name), pickQuickItem(label), typeInQuickInput(text),
 * waitForText(text), waitForNotification(text), activeEditorText(), close() }.
 * Options: name (run folder and screenshot folder), locale (e.g. 'zh-cn': installs and registers a
 * generated language pack, see scripts/lib/languagePack.mjs, and starts with --locale),
 * settings (User/settings.json), env (inherited by the extension host), beforeStart({ userDataDir,
 * extensionsDir }) to prepare the folders before the server starts.
 */
export async function openWorkbench({ name = 'walk', locale, settings = {}, env = {}, beforeStart } = {}) {
  if (!isInstalled()) throw new Error('the offline host is not installed: run `npm run host:install`');
  const runDir = freshRunDir(`e2e-${name}`);
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  const workspace = makeWorkspace(runDir);
  const lang = locale && locale !== 'en' ? await buildTestLanguagePack(locale, path.join(runDir, 'out')) : undefined;
  installVsix([ensureVsix(), ...(lang ? [lang.vsix] : [])], extensionsDir);
  if (lang) registerTestLanguagePack(lang, { userDataDir, extensionsDir });
  if (beforeStart) await beforeStart({ userDataDir, extensionsDir, workspace });
  const server = await startCodeServer({
    userDataDir,
    extensionsDir,
    folder: workspace,
    settings,
    locale,
    env: { WXCLOUD_TEST: '1', ...env },
  });
  let browser;
  try {
    browser = await launchChromium({ profileDir: path.join(runDir, 'chromium-profile'), locale: locale === 'zh-cn' ? 'zh-CN' : 'en-US' });
  } catch (e) {
    await server.stop();
    throw e;
  }
  const { page } = browser;
  const shotsDir = path.join(artifactsDir, 'e2e', name);
  rmSync(shotsDir, { recursive: true, force: true });
  mkdirSync(shotsDir, { recursive: true });
  let shots = 0;

  const wb = {
    page,
    server,
    runDir,
    workspace,
    userDataDir,
    extensionsDir,
    shotsDir,
    /** The extension host's log, where the extension's activation errors show. */
    logFile: () => findExtHostLog(userDataDir),

    /** Saves artifacts/e2e/<name>/<NN>-<step>.png and returns its path. */
    async screenshot(step) {
      // Park the pointer over the empty editor area so no hover or tooltip is captured.
      const size = page.viewportSize();
      if (size) await page.mouse.move(size.width - 20, size.height / 2);
      await page.waitForTimeout(300);
      shots += 1;
      const file = path.join(shotsDir, `${String(shots).padStart(2, '0')}-${step.replace(/[^\w.-]+/g, '-')}.png`);
      await page.screenshot({ path: file });
      return file;
    },

    /** Resolves when `text` is visible anywhere on the page (a string matches a substring). */
    async waitForText(text, { timeout = STEP_TIMEOUT } = {}) {
      const locator = page.getByText(text).first();
      await locator.waitFor({ state: 'visible', timeout });
      return locator;
    },

    /** Clicks the activity-bar entry whose tooltip starts with `title` and waits for its side bar. */
    async openViewContainer(title) {
      await page.locator(`.part.activitybar .action-item [aria-label^=${cssString(title)}]`).first().click({ timeout: STEP_TIMEOUT });
      const sidebarTitle = page.locator('.part.sidebar .composite.title .title-label');
      await sidebarTitle.filter({ hasText: new RegExp(escapeRegExp(title), 'i') }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      return sidebarTitle;
    },

    /** Opens the command palette (F1), types `title`, and runs the command whose label is exactly `title`. */
    async runCommandFromPalette(title) {
      const input = page.locator('.quick-input-widget input.input');
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await input.fill(`>${title}`);
      const row = page
        .locator('.quick-input-widget .monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) }) })
        .first();
      await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await row.click();
      // The palette closes, or the command replaces it with its own quick pick / input box.
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && (await input.isVisible()) && (await input.inputValue().catch(() => '')) === `>${title}`) {
        await new Promise((r) => setTimeout(r, 100));
      }
    },

    /** Clicks the tree row in the side bar whose label is exactly `label`; returns the row. */
    async clickTreeItem(label, { button = 'left', double = false } = {}) {
      const row = page
        .locator('.part.sidebar .monaco-list-row[role="treeitem"]')
        .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
        .first();
      await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      if (double) await row.dblclick();
      else await row.click({ button });
      return row;
    },

    /** Expands a collapsed tree row by its label (clicking toggles; an expanded row is left as is). */
    async expandTreeItem(label) {
      const row = await wb.clickTreeItem(label);
      if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
      return row;
    },

    /** Clicks a button by its accessible name (welcome-view buttons, dialog and notification buttons). */
    async clickButton(name) {
      const button = page.getByRole('button', { name, exact: true }).first();
      await button.click({ timeout: STEP_TIMEOUT });
      return button;
    },

    /** Picks the row labelled exactly `label` in the open quick pick. */
    async pickQuickItem(label) {
      const row = page
        .locator('.quick-input-widget .monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
        .first();
      await row.click({ timeout: STEP_TIMEOUT });
    },

    /** Types into the open quick input / input box and, unless told otherwise, presses Enter. */
    async typeInQuickInput(text, { submit = true } = {}) {
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await input.fill(text);
      if (submit) await input.press('Enter');
    },

    /** Resolves with the notification toast that contains `text`. */
    async waitForNotification(text, { timeout = STEP_TIMEOUT } = {}) {
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
      await toast.waitFor({ state: 'visible', timeout });
      return toast;
    },

    /** The visible text of the active editor (rendered lines, top to bottom). */
    async activeEditorText() {
      const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
      await lines.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      return (await lines.innerText()).replace(/\u00a0/g, ' ');
    },

    /** Resolves with the text of the first visible editor whose text matches `pattern` (any editor group). */
    async waitForEditorText(pattern, { timeout = STEP_TIMEOUT } = {}) {
      const deadline = Date.now() + timeout;
      let seen = [];
      while (Date.now() < deadline) {
        seen = (await page.locator('.editor-group-container .monaco-editor .view-lines').allInnerTexts()).map((t) => t.replace(/\u00a0/g, ' '));
        const found = seen.find((t) => (typeof pattern === 'string' ? t.includes(pattern) : pattern.test(t)));
        if (found !== undefined) return found;
        await page.waitForTimeout(200);
      }
      throw new Error(`no editor shows ${String(pattern)}; editors show:\n${seen.join('\n---\n')}`);
    },

    async close() {
      await browser.close();
      await server.stop();
    },
  };

  await page.goto(server.url);
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
  // The extension host connects after the workbench renders; status-bar entries appear with it.
  await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
  writeFileSync(path.join(runDir, 'url.txt'), `${server.url}\n`);
  return wb;
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cssString(s) {
  return JSON.stringify(s);
}
