import { createRedactor } from '@aegis-llm/core';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { AdminContext } from '../admin-context.js';
import { guardApiFetchSite } from '../security/guard-request.js';
import { requireSession } from '../security/require-session.js';
import { AdminHttpError } from './admin-http-error.js';
import { budgetRoutes } from './budget-routes.js';
import { configVersionRoutes } from './config-routes.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { keyRoutes } from './key-routes.js';
import { requestLogRoutes } from './request-log-routes.js';
import { providerRoutes } from './provider-routes.js';
import { responseSecrets } from './response-secrets.js';
import { routingRoutes } from './routing-routes.js';
import { sendError, setResponseRedactor } from './send-json.js';
import { sessionRoutes } from './session-routes.js';

/** Config edits are small; anything bigger is not from the page. */
const BODY_LIMIT = '64kb';

/** The page's JSON API. Everything but login needs a session; every write, the CSRF token too. */
export function createApiRouter(ctx: AdminContext): Router {
  const router = express.Router();
  router.use((_req: Request, res: Response, next: NextFunction) => {
    setResponseRedactor(res, createRedactor(responseSecrets(ctx)));
    next();
  });
  router.use(guardApiFetchSite());
  router.use(express.json({ limit: BODY_LIMIT }));

  sessionRoutes(router, ctx);
  router.use(requireSession(ctx.sessions));
  configVersionRoutes(router, ctx);
  providerRoutes(router, ctx);
  routingRoutes(router, ctx);
  budgetRoutes(router, ctx);
  dashboardRoutes(router, ctx);
  requestLogRoutes(router, ctx);
  keyRoutes(router, ctx);

  router.use((_req: Request, res: Response) => sendError(res, 404, 'not_found', 'No such API route.'));
  router.use(apiErrorHandler);
  return router;
}

/** Every failure as JSON; unexpected ones logged to stderr (stdout may be the MCP protocol) and answered without details. */
function apiErrorHandler(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const redact = (res.locals.adminRedact as ((text: string) => string) | undefined) ?? ((text: string) => text);
  if (error instanceof AdminHttpError) {
    sendError(res, error.status, error.kind, error.message, error.extra);
    return;
  }
  const status = (error as { status?: unknown; type?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // body-parser: malformed JSON, too large, wrong charset.
    sendError(res, status, 'bad_request', status === 413 ? 'The request body is too large.' : 'The request body is not valid JSON.');
    return;
  }
  const kind = (error as { kind?: unknown }).kind;
  if (kind === 'bad_request') {
    sendError(res, 400, 'bad_request', (error as Error).message);
    return;
  }
  console.error(`[aegis-llm admin] request failed: ${redact(error instanceof Error ? error.message : String(error))}`);
  sendError(res, 500, 'internal', 'The request failed on the server; see its log.');
}
