import * as vscode from 'vscode';
import { UserFacingError } from './reportError';
import * as path from 'node:path';
import type { EmulatorCredentials, RunningEmulator } from '../emulator';
import type { ConnectionStore } from './connections/connectionStore';
import type { SessionManager } from './connections/sessionManager';
import type { CloudScope } from './connections/scope';
import { findWorkspaceProjects } from './workspaceProject';
import { checkBaseUrl, isLoopback } from '../core/baseUrl';
import { settings } from './settings';

const connectionId = 'local-emulator';

/**
 * Adds the window-scoped connection to an emulator at `url`, whether started here or by
 * `npm start`: a platform whose component token is minted from the emulator's verify ticket.
 */
async function addEmulatorConnection(store: ConnectionStore, url: string, credentials: Partial<EmulatorCredentials>, name: string, codeMode?: 'deployed' | 'live'): Promise<void> {
  const { appid, authorizer_refresh_token: refreshToken } = credentials;
  await store.add(
    { id: connectionId, name, kind: 'emulator', baseUrl: url, componentAppid: credentials.component_appid ?? '', ...(codeMode ? { emulatorCodeMode: codeMode } : {}) },
    {
      componentAppSecret: credentials.component_appsecret,
      componentVerifyTicket: credentials.component_verify_ticket,
      refreshTokens: appid && refreshToken ? { [appid]: refreshToken } : {},
    },
    { ephemeral: true },
  );
}

/**
 * The local emulator, in this extension host: started on the workspace's mini-program project
 * (or the demo project), shown as a "Local emulator" connection, stopped with the window.
 */
export class EmulatorController implements vscode.Disposable {
  private running?: { emulator: RunningEmulator; project: string };
  private starting?: Promise<RunningEmulator>;

  constructor(
    private readonly store: ConnectionStore,
    private readonly sessions: SessionManager,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get emulator(): RunningEmulator | undefined {
    return this.running?.emulator;
  }

  /** Starts on `projectDir`, or on the first workspace project with cloud functions, or on the demo project. */
  start(projectDir?: string): Promise<RunningEmulator> {
    if (this.running) return Promise.resolve(this.running.emulator);
    this.starting ??= this.doStart(projectDir).finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async doStart(projectDir?: string): Promise<RunningEmulator> {
    if (!vscode.workspace.isTrusted) {
      throw new UserFacingError(vscode.l10n.t('The local emulator runs the code of this workspace. Trust the workspace to start it.'));
    }
    // The emulator is its own bundle, loaded the first time it starts.
    const { defaultProjectDir, startEmulator } = await import('../emulator/index.js');
    const project = projectDir ?? (await this.workspaceProjectDir()) ?? defaultProjectDir();
    const emulator = await startEmulator({ projectDir: project, codeMode: settings.emulatorCodeMode(), log: (line) => this.log.info(`[emulator] ${line}`) });
    this.running = { emulator, project };
    // Adding the connection resets the sessions (the store's change event), so the new one is used at once.
    await addEmulatorConnection(this.store, emulator.url, emulator.credentials, vscode.l10n.t('Local emulator ({0})', path.basename(project)), emulator.codeMode);
    await vscode.commands.executeCommand('setContext', 'wxcloud.emulatorRunning', true);
    this.log.info(`Local emulator on ${emulator.url} serving ${project}`);
    return emulator;
  }

  /** The emulator's own mini program, acting as the platform does for it: used by "Invoke Locally". */
  async ensureLocalScope(): Promise<{ scope: CloudScope; env: string }> {
    const emulator = await this.start();
    const info = this.store.get(connectionId);
    if (!info) throw new UserFacingError(vscode.l10n.t('The local emulator connection was removed.'));
    const session = await this.sessions.get(info);
    return { scope: session.authorizer(emulator.credentials.appid), env: emulator.envs[0] };
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    await running.emulator.close();
    await this.store.remove(connectionId);
    await vscode.commands.executeCommand('setContext', 'wxcloud.emulatorRunning', false);
    this.log.info('Local emulator stopped');
  }

  private async workspaceProjectDir(): Promise<string | undefined> {
    const project = (await findWorkspaceProjects()).find((p) => p.functionRoot && p.folder.scheme === 'file');
    return project?.folder.fsPath;
  }

  dispose(): void {
    const running = this.running;
    this.running = undefined;
    running?.emulator.close().catch((error: unknown) => this.log.warn(`the local emulator did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`));
  }
}

/**
 * `npm start` runs the emulator beside the editor and passes its URL and credentials in
 * WXCLOUD_EMULATOR_URL / WXCLOUD_EMULATOR_CREDENTIALS; they become a window-scoped connection.
 * Only loopback URLs are taken, since the credentials are sent there.
 */
export async function connectExternalEmulator(store: ConnectionStore, env: NodeJS.ProcessEnv, log: vscode.LogOutputChannel): Promise<void> {
  const url = env.WXCLOUD_EMULATOR_URL;
  if (!url || !env.WXCLOUD_EMULATOR_CREDENTIALS) return;
  const check = checkBaseUrl(url);
  if (!check.ok || !isLoopback(new URL(check.url).hostname)) {
    log.warn('WXCLOUD_EMULATOR_URL is not a loopback address; the emulator it names is not connected');
    return;
  }
  let credentials: Partial<EmulatorCredentials>;
  try {
    credentials = JSON.parse(env.WXCLOUD_EMULATOR_CREDENTIALS) as Partial<EmulatorCredentials>;
  } catch {
    log.warn('WXCLOUD_EMULATOR_CREDENTIALS is not JSON; the emulator it names is not connected');
    return;
  }
  const mode = env.WXCLOUD_EMULATOR_CODE_MODE;
  await addEmulatorConnection(store, check.url, credentials, vscode.l10n.t('Local emulator'), mode === 'deployed' || mode === 'live' ? mode : undefined);
}
