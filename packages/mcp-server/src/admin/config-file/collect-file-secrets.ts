import { isPlainObject } from './raw-config.js';

/**
 * Values in a raw config file that are, or may be, credentials: inline
 * `apiKey`s, header values, the alert webhook URL (its path is often the
 * secret). Used only to redact responses; never sent anywhere.
 */
export function collectFileSecrets(raw: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 32) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    if (!isPlainObject(node)) return;
    for (const [key, child] of Object.entries(node)) {
      if ((key === 'apiKey' || key === 'webhookUrl') && typeof child === 'string') found.push(child);
      if (key === 'headers' && isPlainObject(child)) {
        for (const value of Object.values(child)) if (typeof value === 'string') found.push(value);
      }
      visit(child, depth + 1);
    }
  };
  visit(raw, 0);
  return found.filter((value) => value.length >= MIN_SECRET_LENGTH);
}

/**
 * Shorter values are not redacted: a header such as `X-Title: aegis` would
 * otherwise blank every "aegis" in every answer. Real credentials are longer.
 */
const MIN_SECRET_LENGTH = 12;
