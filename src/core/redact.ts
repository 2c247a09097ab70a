// Tokens travel in the query string and secrets in request bodies, so anything that is
// logged, shown or attached to an error passes through here first.

/** Query parameters that carry a token, whichever spelling the endpoint uses. */
export const TOKEN_QUERY_PARAMS = [
  'access_token',
  'component_access_token',
  'cloudbase_access_token',
  'authorizer_access_token',
] as const;

// Matches `access_token=…` after `?`, `&` or any non-word character, so a token pasted into
// free text (`… access_token=abc`) is caught too, while `my_access_token=` is left alone.
const tokenParamPattern = new RegExp(`(^|[^\\w])((?:${TOKEN_QUERY_PARAMS.join('|')})=)[^&#\\s"']*`, 'gi');

/** Replaces the value of every token query parameter with `***`. Works on any text containing URLs. */
export function redactUrl(url: string): string {
  return url.replace(tokenParamPattern, '$1$2***');
}

/**
 * Secrets shorter than this are not searched for: replacing a 1-3 character string would
 * garble the text without protecting anything worth protecting.
 */
const minimumSecretLength = 4;

/** Replaces every occurrence of each secret (raw and URL-encoded) with `***`, and redacts token URLs. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < minimumSecretLength) continue;
    out = out.split(secret).join('***');
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join('***');
  }
  return redactUrl(out);
}
