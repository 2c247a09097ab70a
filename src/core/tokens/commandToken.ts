// A token printed by a command the user configured (typically a component token fetched from
// the platform's own token service, since an editor cannot mint one alone). The command runs
// from an argv array without a shell, so nothing in it is interpreted, and with a timeout
// that ends its whole process group. Its stdout is the token: it is never logged or put in
// an error, whatever its shape (a bare token, JSON, several lines).

import { spawn, type ChildProcess } from 'node:child_process';
import { CancelledError, TokenSourceError } from '../errors';
import type { IssuedToken, TokenKind } from '../types';
import { CachedTokenSource, type TokenCacheOptions } from './tokenCache';
import { expiresAtFrom } from './stableToken';

export interface CommandTokenOptions {
  /** Program and arguments, e.g. `['node', 'get-token.js']`. */
  argv: readonly string[];
  /** Default `component`. */
  kind?: TokenKind;
  /** Default 15 s. */
  timeoutMs?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  cache?: TokenCacheOptions;
}

/** The JSON field that holds the token for each kind; `access_token` is accepted for all. */
const TOKEN_FIELDS: Record<TokenKind, string> = {
  mp: 'access_token',
  authorizer: 'authorizer_access_token',
  component: 'component_access_token',
};

const MAX_OUTPUT_BYTES = 64 * 1024;
const SOURCE = 'token command';

export function createCommandTokenSource(options: CommandTokenOptions): CachedTokenSource {
  const kind = options.kind ?? 'component';
  const now = options.cache?.now ?? Date.now;
  return new CachedTokenSource(kind, SOURCE, async (signal) => parseOutput(await run(options, signal), kind, options.argv[0] ?? '', now()), {
    // A bare token says nothing about its expiry; component tokens live 2 h, so rerun
    // the command well before that rather than wait for a rejection.
    unknownExpiryMaxAgeMs: 30 * 60_000,
    ...options.cache,
  });
}

function run(options: CommandTokenOptions, signal: AbortSignal): Promise<string> {
  const [program, ...args] = options.argv;
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    if (!program) {
      reject(new TokenSourceError({ source: SOURCE, messageKey: 'tokenCommandNotFound', messageArgs: [''], category: 'setup' }));
      return;
    }
    if (signal.aborted) {
      reject(new CancelledError({ endpoint: SOURCE }));
      return;
    }
    // Its own process group (POSIX), so the timeout can end everything it started: a shell
    // script's children would otherwise outlive it, holding its output open.
    const child = spawn(program, args, { shell: false, windowsHide: true, detached: process.platform !== 'win32', cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = capped();
    const stderr = capped();
    // Output past the cap is not a token: stop the command rather than keep reading.
    child.stdout.on('data', (chunk: Buffer) => {
      if (!stdout.add(chunk)) killTree(child);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (!stderr.add(chunk)) killTree(child);
    });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      outcome();
    };
    const timer = setTimeout(() => {
      killTree(child);
      settle(() => reject(new TokenSourceError({ source: SOURCE, messageKey: 'tokenCommandTimedOut', messageArgs: [program, timeoutMs / 1000], category: 'timeout' })));
    }, timeoutMs);
    const onAbort = () => {
      killTree(child);
      settle(() => reject(new CancelledError({ endpoint: SOURCE })));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => {
      killTree(child);
      settle(() =>
        reject(
          error.code === 'ENOENT'
            ? new TokenSourceError({ source: SOURCE, messageKey: 'tokenCommandNotFound', messageArgs: [program], category: 'setup' })
            : new TokenSourceError({ source: SOURCE, messageKey: 'tokenCommandFailed', messageArgs: [program, error.code ?? 'unknown', ''], category: 'setup' }),
        ),
      );
    });
    child.on('close', (code, killedBy) => {
      const out = stdout.text();
      if (code === 0 && !stdout.overflowed) {
        settle(() => resolve(out));
        return;
      }
      settle(() =>
        reject(
          new TokenSourceError({
            source: SOURCE,
            messageKey: 'tokenCommandFailed',
            messageArgs: [program, String(code ?? killedBy ?? 'unknown'), lastLine(stderr.text())],
            // Whatever the command printed on stdout may be the token, in whatever shape.
            secrets: tokenLikeValues(out),
            category: 'setup',
          }),
        ),
      );
    });
  });
}

/** Ends the command and everything it started; on Windows, the command itself. */
function killTree(child: ChildProcess): void {
  // Even after the command itself exited, what it started may still run in its group.
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill('SIGKILL');
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Collects output up to MAX_OUTPUT_BYTES; `add` answers false once there is more. */
function capped(): { add(chunk: Buffer): boolean; text(): string; readonly overflowed: boolean } {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    add(chunk) {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) return false;
      chunks.push(chunk);
      return true;
    },
    text: () => Buffer.concat(chunks).toString('utf8'),
    get overflowed() {
      return size > MAX_OUTPUT_BYTES;
    },
  };
}

/**
 * Every value in the output that could be a token: each string of it when it is JSON, each
 * run of token characters at least 16 long, and each whitespace-separated word. Secrets
 * shorter than that are left alone, since redacting them would garble the message.
 */
export function tokenLikeValues(output: string): string[] {
  const values = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') values.add(value.trim());
    else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) visit(item);
  };
  try {
    visit(JSON.parse(output) as unknown);
  } catch {
    // Not JSON: the runs and words below still cover a bare token.
  }
  for (const [run] of output.matchAll(/[A-Za-z0-9_@\-.]{16,}/g)) values.add(run);
  for (const word of output.split(/\s+/)) if (word.length >= 8) values.add(word);
  // Longest first, so a token is replaced whole before any part of it is.
  return [...values].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
}

function parseOutput(stdout: string, kind: TokenKind, program: string, now: number): IssuedToken {
  const text = stdout.trim();
  if (text.startsWith('{')) {
    const field = TOKEN_FIELDS[kind];
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Falls through to the "no field" error: the output is neither a token nor JSON.
    }
    const token = parsed[field] ?? parsed.access_token;
    if (typeof token !== 'string' || token.trim() === '') {
      throw new TokenSourceError({ source: SOURCE, messageKey: 'tokenCommandBadJson', messageArgs: [program, field], category: 'setup' });
    }
    return { token: token.trim(), expiresAt: expiresAtFrom(parsed.expires_in, now) };
  }
  if (text === '' || /\s/.test(text)) {
    throw new TokenSourceError({ source: SOURCE, messageKey: 'tokenCommandNoToken', messageArgs: [program], category: 'setup' });
  }
  return { token: text };
}

function lastLine(text: string): string {
  const lines = text.trim().split(/\r?\n/);
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}
