import * as vscode from 'vscode';
import { UserFacingError } from '../reportError';
import type { ConnectionInfo, ConnectionSecrets, KeptSelfToken } from './model';

const stateKey = 'wxcloud.connections';
const secretPrefix = 'wxcloud.connection.';
/** A minted token, kept apart from the connection's secrets: keeping it is not a change of the connection. */
const tokenPrefix = 'wxcloud.mintedToken.';

/**
 * Connections: facts in global state, secrets in SecretStorage (one entry per connection).
 * Other windows see changes through `secrets.onDidChange` and the shared global state.
 */
export class ConnectionStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** Connections that live only as long as this window (the local emulator). */
  private readonly ephemeral = new Map<string, { info: ConnectionInfo; secrets: ConnectionSecrets; token?: KeptSelfToken }>();

  constructor(private readonly context: vscode.ExtensionContext) {
    this.disposables.push(
      context.secrets.onDidChange((e) => {
        if (e.key.startsWith(secretPrefix)) this.changed.fire();
      }),
    );
  }

  list(): ConnectionInfo[] {
    const stored = this.context.globalState.get<ConnectionInfo[]>(stateKey, []);
    return [...stored, ...[...this.ephemeral.values()].map((e) => e.info)];
  }

  get(id: string): ConnectionInfo | undefined {
    return this.list().find((c) => c.id === id);
  }

  async getSecrets(id: string): Promise<ConnectionSecrets> {
    const ephemeral = this.ephemeral.get(id);
    if (ephemeral) return ephemeral.secrets;
    const raw = await this.context.secrets.get(secretPrefix + id);
    if (!raw) return {};
    try {
      return JSON.parse(raw) as ConnectionSecrets;
    } catch {
      // Read as no secrets, this would surface later as a misleading "wrong AppSecret".
      throw new UserFacingError(vscode.l10n.t('The stored secrets of {0} cannot be read. Sign out and connect again.', this.get(id)?.name ?? id));
    }
  }

  async add(info: ConnectionInfo, secrets: ConnectionSecrets, options: { ephemeral?: boolean } = {}): Promise<void> {
    if (options.ephemeral) {
      this.ephemeral.set(info.id, { info, secrets });
    } else {
      await this.context.secrets.store(secretPrefix + info.id, JSON.stringify(secrets));
      await this.saveInfos([...this.stored().filter((c) => c.id !== info.id), info]);
    }
    this.changed.fire();
  }

  async update(id: string, patch: Partial<ConnectionInfo>): Promise<void> {
    const ephemeral = this.ephemeral.get(id);
    if (ephemeral) {
      Object.assign(ephemeral.info, patch);
    } else {
      await this.saveInfos(this.stored().map((c) => (c.id === id ? { ...c, ...patch, id } : c)));
    }
    this.changed.fire();
  }

  async updateSecrets(id: string, patch: Partial<ConnectionSecrets>): Promise<void> {
    const next = { ...(await this.getSecrets(id)), ...patch };
    const ephemeral = this.ephemeral.get(id);
    if (ephemeral) ephemeral.secrets = next;
    else await this.context.secrets.store(secretPrefix + id, JSON.stringify(next));
    this.changed.fire();
  }

  /** The token last minted for the connection's own identity, if one is kept. */
  async keptToken(id: string): Promise<KeptSelfToken | undefined> {
    const ephemeral = this.ephemeral.get(id);
    if (ephemeral) return ephemeral.token;
    const raw = await this.context.secrets.get(tokenPrefix + id);
    if (!raw) return undefined;
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && typeof (value as KeptSelfToken).token === 'string' ? (value as KeptSelfToken) : undefined;
  }

  /** Keeps (or with undefined, forgets) the minted token, without telling anyone the connection changed. */
  async keepToken(id: string, token: KeptSelfToken | undefined): Promise<void> {
    const ephemeral = this.ephemeral.get(id);
    if (ephemeral) ephemeral.token = token;
    else if (token) await this.context.secrets.store(tokenPrefix + id, JSON.stringify(token));
    else await this.context.secrets.delete(tokenPrefix + id);
  }

  /** Signing out removes the connection and every secret it had. */
  async remove(id: string): Promise<void> {
    if (!this.ephemeral.delete(id)) {
      await this.context.secrets.delete(secretPrefix + id);
      await this.context.secrets.delete(tokenPrefix + id);
      await this.saveInfos(this.stored().filter((c) => c.id !== id));
    }
    this.changed.fire();
  }

  private stored(): ConnectionInfo[] {
    return this.context.globalState.get<ConnectionInfo[]>(stateKey, []);
  }

  private async saveInfos(infos: ConnectionInfo[]): Promise<void> {
    await this.context.globalState.update(stateKey, infos);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
