import type { Request, Response, Router } from 'express';
import type { AdminContext } from '../admin-context.js';
import { compareSecret } from '../security/compare-secret.js';
import { requireSession, sessionOf } from '../security/require-session.js';
import { sourceAddress } from '../security/source-address.js';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from '../security/session-cookie.js';
import type { SessionInfo } from './api-types.js';
import { loginSchema, parseBody } from './request-schemas.js';
import { sendError, sendJson } from './send-json.js';

/** Login with the server token, the session probe and logout. */
export function sessionRoutes(router: Router, ctx: AdminContext): void {
  const info = (csrfToken: string): SessionInfo => ({ csrfToken, configFile: ctx.editor.file });

  router.post('/login', (req: Request, res: Response) => {
    const source = sourceAddress(req);
    const { token } = parseBody(loginSchema, req.body);
    // The right token always gets in, even from a source that is locked out:
    // otherwise anyone who can reach the port locks the admin out.
    if (!compareSecret(token, ctx.token)) {
      const wait = ctx.throttle.retryAfterMs(source);
      if (wait > 0) {
        res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
        sendError(res, 429, 'too_many_attempts', 'Too many wrong tokens from this address: wait a minute and try again.');
        return;
      }
      ctx.throttle.failed(source);
      sendError(res, 401, 'unauthorized', 'That is not the server token. It is printed when aegis-llm serve starts, or set by AEGIS_LLM_TOKEN.', {
        field: 'token',
      });
      return;
    }
    ctx.throttle.succeeded(source);
    // A fresh id at every login (no session fixation).
    ctx.sessions.destroy(readCookie(req.headers.cookie, SESSION_COOKIE));
    const session = ctx.sessions.create();
    res.setHeader('Set-Cookie', sessionCookie(session.id, ctx.sessions.maxAgeSeconds, req.secure));
    sendJson(res, 200, info(session.csrfToken));
  });

  router.get('/session', requireSession(ctx.sessions), (_req: Request, res: Response) => {
    sendJson(res, 200, info(sessionOf(res).csrfToken));
  });

  router.post('/logout', requireSession(ctx.sessions), (req: Request, res: Response) => {
    ctx.sessions.destroy(sessionOf(res).id);
    res.setHeader('Set-Cookie', clearedSessionCookie(req.secure));
    sendJson(res, 200, { ok: true });
  });
}
