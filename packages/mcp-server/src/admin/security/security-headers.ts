import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Headers on every admin response. The CSP allows only our own scripts and
 * styles (the bundle is served from this origin; nothing is fetched from the
 * network) and forbids framing, so the page cannot be click-jacked.
 */
export function securityHeaders(): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    // The host app may leave Express's banner on; the admin page does not advertise it.
    res.removeHeader('X-Powered-By');
    next();
  };
}
