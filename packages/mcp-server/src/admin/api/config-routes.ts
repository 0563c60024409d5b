import type { NextFunction, Request, Response, Router } from 'express';
import type { AdminContext } from '../admin-context.js';
import type { UpdateOptions } from '../config-file/create-config-editor.js';
import type { ConfigStatusResponse } from './api-types.js';
import { sendJson } from './send-json.js';

/** The header that carries the config file's version: sent with the file's views, returned with edits. */
export const CONFIG_VERSION_HEADER = 'x-aegis-config-version';

/** Views built from the file: what the page has "seen" of it. */
const VIEW_PATHS = new Set(['/routing', '/providers', '/budgets']);

/** The API's writes that edit the config file (not a login, a connection test, a client key or a check). */
export function isConfigWrite(req: Request): boolean {
  if (req.method === 'PUT') return true;
  if (req.method === 'DELETE') return !req.path.startsWith('/keys/');
  return req.method === 'POST' && req.path === '/endpoints';
}

/** A config write's options for the editor: the version the page last saw, when it sent one. */
export function saveOptions(res: Response): UpdateOptions {
  const seen = res.locals.expectConfigVersion as string | undefined;
  return seen === undefined ? {} : { expectVersion: seen };
}

/**
 * Never saves over a hand edit the page has not shown: an edit that carries
 * the version the page last saw is refused (409 `config_changed`) when the
 * file has changed since. The file's views and every edit's answer carry the
 * version the page now holds. An edit without the header (a script) is
 * applied to the file as it is, as before.
 */
export function configVersionRoutes(router: Router, ctx: AdminContext): void {
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const write = isConfigWrite(req);
    if (write || (req.method === 'GET' && VIEW_PATHS.has(req.path))) {
      // Read when the answer is sent: after the edit, the version it wrote.
      res.locals.configVersion = () => ctx.editor.knownVersion();
    }
    // Checked by the save itself, on the one read it applies the change to (saveOptions).
    const seen = req.get(CONFIG_VERSION_HEADER);
    if (write && seen !== undefined) res.locals.expectConfigVersion = seen;
    next();
  });

  router.get('/config/status', (_req: Request, res: Response) => {
    const body: ConfigStatusResponse = { file: ctx.editor.file, version: ctx.editor.knownVersion() };
    const change = ctx.editor.lastDiskChange();
    if (change !== undefined) body.lastDiskChange = change;
    sendJson(res, 200, body);
  });
}
