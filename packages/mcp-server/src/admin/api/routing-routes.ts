import type { Request, Response, Router } from 'express';
import type { AdminContext } from '../admin-context.js';
import { removeRoute, routeFieldOf, setRoute } from '../config-file/apply-route-patch.js';
import { buildRoutingView } from '../views/build-routing-view.js';
import { parseBody, routePatchSchema } from './request-schemas.js';
import { sendJson } from './send-json.js';

/** Routing: the ordered fallback chain per task type. */
export function routingRoutes(router: Router, ctx: AdminContext): void {
  // Catalog data only: a page load must not wait on every provider's /models.
  const view = async () => buildRoutingView(ctx.gateway.config, await ctx.gateway.listModels({ live: false }), ctx.gateway.routeWarnings());

  router.get('/routing', async (_req: Request, res: Response) => {
    sendJson(res, 200, await view());
  });

  router.put('/routing/:task', async (req: Request<{ task: string }>, res: Response) => {
    const { chain } = parseBody(routePatchSchema, req.body);
    const task = req.params.task;
    await ctx.editor.update((draft) => {
      setRoute(draft, task, chain);
      return routeFieldOf(task);
    });
    sendJson(res, 200, await view());
  });

  router.delete('/routing/:task', async (req: Request<{ task: string }>, res: Response) => {
    const task = req.params.task;
    await ctx.editor.update((draft) => {
      removeRoute(draft, task);
      return routeFieldOf(task);
    });
    sendJson(res, 200, await view());
  });
}
