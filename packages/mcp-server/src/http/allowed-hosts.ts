/** Host names that always reach a loopback-bound server. IPv6 in brackets, as URL.hostname gives it. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'] as const;

/**
 * Host header names the server answers to: loopback ones, the bound address
 * when it is a specific one, and any the operator added (`--allowed-host`)
 * for a server reached by name. A wildcard bind (0.0.0.0, ::) adds nothing:
 * a name must be allowed explicitly, or DNS rebinding would reach it.
 */
export function allowedHosts(bindHost: string, extra: readonly string[] = []): string[] {
  const bound = bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost;
  const wildcard = bound === '0.0.0.0' || bound === '[::]';
  return [...new Set([...LOOPBACK_HOSTS, ...(wildcard ? [] : [bound]), ...extra].map((h) => h.toLowerCase()))];
}
