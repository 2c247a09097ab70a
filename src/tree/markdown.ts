import * as vscode from 'vscode';

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** A tooltip with a bold title and one `name: value` line per row that has a value. */
export function tooltipTable(title: string, rows: Array<[string, string | number | undefined]>, extra?: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escapeMarkdown(title)}**\n\n`);
  for (const [name, value] of rows) {
    if (value !== undefined && value !== '') md.appendMarkdown(`${escapeMarkdown(name)}: \`${String(value).replace(/`/g, "'")}\`  \n`);
  }
  if (extra) md.appendMarkdown(`\n${extra}`);
  return md;
}
