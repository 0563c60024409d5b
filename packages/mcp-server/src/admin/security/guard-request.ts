import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sendError } from '../api/send-json.js';
import { isAllowedHost } from './is-allowed-host.js';

/**
 * Host and Origin checks for every admin route, page and API alike.
 * - Host: loopback names or the operator's allowed hosts (DNS rebinding).
 * - Origin, when a browser sends one: the same scheme-less host as Host, so a
 *   page elsewhere cannot drive the API (the SameSite=Strict cookie already
 *   keeps cross-site requests anonymous; this refuses them outright).
 * - Sec-Fetch-Site on the API: only same-origin requests and direct ones.
 */
export function guardRequest(extraHosts: readonly string[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const host = req.headers.host;
    if (!isAllowedHost(host, extraHosts)) {
      sendError(res, 421, 'forbidden', 'This host name is not allowed. Open the page at http://127.0.0.1:<port>/.');
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !sameHost(origin, host)) {
      sendError(res, 403, 'forbidden', 'Cross-origin requests are refused.');
      return;
    }
    next();
  };
}

/** API only: a navigation from another site may open the page, but not call the API. */
export function guardApiFetchSite(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      sendError(res, 403, 'forbidden', 'Cross-site requests are refused.');
      return;
    }
    next();
  };
}

function sameHost(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host.toLowerCase() === host.toLowerCase();
  } catch {
    // `Origin: null` (sandboxed frames, file:// pages) lands here too.
    return false;
  }
}
