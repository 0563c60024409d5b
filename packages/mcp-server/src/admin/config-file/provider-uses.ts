import { entryOf, isPlainObject, type RawConfig } from './raw-config.js';

/** Where the file still names a provider: the routes with a target of it, its budget, its model entries. */
export interface ProviderUses {
  /** Task names, in file order. */
  routes: string[];
  budget: boolean;
  /** How many `models` entries describe its models. */
  models: number;
}

const targetsOf = (chain: unknown): string[] => (Array.isArray(chain) ? chain.filter((t): t is string => typeof t === 'string') : []);
const isOf = (id: string) => (target: string) => target.trim().startsWith(`${id}/`);

export function findProviderUses(draft: RawConfig, id: string): ProviderUses {
  const routes = isPlainObject(draft.routes) ? draft.routes : {};
  return {
    routes: Object.entries(routes)
      .filter(([, chain]) => targetsOf(chain).some(isOf(id)))
      .map(([task]) => task),
    budget: isPlainObject(draft.budgets) && entryOf(draft.budgets, id) !== undefined,
    models: Array.isArray(draft.models) ? draft.models.filter((m: unknown) => isPlainObject(m) && m.provider === id).length : 0,
  };
}

export function hasUses(uses: ProviderUses): boolean {
  return uses.routes.length > 0 || uses.budget || uses.models > 0;
}

/**
 * Takes a provider out of everything that names it: its targets out of each
 * route (a route left empty is removed, so a built-in task goes back to its
 * default chain), its budget and its model entries.
 */
export function removeProviderUses(draft: RawConfig, id: string): void {
  if (isPlainObject(draft.routes)) {
    for (const [task, chain] of Object.entries(draft.routes)) {
      if (!Array.isArray(chain)) continue;
      const kept = chain.filter((t: unknown) => typeof t !== 'string' || !isOf(id)(t));
      if (kept.length === chain.length) continue;
      if (kept.length === 0) delete draft.routes[task];
      else draft.routes[task] = kept;
    }
    if (Object.keys(draft.routes).length === 0) delete draft.routes;
  }
  if (isPlainObject(draft.budgets)) {
    delete draft.budgets[id];
    if (Object.keys(draft.budgets).length === 0) delete draft.budgets;
  }
  if (Array.isArray(draft.models)) {
    draft.models = draft.models.filter((m: unknown) => !(isPlainObject(m) && m.provider === id));
    if ((draft.models as unknown[]).length === 0) delete draft.models;
  }
}

/** "Routes chat and summarize, its budget and 2 model entries still use "groq"." */
export function describeProviderUses(uses: ProviderUses, id: string): string {
  const parts: string[] = [];
  if (uses.routes.length > 0) {
    const names = uses.routes.map((task) => `"${task.slice(0, 64)}"`);
    parts.push(`${uses.routes.length === 1 ? 'route' : 'routes'} ${listOf(names)}`);
  }
  if (uses.budget) parts.push('its budget');
  if (uses.models > 0) parts.push(`${uses.models} model ${uses.models === 1 ? 'entry' : 'entries'}`);
  return `"${id}" is still used by ${listOf(parts)}. Edit those first, or remove the endpoint from them too.`;
}

function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}
