import * as vscode from 'vscode';
import { UserFacingError } from './reportError';
import { checkBaseUrl } from '../core/baseUrl';

/** The API base URL a new connection will use, refused when it would send tokens in clear text off this machine. */
export function checkedBaseUrl(value: string): string {
  const check = checkBaseUrl(value);
  if (check.ok) return check.url;
  throw new UserFacingError(
    check.reason === 'insecure'
      ? vscode.l10n.t('The API base URL {0} uses plain HTTP to another machine. Tokens travel in the URL, so only https:// or a loopback address is accepted.', value)
      : vscode.l10n.t('The API base URL {0} is not a valid http(s) URL. Check the setting wxcloud.api.baseUrl.', value),
  );
}
