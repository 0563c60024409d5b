/** Names that always reach this machine's loopback interface. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The host name of a `Host` header value (`127.0.0.1:3000` -> `127.0.0.1`,
 * `[::1]:3000` -> `[::1]`), lower-cased; undefined when malformed.
 */
export function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (hostHeader === undefined || hostHeader === '') return undefined;
  try {
    return new URL(`http://${hostHeader}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * DNS-rebinding defence: a page on evil.example whose name was re-pointed at
 * 127.0.0.1 reaches us with `Host: evil.example`, so only loopback names and
 * the hosts the operator allowed (when serving beyond loopback) pass.
 */
export function isAllowedHost(hostHeader: string | undefined, extraHosts: readonly string[]): boolean {
  const name = hostnameOf(hostHeader);
  if (name === undefined) return false;
  if (LOOPBACK_HOSTS.has(name)) return true;
  return extraHosts.some((allowed) => allowed.toLowerCase() === name);
}
