// Every virtual document is JSON with comments: the data stays valid JSON to read and copy,
// and what the data cannot say (when, how long, why it failed) goes in `//` lines.

/** `//` lines for free text, one per line of the text. */
export function commentLines(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => (line ? `// ${line}` : '//'))
    .join('\n');
}

export function prettyJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return text === undefined ? 'null' : text;
}

/** A document: header comments, a blank line, the body, and a final newline. */
export function jsoncDocument(header: readonly string[], body?: string, footer: readonly string[] = []): string {
  const parts = [header.map(commentLines).join('\n')];
  if (body !== undefined) parts.push(body);
  if (footer.length) parts.push(footer.map(commentLines).join('\n'));
  return parts.filter((p) => p !== '').join('\n\n') + '\n';
}
