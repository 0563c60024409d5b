/** Query parameters that commonly carry credentials (`?api-key=`, `?token=`, `?sig=`). */
const SECRET_PARAM = /key|token|secret|sig|pass|auth|credential/i;

/**
 * A URL fit to show: without `user:password@` and without query parameters
 * whose names suggest credentials. `hidden` says whether anything was cut.
 * Unchanged URLs come back exactly as given (no normalization), so the form
 * shows what the file says.
 */
export function stripUrlCredentials(url: string): { shown: string; hidden: boolean } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL: parseConfig refuses it anyway; never echo it (it may be a pasted key).
    return { shown: '', hidden: url !== '' };
  }
  let hidden = false;
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = '';
    parsed.password = '';
    hidden = true;
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) {
      parsed.searchParams.delete(name);
      hidden = true;
    }
  }
  return hidden ? { shown: parsed.toString(), hidden } : { shown: url, hidden };
}

/**
 * The URL to save when the form sends `edited` back: if it is exactly what
 * the page showed for `previous`, the user did not change it, so the original
 * with its credentials is kept.
 */
export function restoreHiddenUrlParts(edited: string, previous: string | undefined): string {
  if (previous === undefined) return edited;
  const shown = stripUrlCredentials(previous);
  return shown.hidden && edited === shown.shown ? previous : edited;
}

/**
 * The credential parts of a URL (password, secret-looking query values), for
 * the response redactor. User names and short values are left out: they are
 * common words, and masking them everywhere would garble answers.
 */
export function urlSecrets(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const found = [decodeURIComponent(parsed.password)];
  for (const [name, value] of parsed.searchParams) if (SECRET_PARAM.test(name)) found.push(value);
  return found.filter((value) => value.length >= 8);
}
