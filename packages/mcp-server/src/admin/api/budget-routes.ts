import { isAegisError } from '@aegis-llm/core';
import type { Request, Response, Router } from 'express';
import type { AdminContext } from '../admin-context.js';
import type { RawConfig } from '../config-file/raw-config.js';
import { budgetFieldOf, removeBudget, setBudget, setWebhook, webhookFieldOf } from '../config-file/apply-budget-patch.js';
import { removeTagBudget, setTagBudget, tagBudgetFieldOf } from '../config-file/apply-tag-budget-patch.js';
import { buildBudgetsView } from '../views/build-budgets-view.js';
import { AdminHttpError } from './admin-http-error.js';
import type { TestAlertResponse } from './api-types.js';
import { budgetPatchSchema, parseBody, tagBudgetPatchSchema, webhookPatchSchema } from './request-schemas.js';
import { saveOptions } from './config-routes.js';
import { sendJson } from './send-json.js';

/**
 * Budgets: limits per provider and model, thresholds, behaviour at the
 * limit, tag budgets (one workflow, one end user...), the alert webhook and
 * its test. A save is explicit: it becomes the budget of every process on
 * the store (claimBudgets), whoever set it before.
 */
export function budgetRoutes(router: Router, ctx: AdminContext): void {
  // After a save: the file as it was just written (not read again).
  const view = async (raw?: RawConfig) => buildBudgetsView(ctx.gateway.config, raw ?? (await ctx.editor.read()), ctx.env, await ctx.gateway.budgetStatus());

  router.get('/budgets', async (_req: Request, res: Response) => {
    sendJson(res, 200, await view());
  });

  router.put('/budgets/:provider', async (req: Request<{ provider: string }>, res: Response) => {
    const patch = parseBody(budgetPatchSchema, req.body);
    const provider = req.params.provider;
    const saved = await ctx.editor.update((draft) => {
      setBudget(draft, provider, patch);
      return budgetFieldOf(provider);
    }, saveOptions(res));
    // A save on the page is explicit: it becomes the budget of every process on the store.
    await ctx.gateway.claimBudgets([provider]);
    sendJson(res, 200, await view(saved.raw));
  });

  router.delete('/budgets/:provider', async (req: Request<{ provider: string }>, res: Response) => {
    const provider = req.params.provider;
    const saved = await ctx.editor.update((draft) => {
      removeBudget(draft, provider);
      return budgetFieldOf(provider);
    }, saveOptions(res));
    await ctx.gateway.claimBudgets([provider]);
    sendJson(res, 200, await view(saved.raw));
  });

  router.put('/tag-budgets/:scope', async (req: Request<{ scope: string }>, res: Response) => {
    const patch = parseBody(tagBudgetPatchSchema, req.body);
    const scope = req.params.scope;
    const saved = await ctx.editor.update((draft) => {
      setTagBudget(draft, scope, patch);
      return tagBudgetFieldOf(scope);
    }, saveOptions(res));
    await ctx.gateway.claimBudgets([scope]);
    sendJson(res, 200, await view(saved.raw));
  });

  router.delete('/tag-budgets/:scope', async (req: Request<{ scope: string }>, res: Response) => {
    const scope = req.params.scope;
    let had = false;
    const saved = await ctx.editor.update((draft) => {
      had = removeTagBudget(draft, scope);
      return tagBudgetFieldOf(scope);
    }, saveOptions(res));
    if (!had) throw new AdminHttpError(404, 'not_found', `The config file has no tag budget ${JSON.stringify(scope)}.`);
    await ctx.gateway.claimBudgets([scope]);
    sendJson(res, 200, await view(saved.raw));
  });

  router.post('/alerts/test', async (_req: Request, res: Response) => {
    try {
      const delivery = await ctx.gateway.sendTestAlert();
      const body: TestAlertResponse = { delivery, view: await view() };
      sendJson(res, 200, body);
    } catch (error) {
      if (isAegisError(error) && error.kind === 'not_configured') {
        throw new AdminHttpError(409, 'conflict', 'No alert webhook is set: save one below, then send the test.', { field: 'webhookUrl' });
      }
      throw error;
    }
  });

  router.put('/alerts', async (req: Request, res: Response) => {
    const { webhookUrl } = parseBody(webhookPatchSchema, req.body);
    const saved = await ctx.editor.update((draft) => {
      setWebhook(draft, webhookUrl);
      return webhookFieldOf;
    }, saveOptions(res));
    sendJson(res, 200, await view(saved.raw));
  });
}
