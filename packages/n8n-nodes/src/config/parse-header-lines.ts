import { AegisError } from '@aegis-llm/core';

/**
 * `Name: value` lines (the AnyLLM credential's Extra Headers) to a header
 * map. Blank lines and `#` comments are skipped. A bad line is named by its
 * number only: its text may hold a secret.
 */
export function parseHeaderLines(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  (text ?? '').split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const colon = trimmed.indexOf(':');
    const name = colon > 0 ? trimmed.slice(0, colon).trim() : '';
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
      throw new AegisError('invalid_config', `Extra Headers, line ${index + 1}: write it as "Name: value".`);
    }
    headers[name] = trimmed.slice(colon + 1).trim();
  });
  return headers;
}
