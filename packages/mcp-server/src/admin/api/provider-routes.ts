import { ENDPOINT_KIND, providerKind } from '@aegis-llm/core';
import type { Request, Response, Router } from 'express';
import type { AdminContext } from '../admin-context.js';
import type { RawConfig } from '../config-file/raw-config.js';
import { applyProviderPatch, providerFieldOf } from '../config-file/apply-provider-patch.js';
import { fieldsUnder } from '../config-file/config-path.js';
import { findProviderSection, isBuiltinProvider } from '../config-file/provider-section.js';
import { describeProviderUses, findProviderUses, hasUses, removeProviderUses } from '../config-file/provider-uses.js';
import { buildProvidersView } from '../views/build-providers-view.js';
import { toTestView } from '../views/to-test-view.js';
import { AdminHttpError } from './admin-http-error.js';
import { clearCooldownSchema, newEndpointSchema, parseBody, providerPatchSchema } from './request-schemas.js';
import { saveOptions } from './config-routes.js';
import { sendJson } from './send-json.js';

/** Providers: state, edits of the file's sections, extra endpoints, connection tests. */
export function providerRoutes(router: Router, ctx: AdminContext): void {
  // After a save: the file as it was just written (not read again).
  const view = async (raw?: RawConfig) =>
    buildProvidersView({
      config: ctx.gateway.config,
      raw: raw ?? (await ctx.editor.read()),
      env: ctx.env,
      tests: ctx.tests,
      cooldowns: await ctx.gateway.cooldowns(),
    });
  const known = (id: string) => {
    if (!Object.hasOwn(ctx.gateway.config.providers, id)) throw new AdminHttpError(404, 'not_found', `No provider "${id}".`);
    return ctx.gateway.config.providers[id];
  };

  router.get('/providers', async (_req: Request, res: Response) => {
    sendJson(res, 200, await view());
  });

  router.put('/providers/:id', async (req: Request<{ id: string }>, res: Response) => {
    const provider = known(req.params.id);
    const patch = parseBody(providerPatchSchema, req.body);
    const saved = await ctx.editor.update((draft) => {
      const section = findProviderSection(draft, req.params.id);
      if (section === undefined) throw new AdminHttpError(404, 'not_found', `No provider "${req.params.id}" in the config file.`);
      applyProviderPatch(section, patch, { keyless: provider !== undefined && providerKind(provider.kind).keyNeed === 'none' });
      return providerFieldOf(section);
    }, saveOptions(res));
    // A test of the settings before this save says nothing about the new ones.
    ctx.tests.delete(req.params.id);
    sendJson(res, 200, await view(saved.raw));
  });

  // An extra OpenAI-compatible endpoint ("AnyLLM"): its name becomes its provider id.
  router.post('/endpoints', async (req: Request, res: Response) => {
    const { name, ...patch } = parseBody(newEndpointSchema, req.body);
    const id = name.trim();
    if (Object.hasOwn(ctx.gateway.config.providers, id)) {
      throw new AdminHttpError(409, 'conflict', `"${id}" is already a provider. Pick another name.`, { field: 'name' });
    }
    const saved = await ctx.editor.update((draft) => {
      const endpoints = Array.isArray(draft.endpoints) ? draft.endpoints : (draft.endpoints = []);
      const entry: Record<string, unknown> = { name: id };
      endpoints.push(entry);
      const section = { object: entry, segments: ['endpoints', endpoints.length - 1] };
      applyProviderPatch(section, patch, { keyless: providerKind(ENDPOINT_KIND).keyNeed === 'none' });
      return providerFieldOf(section);
    }, saveOptions(res));
    ctx.tests.delete(id);
    sendJson(res, 201, await view(saved.raw));
  });

  // `?alsoRemoveUses=true` also takes the endpoint out of the routes, budget and model entries naming it;
  // without it, a 409 says which ones do (a route left naming a missing provider would not load).
  router.delete('/providers/:id', async (req: Request<{ id: string }>, res: Response) => {
    const id = req.params.id;
    known(id);
    if (isBuiltinProvider(id)) {
      throw new AdminHttpError(400, 'bad_request', 'Built-in providers cannot be removed; clear their settings instead.');
    }
    const alsoRemoveUses = req.query.alsoRemoveUses === 'true';
    const saved = await ctx.editor.update((draft) => {
      const uses = findProviderUses(draft, id);
      if (hasUses(uses)) {
        if (!alsoRemoveUses) throw new AdminHttpError(409, 'conflict', describeProviderUses(uses, id), { usedBy: { routes: uses.routes } });
        removeProviderUses(draft, id);
      }
      if (Array.isArray(draft.endpoints)) {
        draft.endpoints = draft.endpoints.filter((entry: unknown) => (entry as { name?: unknown } | null)?.name !== id);
        if ((draft.endpoints as unknown[]).length === 0) delete draft.endpoints;
      }
      return fieldsUnder(['endpoints'], () => 'name');
    }, saveOptions(res));
    ctx.tests.delete(id);
    sendJson(res, 200, await view(saved.raw));
  });

  // Ends a model's cooldown (the admin knows it is fixed): the next request goes to it.
  router.post('/providers/:id/cooldowns/clear', async (req: Request<{ id: string }>, res: Response) => {
    known(req.params.id);
    const { model } = parseBody(clearCooldownSchema, req.body);
    const cleared = await ctx.gateway.clearCooldown(`${req.params.id}/${model}`);
    if (!cleared) throw new AdminHttpError(404, 'not_found', `"${req.params.id}/${model.slice(0, 128)}" is not in a cooldown.`, { field: 'model' });
    sendJson(res, 200, await view());
  });

  router.post('/providers/:id/test', async (req: Request<{ id: string }>, res: Response) => {
    known(req.params.id);
    const [result] = await ctx.gateway.testProvider(req.params.id);
    if (result === undefined) throw new AdminHttpError(500, 'internal', 'The connection test returned nothing.');
    const test = toTestView(result, ctx.now());
    ctx.tests.set(req.params.id, test);
    sendJson(res, 200, test);
  });
}
