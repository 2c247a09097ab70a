// A token printed by a command the user configured (typically a component token fetched from
// the platform's own token service, since an editor cannot mint one alone). The command runs
// from an argv array without a shell, so nothing in it is interpreted, and with a timeout.
// Its stdout is the token: it is never logged or put in an error.

import { execFile } from 'node:child_process';
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
    execFile(
      program,
      args,
      { shell: false, windowsHide: true, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8', signal, cwd: options.cwd, env: options.env },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(stdout);
          return;
        }
        // Whatever the command printed on stdout may be the token; keep it out of stderr excerpts.
        const secrets = stdout.split(/\s+/).filter((s) => s.length >= 8);
        const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
        if (failure.name === 'AbortError' || signal.aborted) reject(new CancelledError({ endpoint: SOURCE }));
        else if (failure.code === 'ENOENT') reject(new TokenSourceError({ source: SOURCE, messageKey: 'tokenCommandNotFound', messageArgs: [program], category: 'setup' }));
        else if (failure.killed) reject(new TokenSourceError({ source: SOURCE, messageKey: 'tokenCommandTimedOut', messageArgs: [program, timeoutMs / 1000], category: 'timeout' }));
        else {
          reject(
            new TokenSourceError({
              source: SOURCE,
              messageKey: 'tokenCommandFailed',
              messageArgs: [program, String(failure.code ?? 'unknown'), lastLine(stderr)],
              secrets,
              category: 'setup',
            }),
          );
        }
      },
    );
  });
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
