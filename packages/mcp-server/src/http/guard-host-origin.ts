import type { RequestHandler } from 'express';
import { sendJsonRpcError } from './send-json-rpc-error.js';

function hostnameOf(hostHeader: string): string | undefined {
  try {
    return new URL(`http://${hostHeader}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * DNS-rebinding protection for every route (/mcp and the admin page): the
 * Host header must name an allowed host, and an Origin header, when a browser
 * sends one, must be this server's own origin or an explicitly allowed one.
 * Both fail with 403, as the MCP transport spec asks ("Servers MUST validate
 * the Origin header ... respond with HTTP 403 Forbidden").
 */
export function guardHostAndOrigin(options: { allowedHosts: readonly string[]; allowedOrigins?: readonly string[] }): RequestHandler {
  const hosts = new Set(options.allowedHosts);
  const origins = new Set((options.allowedOrigins ?? []).map((o) => o.replace(/\/$/, '').toLowerCase()));
  return (req, res, next) => {
    const host = req.headers.host;
    const hostname = host === undefined ? undefined : hostnameOf(host);
    if (hostname === undefined || !hosts.has(hostname)) {
      sendJsonRpcError(
        res,
        403,
        `Forbidden: Host "${host ?? ''}" is not allowed (DNS rebinding protection). Use a loopback address, or start the server with --allowed-host.`,
      );
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !sameOrAllowedOrigin(origin, host as string, origins)) {
      sendJsonRpcError(
        res,
        403,
        `Forbidden: Origin "${origin}" is not allowed. Start the server with --allowed-origin to admit a browser client from another origin.`,
      );
      return;
    }
    next();
  };
}

function sameOrAllowedOrigin(origin: string, host: string, allowed: ReadonlySet<string>): boolean {
  if (allowed.has(origin.toLowerCase())) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host.toLowerCase() === host.toLowerCase();
  } catch {
    // "null" (sandboxed frames, file://) and garbage are never our origin.
    return false;
  }
}
