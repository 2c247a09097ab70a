// Where tokens are sent. Plain HTTP is allowed only to this machine (the local emulator),
// because the token travels in the query string.

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export type BaseUrlCheck = { ok: true; url: string } | { ok: false; reason: 'invalid' | 'insecure' };

export function checkBaseUrl(input: string): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'invalid' };
  if (url.username || url.password || url.search || url.hash) return { ok: false, reason: 'invalid' };
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) return { ok: false, reason: 'insecure' };
  return { ok: true, url: url.origin + url.pathname.replace(/\/+$/, '') };
}

export function isLoopback(hostname: string): boolean {
  return loopbackHosts.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
