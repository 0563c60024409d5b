/**
 * The Redis URLs the `store` setting takes: `redis://` or `rediss://` (TLS),
 * a host, an optional port, an optional database number as the path:
 * `redis://[[user]:password@]host[:port][/db]`.
 */
export function isRedisUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '' && /^(\/\d*)?$/.test(url.pathname);
}

/** The password a Redis URL holds (as written and decoded), for the redactor: never shown in messages or logs. */
export function redisUrlSecrets(value: string | undefined): string[] {
  if (value === undefined) return [];
  try {
    const { password } = new URL(value);
    return password === '' ? [] : [password, decodeURIComponent(password)];
  } catch {
    return [];
  }
}
