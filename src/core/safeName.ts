// Names that come from a workspace's files (an `envId`, a function's folder or `name`, an
// event's file name) become parts of paths. A workspace must not steer those paths outside
// where they belong, so such a name is accepted only as one plain path segment.

import * as path from 'node:path';

/** Why a name cannot be one path segment. */
export type SegmentProblem = 'empty' | 'dots' | 'separator' | 'control' | 'tooLong';

/** Longer than any environment ID (≤ 40) or function name (≤ 60) WeChat gives, and than file systems take comfortably. */
export const MAX_SEGMENT_LENGTH = 128;

// C0 controls, DEL and C1 controls: invisible in a label, and some file systems refuse them.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Why `name` is not a single safe path segment, or undefined when it is one. */
export function checkSegment(name: string): SegmentProblem | undefined {
  if (name.trim() === '') return 'empty';
  if (name === '.' || name === '..') return 'dots';
  if (name.includes('/') || name.includes('\\')) return 'separator';
  if (CONTROL.test(name)) return 'control';
  if ([...name].length > MAX_SEGMENT_LENGTH) return 'tooLong';
  return undefined;
}

export function isSafeSegment(name: string): boolean {
  return checkSegment(name) === undefined;
}

/** Whether `target` is `root` or below it (both POSIX paths, as in a URI). */
export function isInside(root: string, target: string): boolean {
  const relative = path.posix.relative(root, target);
  // `..foo` is a name inside; only a `..` segment climbs out.
  return relative !== '..' && !relative.startsWith('../') && !path.posix.isAbsolute(relative);
}

export class UnsafePathError extends Error {
  constructor(
    /** The segment refused, or the whole path when it left the root. */
    readonly segment: string,
    /** Undefined when every segment was safe but the path still left the root. */
    readonly problem: SegmentProblem | undefined,
  ) {
    super(problem ? `Unsafe path segment (${problem}): ${JSON.stringify(segment)}` : `Path leaves its root: ${JSON.stringify(segment)}`);
    this.name = 'UnsafePathError';
  }
}

/**
 * `root` joined with `segments`, each a single safe segment, and checked to stay inside `root`.
 * Throws `UnsafePathError` otherwise; nothing is read or written before this check.
 */
export function joinInside(root: string, ...segments: string[]): string {
  for (const segment of segments) {
    const problem = checkSegment(segment);
    if (problem) throw new UnsafePathError(segment, problem);
  }
  const joined = path.posix.join(root, ...segments);
  if (!isInside(root, joined)) throw new UnsafePathError(joined, undefined);
  return joined;
}
