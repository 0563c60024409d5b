import type { Request, Response, Router } from 'express';
import type { AdminContext } from '../admin-context.js';
import { newKeySchema } from '../../client-keys/create-client-key-store.js';
import { AdminHttpError } from './admin-http-error.js';
import type { ClientKeysResponse, CreatedClientKeyResponse } from './api-types.js';
import { sendJson, sendJsonShowingOnce } from './send-json.js';

/**
 * Client keys of the OpenAI-compatible endpoint: list, create (the one
 * answer that carries the secret: shown once, never stored), revoke.
 */
export function keyRoutes(router: Router, ctx: AdminContext): void {
  const view = (): ClientKeysResponse => ({ keys: ctx.clientKeys.list() });

  router.get('/keys', (_req: Request, res: Response) => {
    sendJson(res, 200, view());
  });

  router.post('/keys', async (req: Request, res: Response) => {
    const parsed = newKeySchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue?.path[0] ?? 'name');
      throw new AdminHttpError(400, 'bad_request', `${field}: ${issue?.message ?? 'invalid'}.`, { field });
    }
    const { key, secret } = await ctx.clientKeys.create(parsed.data);
    const body: Omit<CreatedClientKeyResponse, 'secret'> = { ...view(), created: key };
    sendJsonShowingOnce(res, 201, body, { secret } satisfies Pick<CreatedClientKeyResponse, 'secret'>);
  });

  router.delete('/keys/:id', async (req: Request<{ id: string }>, res: Response) => {
    const key = await ctx.clientKeys.revoke(req.params.id);
    if (!key) throw new AdminHttpError(404, 'not_found', `No client key "${req.params.id}".`);
    sendJson(res, 200, view());
  });
}
