// Smoke suite: the packaged extension is what runs, it activates, and its contributions are live.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'wxcloud-tools.wxcloud';

describe('extension (packaged .vsix)', () => {
  let ext: vscode.Extension<unknown>;

  before(() => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not installed in this host`);
    ext = found;
  });

  it('runs in a host started by the test harness', () => {
    assert.equal(process.env.WXCLOUD_TEST, '1');
  });

  it('runs in the display language the harness asked for', () => {
    assert.equal(vscode.env.language, process.env.WXCLOUD_TEST_LOCALE ?? 'en');
  });

  it('is installed from the .vsix, not loaded from the source folder', () => {
    // The .vsix is an allow-list: the bundle is in, the sources are not.
    assert.ok(existsSync(path.join(ext.extensionPath, 'dist', 'extension.js')), 'dist/extension.js is missing');
    assert.ok(!existsSync(path.join(ext.extensionPath, 'src')), `sources found beside the extension: ${ext.extensionPath}`);
    assert.ok(!existsSync(path.join(ext.extensionPath, 'node_modules')), 'node_modules was packaged');
    assert.equal(ext.packageJSON.publisher, 'wxcloud-tools');
  });

  it('activates', async () => {
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('registers every command package.json contributes, and contributes every command it registers', async () => {
    await ext.activate();
    const contributed: string[] = (ext.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command).sort();
    const registered = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('wxcloud.') && !id.startsWith('wxcloud.explorer.')).sort();
    assert.deepEqual(registered, contributed);
  });

  it('shows the welcome view with the ways to connect while there is no connection', () => {
    const welcome = (ext.packageJSON.contributes.viewsWelcome as Array<{ view: string; contents: string; when: string }>).filter((w) => w.view === 'wxcloud.explorer');
    // VS Code hands the extension its manifest with the display language's strings filled in.
    const nls = JSON.parse(readFileSync(path.join(ext.extensionPath, vscode.env.language.startsWith('zh') ? 'package.nls.zh-cn.json' : 'package.nls.json'), 'utf8')) as Record<string, string>;
    const noConnection = welcome.filter((w) => w.when === '!wxcloud.hasConnections').map((w) => w.contents);
    assert.deepEqual(noConnection, [nls['welcome.connect'], nls['welcome.emulator']]);
    const buttons = [...noConnection.join('\n').matchAll(/\[([^\]]+)\]\(command:([\w.]+)\)/g)].map((m) => m[2]);
    assert.deepEqual(buttons, ['wxcloud.connectMiniProgram', 'wxcloud.connectPlatform', 'wxcloud.pasteToken', 'wxcloud.startEmulator']);
  });

  it('opens the WeChat Cloud view container', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('workbench.view.extension.wxcloud'), 'the wxcloud view container is not contributed');
    await vscode.commands.executeCommand('workbench.view.extension.wxcloud');
    // Focusing the view proves the view itself, not only the container, is contributed.
    await vscode.commands.executeCommand('wxcloud.explorer.focus');
  });
});
