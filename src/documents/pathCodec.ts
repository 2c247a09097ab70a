// Virtual-document paths are made of names the user chose or the API returned: environment
// IDs, function names, connection IDs. Only the two characters that would break a path
// segment (`/`) or its decoding (`%`) are escaped, so spaces and Chinese names stay readable
// in the editor's tab title. Kept free of `vscode` so it is tested in plain Node.

/** Escapes one path segment: `%` → `%25`, `/` → `%2F`, `\` → `%5C`; everything else as is. */
export function encodeSegment(name: string): string {
  return name.replace(/[%/\\]/g, (c) => (c === '%' ? '%25' : c === '/' ? '%2F' : '%5C'));
}

export function decodeSegment(segment: string): string {
  return segment.replace(/%(25|2F|5C)/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** `['a b', '云/函数']` → `/a b/云%2F函数`. */
export function joinSegments(names: readonly string[]): string {
  return '/' + names.map(encodeSegment).join('/');
}

/** The inverse of `joinSegments`. */
export function splitSegments(path: string): string[] {
  return path.replace(/^\//, '').split('/').map(decodeSegment);
}
