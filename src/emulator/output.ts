// A function's console output as the emulator keeps it: each line capped in bytes, each
// invocation capped in bytes and lines, keeping its head and its tail around a visible
// "… truncated N bytes" marker, so a chatty or hostile function cannot fill the memory.

export const MAX_LINE_BYTES = 8 * 1024;
/** Per invocation: half for the first lines, half for the last. */
export const MAX_OUTPUT_BYTES = 256 * 1024;
const MAX_OUTPUT_LINES = 4000;

export function truncatedMarker(bytes: number, lines?: number): string {
  return `… truncated ${bytes} bytes${lines === undefined ? '' : ` (${lines} lines)`}`;
}

/** The line cut to `max` UTF-8 bytes (on a character boundary), the cut counted at its end. */
export function capLine(line: string, max = MAX_LINE_BYTES): string {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short lines need no encoding.
  if (line.length * 3 <= max) return line;
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= max) return line;
  let end = max;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return `${bytes.subarray(0, end).toString('utf8')}${truncatedMarker(bytes.length - end)}`;
}

const size = (line: string) => Buffer.byteLength(line, 'utf8') + 1;

export class OutputLog {
  private readonly head: string[] = [];
  private headBytes = 0;
  /** A queue: the live part is tail[tailStart…]. */
  private tail: string[] = [];
  private tailStart = 0;
  private tailBytes = 0;
  private droppedBytes = 0;
  private droppedLines = 0;

  push(raw: string): void {
    const line = capLine(raw);
    const cost = size(line);
    const half = MAX_OUTPUT_BYTES / 2;
    if (this.tail.length === 0 && this.droppedLines === 0 && this.headBytes + cost <= half && this.head.length < MAX_OUTPUT_LINES / 2) {
      this.head.push(line);
      this.headBytes += cost;
      return;
    }
    this.tail.push(line);
    this.tailBytes += cost;
    while (this.tailBytes > half || this.tail.length - this.tailStart > MAX_OUTPUT_LINES / 2) {
      const out = this.tail[this.tailStart++];
      const outCost = size(out);
      this.tailBytes -= outCost;
      this.droppedBytes += outCost - 1;
      this.droppedLines++;
    }
    if (this.tailStart > 1024 && this.tailStart * 2 > this.tail.length) {
      this.tail = this.tail.slice(this.tailStart);
      this.tailStart = 0;
    }
  }

  lines(): string[] {
    const marker = this.droppedLines > 0 ? [truncatedMarker(this.droppedBytes, this.droppedLines)] : [];
    return [...this.head, ...marker, ...this.tail.slice(this.tailStart)];
  }
}
