import type { Request } from 'express';

/**
 * The peer address a login came from, as the socket saw it. Never
 * X-Forwarded-For: any client can write that header, and the page is not
 * meant to sit behind a proxy. IPv4-mapped IPv6 (`::ffff:127.0.0.1`) counts
 * as its IPv4 address, so one client has one counter on a dual-stack socket.
 */
export function sourceAddress(req: Request): string {
  const address = req.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}
