import * as vscode from 'vscode';
import { parseTree, findNodeAtLocation, type Node } from 'jsonc-parser';
import { validateCron } from '../core/cron';
import { timerText } from '../editor/timerText';
import { cronLocale, checkConfig } from './configCheck';
import { EDIT_SCHEME, fromEditUri } from './editUri';

/** A timer's cron string in an edit document, and where it is. */
interface CronSpot {
  cron: string;
  range: vscode.Range;
}

function rangeOf(document: vscode.TextDocument, node: Node): vscode.Range {
  return new vscode.Range(document.positionAt(node.offset), document.positionAt(node.offset + node.length));
}

/** Every `triggers[i].config` string of a timer-triggers edit document. */
function cronSpots(document: vscode.TextDocument): CronSpot[] {
  const key = fromEditUri(document.uri);
  if (!key || key.snapshot || key.type !== 2) return [];
  const root = parseTree(document.getText());
  const triggers = root && findNodeAtLocation(root, ['triggers']);
  if (!triggers || triggers.type !== 'array') return [];
  return (triggers.children ?? []).flatMap((_t, i) => {
    const node = findNodeAtLocation(root, ['triggers', i, 'config']);
    return node?.type === 'string' && typeof node.value === 'string' ? [{ cron: node.value, range: rangeOf(document, node) }] : [];
  });
}

/** Above each cron: its next runs (China Standard Time, WeChat's zone), or why it cannot run. */
export class CronCodeLens implements vscode.CodeLensProvider {
  static readonly selector: vscode.DocumentSelector = { scheme: EDIT_SCHEME, pattern: '**/*.timer.json' };

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return cronSpots(document).map(({ cron, range }) => {
      const problem = validateCron(cron, cronLocale());
      const text = timerText(cron);
      const title = problem ? `$(error) ${vscode.l10n.t('Invalid cron: {0}', problem)}` : `$(watch) ${vscode.l10n.t('Next runs: {0}', text.nextRuns.slice(0, 3).join(' · '))}`;
      return new vscode.CodeLens(range, { title, command: '' });
    });
  }
}

/** On a cron: what it means and its next five runs. */
export class CronHover implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const spot = cronSpots(document).find((s) => s.range.contains(position));
    if (!spot) return undefined;
    const problem = validateCron(spot.cron, cronLocale());
    if (problem) return new vscode.Hover(vscode.l10n.t('Invalid cron: {0}', problem), spot.range);
    const text = timerText(spot.cron);
    const md = new vscode.MarkdownString();
    md.appendText(text.runs);
    md.appendMarkdown(`\n\n**${vscode.l10n.t('Next runs')}**\n\n`);
    for (const run of text.nextRuns) md.appendText(`• ${run}\n`);
    return new vscode.Hover(md, spot.range);
  }
}

/** The checks made before a save, as diagnostics while typing (a bad cron underlined where it is). */
export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('wxcloud-config-edit');

  update(document: vscode.TextDocument): void {
    const key = fromEditUri(document.uri);
    if (!key || key.snapshot) return;
    const root = parseTree(document.getText());
    let value: unknown;
    try {
      value = JSON.parse(document.getText());
    } catch {
      // The JSON language service reports the syntax error itself.
      this.collection.set(document.uri, []);
      return;
    }
    const diagnostics = checkConfig(key.type, value).map((p) => {
      const node = root && findNodeAtLocation(root, p.path);
      const range = node ? rangeOf(document, node) : new vscode.Range(0, 0, 0, 1);
      const d = new vscode.Diagnostic(range, p.message, vscode.DiagnosticSeverity.Error);
      d.source = 'wxcloud';
      return d;
    });
    this.collection.set(document.uri, diagnostics);
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
