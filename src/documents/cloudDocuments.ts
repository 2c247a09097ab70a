import * as vscode from 'vscode';
import type { ScopeLookup } from '../editor/scopeLookup';
import { ScopeRegistry } from './scopeRegistry';
import { ConfigDocumentProvider, CONFIG_SCHEME, RevealValuesCodeLens } from './configDocument';
import { InfoDocumentProvider, INFO_SCHEME } from './infoDocument';
import { DatabaseDocumentFileSystem } from './databaseDocument';
import { Snapshots } from './snapshots';
import { Schemes } from './schemes';

/** The read-only documents loaded from the cloud (function configs, environment facts) and the scopes they load through. */
export class CloudDocuments implements vscode.Disposable {
  readonly scopes: ScopeRegistry;
  readonly configs: ConfigDocumentProvider;
  readonly info: InfoDocumentProvider;
  readonly snapshots: Snapshots;
  /** Database documents, to view (`wxcloud-document`) and to edit (`wxcloud-document-edit`). */
  readonly database: DatabaseDocumentFileSystem;
  private readonly registrations: vscode.Disposable[];

  constructor(findScope: ScopeLookup, connectionsChanged: vscode.Event<unknown>, log: vscode.LogOutputChannel) {
    this.scopes = new ScopeRegistry(findScope);
    this.configs = new ConfigDocumentProvider(this.scopes, log);
    this.info = new InfoDocumentProvider(this.scopes, log);
    this.snapshots = new Snapshots();
    this.database = new DatabaseDocumentFileSystem(this.scopes, this.snapshots, log);
    this.registrations = [
      vscode.workspace.registerFileSystemProvider(Schemes.document, this.database, { isCaseSensitive: true, isReadonly: true }),
      vscode.workspace.registerFileSystemProvider(Schemes.documentEdit, this.database, { isCaseSensitive: true }),
      vscode.workspace.registerTextDocumentContentProvider(Schemes.snapshot, this.snapshots),
      this.database,
      vscode.workspace.registerTextDocumentContentProvider(CONFIG_SCHEME, this.configs),
      vscode.workspace.registerTextDocumentContentProvider(INFO_SCHEME, this.info),
      vscode.languages.registerCodeLensProvider(RevealValuesCodeLens.selector, new RevealValuesCodeLens(this.configs)),
      // Signed out or token replaced: scopes are looked up again.
      connectionsChanged(() => this.scopes.clear()),
      this.configs,
      this.info,
    ];
  }

  dispose(): void {
    for (const d of this.registrations) d.dispose();
  }
}
