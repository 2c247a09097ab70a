import * as vscode from 'vscode';
import type { CloudDocuments } from '../documents/cloudDocuments';
import { toUri as toConfigUri, type ConfigDocumentKey } from '../documents/configDocument';
import { ConfigFileSystem } from './configFileSystem';
import { ConfigWriter } from './configWriter';
import { ConfigDiagnostics, CronCodeLens, CronHover } from './cronAssist';
import { EDIT_SCHEME, fromEditUri, sessionId, toEditUri } from './editUri';

/** What was written, and the tree row of its function when the edit was opened from the tree. */
export interface WrittenConfig {
  key: ConfigDocumentKey;
  functionRowId?: string;
}

/**
 * Editing function configs: the writable documents (their own file system), the checks and
 * cron help while typing, and the save that diffs, asks and writes.
 */
export class ConfigEditingFeature implements vscode.Disposable {
  readonly files: ConfigFileSystem;
  readonly writer: ConfigWriter;
  private readonly written = new vscode.EventEmitter<WrittenConfig>();
  /** A config was written: whatever shows it loads again. */
  readonly onDidWrite = this.written.event;
  /** The tree row of the function each open document was opened from, by document. */
  private readonly rows = new Map<string, string>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly documents: CloudDocuments,
    log: vscode.LogOutputChannel,
  ) {
    this.files = new ConfigFileSystem(documents.scopes, log);
    this.writer = new ConfigWriter({
      files: this.files,
      scopes: documents.scopes,
      log,
      written: (key) => {
        documents.configs.refresh(toConfigUri(key));
        this.written.fire({ key, functionRowId: this.rows.get(sessionId(toEditUri(key))) });
      },
    });
    this.files.onSave = (session, text) => this.writer.save(session, text);
    const diagnostics = new ConfigDiagnostics();
    const check = (doc: vscode.TextDocument) => doc.uri.scheme === EDIT_SCHEME && diagnostics.update(doc);
    this.disposables = [
      vscode.workspace.registerFileSystemProvider(EDIT_SCHEME, this.files, { isCaseSensitive: true }),
      vscode.languages.registerCodeLensProvider(CronCodeLens.selector, new CronCodeLens()),
      vscode.languages.registerHoverProvider(CronCodeLens.selector, new CronHover()),
      diagnostics,
      vscode.workspace.onDidOpenTextDocument(check),
      vscode.workspace.onDidChangeTextDocument((e) => check(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme !== EDIT_SCHEME) return;
        diagnostics.clear(doc.uri);
        this.files.forget(doc.uri);
      }),
      this.written,
    ];
  }

  /**
   * Opens a function's config for editing, reading the server first (under progress, so a
   * failure reaches the user as the command's error). Values show masked unless the
   * read-only document of the same config had them revealed.
   */
  async open(key: ConfigDocumentKey, functionRowId?: string): Promise<vscode.TextDocument> {
    const uri = toEditUri(key);
    if (functionRowId) this.rows.set(sessionId(uri), functionRowId);
    // A document still known to VS Code without unsaved edits starts again from the server's
    // copy; an unsaved edit is kept as it is.
    const known = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!known) this.files.forget(uri);
    if (!this.files.isOpen(uri) && key.type === 3 && this.documents.configs.isRevealed(toConfigUri(key))) this.files.revealWhenOpened(uri);
    const title = vscode.l10n.t('Reading the config of {0}…', key.functionName);
    const reread = known && !known.isDirty && this.files.isOpen(uri);
    const text = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, async () => (reread ? this.files.reread(uri) : (await this.files.session(uri), undefined)));
    if (known && text !== undefined) await textShown(known, text);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'json') doc = await vscode.languages.setTextDocumentLanguage(doc, 'json');
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }

  /** The key of an edit document (not a snapshot). */
  static keyOf(uri: vscode.Uri): ConfigDocumentKey | undefined {
    const key = fromEditUri(uri);
    return key && !key.snapshot ? key : undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Resolves once VS Code shows `text` in the document (it reloads a clean document on a change event), or after a few seconds. */
function textShown(doc: vscode.TextDocument, text: string): Promise<void> {
  if (doc.getText() === text) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    };
    const listener = vscode.workspace.onDidChangeTextDocument((e) => e.document === doc && doc.getText() === text && done());
    const timer = setTimeout(done, 5000);
  });
}
