import type { Request, Response, Router } from 'express';
import type { AdminContext } from '../admin-context.js';
import { budgetFieldOf, removeBudget, setBudget, setWebhook, webhookFieldOf } from '../config-file/apply-budget-patch.js';
import { buildBudgetsView } from '../views/build-budgets-view.js';
import { budgetPatchSchema, parseBody, webhookPatchSchema } from './request-schemas.js';
import { sendJson } from './send-json.js';

/** Budgets: limits per provider and model, thresholds, behaviour at the limit, the alert webhook. */
export function budgetRoutes(router: Router, ctx: AdminContext): void {
  const view = async () =>
    buildBudgetsView(ctx.gateway.config, await ctx.editor.read(), ctx.env, await ctx.gateway.budgetStatus());

  router.get('/budgets', async (_req: Request, res: Response) => {
    sendJson(res, 200, await view());
  });

  router.put('/budgets/:provider', async (req: Request<{ provider: string }>, res: Response) => {
    const patch = parseBody(budgetPatchSchema, req.body);
    const provider = req.params.provider;
    await ctx.editor.update((draft) => {
      setBudget(draft, provider, patch);
      return budgetFieldOf(provider);
    });
    // A save on the page is explicit: it becomes the budget of every process on the store.
    await ctx.gateway.claimBudgets([provider]);
    sendJson(res, 200, await view());
  });

  router.delete('/budgets/:provider', async (req: Request<{ provider: string }>, res: Response) => {
    const provider = req.params.provider;
    await ctx.editor.update((draft) => {
      removeBudget(draft, provider);
      return budgetFieldOf(provider);
    });
    await ctx.gateway.claimBudgets([provider]);
    sendJson(res, 200, await view());
  });

  router.put('/alerts', async (req: Request, res: Response) => {
    const { webhookUrl } = parseBody(webhookPatchSchema, req.body);
    await ctx.editor.update((draft) => {
      setWebhook(draft, webhookUrl);
      return webhookFieldOf;
    });
    sendJson(res, 200, await view());
  });
}
