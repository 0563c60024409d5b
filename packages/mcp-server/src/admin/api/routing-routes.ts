import { describeTaskNameProblem } from '@aegis-llm/core';
import type { Request, Response, Router } from 'express';
import type { AdminContext } from '../admin-context.js';
import { removeRoute, routeFieldOf, setRoute } from '../config-file/apply-route-patch.js';
import { entryOf, isPlainObject } from '../config-file/raw-config.js';
import { buildRoutingView } from '../views/build-routing-view.js';
import { checkRouteAsTyped } from '../views/check-route-as-typed.js';
import { AdminHttpError } from './admin-http-error.js';
import { parseBody, routeCheckSchema, routePatchSchema } from './request-schemas.js';
import { saveOptions } from './config-routes.js';
import { sendJson } from './send-json.js';

/** Routing: the ordered fallback chain per task type. */
export function routingRoutes(router: Router, ctx: AdminContext): void {
  // Catalog data only: a page load must not wait on every provider's /models.
  const view = async () => buildRoutingView(ctx.gateway.config, await ctx.gateway.listModels({ live: false }), ctx.gateway.routeWarnings());

  router.get('/routing', async (_req: Request, res: Response) => {
    sendJson(res, 200, await view());
  });

  // Checks a route as typed (nothing is written): the page calls it on every edit.
  router.post('/routing/check', (req: Request, res: Response) => {
    const { task, chain } = parseBody(routeCheckSchema, req.body);
    sendJson(res, 200, checkRouteAsTyped(ctx.gateway, task ?? '', chain));
  });

  router.put('/routing/:task', async (req: Request<{ task: string }>, res: Response) => {
    const { chain } = parseBody(routePatchSchema, req.body);
    const task = checkedTask(req.params.task);
    await ctx.editor.update((draft) => {
      setRoute(draft, task, chain);
      return routeFieldOf(task);
    }, saveOptions(res));
    sendJson(res, 200, await view());
  });

  router.delete('/routing/:task', async (req: Request<{ task: string }>, res: Response) => {
    const task = req.params.task;
    await ctx.editor.update((draft) => {
      // Nothing to remove is an error, not a 200 that changed nothing.
      if (!isPlainObject(draft.routes) || entryOf(draft.routes, task) === undefined) {
        throw new AdminHttpError(404, 'not_found', `The config file has no route for task "${task.slice(0, 64)}".`, { field: 'task' });
      }
      removeRoute(draft, task);
      return routeFieldOf(task);
    }, saveOptions(res));
    sendJson(res, 200, await view());
  });
}

/** The task name as typed, refused in the core's words when it breaks the rule (before anything is written). */
function checkedTask(task: string): string {
  const problem = describeTaskNameProblem(task);
  if (problem !== undefined) throw new AdminHttpError(422, 'invalid_config', problem, { field: 'task' });
  return task;
}
