// Helpers for the browser tier: drive the VS Code workbench page of the offline host as a person
// would (activity bar, command palette, tree clicks) and keep a screenshot of each step.
// `const wb = await openWorkbench({ name: 'walk' })` starts code-server with dist/wxcloud.vsix
// installed on a copy of the demo project, opens it in Chromium, and returns helpers bound to it.
// Functions passed to page.waitForFunction run in the page, where `document` exists.
/* global document */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findExtHostLog, installVsix, isInstalled, startCodeServer } from '../../scripts/offlineHost.mjs';
import { buildTestLanguagePack, registerTestLanguagePack } from '../../scripts/lib/languagePack.mjs';
import { artifactsDir, ensureVsix, freshRunDir, launchChromium, makeWorkspace } from '../../scripts/lib/harness.mjs';

const STEP_TIMEOUT = 30_000;

/**
 * Starts a workbench and returns { page, server, runDir, workspace, userDataDir, logFile(),
 * screenshot(step), openViewContainer(title), runCommandFromPalette(title), treeItem(label), clickTreeItem(label),
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
      // ...and let a hover shown for the last pointer position close. One shown for keyboard focus
      // (an activity-bar entry just clicked) can stay open; it only decorates the picture.
      await page.locator('.monaco-hover:visible, .workbench-hover-container:visible').first().waitFor({ state: 'hidden', timeout: 2000 }).catch(() => {});
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
      const sidebarTitle = page.locator('.part.sidebar .composite.title .title-label');
      const shown = sidebarTitle.filter({ hasText: new RegExp(escapeRegExp(title), 'i') }).first();
      // Clicking the entry of the container already shown would close the side bar.
      if (!(await shown.isVisible())) {
        await page.locator(`.part.activitybar .action-item [aria-label^=${cssString(title)}]`).first().click({ timeout: STEP_TIMEOUT });
      }
      await shown.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
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
      await page.waitForFunction(
        (typed) => {
          const box = document.querySelector('.quick-input-widget input.input');
          return !box || !box.checkVisibility() || box.value !== typed;
        },
        `>${title}`,
        { timeout: STEP_TIMEOUT },
      );
    },

    /** The tree row in the side bar whose label is exactly `label` (a locator; it may not exist yet). */
    treeItem(label) {
      return page
        .locator('.part.sidebar .monaco-list-row[role="treeitem"]')
        .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
        .first();
    },

    /** Clicks the tree row in the side bar whose label is exactly `label`; returns the row. */
    async clickTreeItem(label, { button = 'left', double = false } = {}) {
      const row = wb.treeItem(label);
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
      const wanted = typeof pattern === 'string' ? { text: pattern } : { source: pattern.source, flags: pattern.flags };
      try {
        const found = await page.waitForFunction(
          ({ text, source, flags }) => {
            const matches = (t) => (source === undefined ? t.includes(text) : new RegExp(source, flags).test(t));
            for (const lines of document.querySelectorAll('.editor-group-container .monaco-editor .view-lines')) {
              const t = lines.innerText.replace(/\u00a0/g, ' ');
              if (matches(t)) return t;
            }
            return false;
          },
          wanted,
          { timeout },
        );
        return await found.jsonValue();
      } catch (e) {
        const seen = (await page.locator('.editor-group-container .monaco-editor .view-lines').allInnerTexts().catch(() => [])).map((t) => t.replace(/\u00a0/g, ' '));
        throw new Error(`no editor shows ${String(pattern)} (${e instanceof Error ? e.message.split('\n')[0] : e}); editors show:\n${seen.join('\n---\n')}`);
      }
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
