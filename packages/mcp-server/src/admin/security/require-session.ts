import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sendError } from '../api/send-json.js';
import { compareSecret } from './compare-secret.js';
import type { AdminSession, SessionStore } from './create-session-store.js';
import { readCookie, SESSION_COOKIE } from './session-cookie.js';

/** Methods that change nothing; every other one needs the CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const CSRF_HEADER = 'x-csrf-token';

/** The session a guarded handler runs under (set by requireSession). */
export function sessionOf(res: Response): AdminSession {
  return res.locals.adminSession as AdminSession;
}

/**
 * 401 without a live session cookie; 403 on a write without the session's
 * CSRF token in the `x-csrf-token` header. A header (not a form field)
 * because a cross-site form can send fields but never custom headers.
 */
export function requireSession(sessions: SessionStore): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const session = sessions.get(readCookie(req.headers.cookie, SESSION_COOKIE));
    if (session === undefined) {
      sendError(res, 401, 'unauthorized', 'Log in with the server token.');
      return;
    }
    if (!SAFE_METHODS.has(req.method)) {
      const given = req.headers[CSRF_HEADER];
      if (typeof given !== 'string' || !compareSecret(given, session.csrfToken)) {
        sendError(res, 403, 'csrf', 'Missing or wrong CSRF token. Reload the page.');
        return;
      }
    }
    res.locals.adminSession = session;
    next();
  };
}
