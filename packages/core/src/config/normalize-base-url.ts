/**
 * A base URL without trailing slashes: clients append `/chat/completions`,
 * and `.../v1//chat/completions` is a 404 on some servers.
 */
export function normalizeBaseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}
