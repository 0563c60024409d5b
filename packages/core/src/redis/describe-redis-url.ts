/**
 * A Redis URL as messages and logs may show it: scheme, host, port and
 * database, never the user name or password it may carry
 * (`redis://:secret@cache:6379/2` -> `redis://cache:6379/2`).
 */
export function describeRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'redis (an unreadable URL)';
  }
  const db = /^\/\d+$/.test(parsed.pathname) ? parsed.pathname : '/0';
  return `${parsed.protocol}//${parsed.hostname}:${parsed.port === '' ? '6379' : parsed.port}${db}`;
}
