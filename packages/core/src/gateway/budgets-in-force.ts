import type { ProviderBudget } from '../config/types.js';
import { tagScope } from '../tags/tag-scope.js';
import { getOwn } from '../util/own-entry.js';
import type { GatewayContext } from './gateway-context.js';

/** The provider's budget in force: the store's budget book as the ledger last read it, else the configured one. */
export function budgetInForce(ctx: Pick<GatewayContext, 'config' | 'ledger'>, provider: string): ProviderBudget | undefined {
  return getOwn(ctx.ledger.budgetsInForce?.() ?? ctx.config.budgets, provider);
}

/** The first of the request's tag pairs that has a tag budget in force (`name=value`), or undefined. */
export function budgetedTag(ctx: Pick<GatewayContext, 'config' | 'ledger'>, tags: Readonly<Record<string, string>> | undefined): string | undefined {
  if (tags === undefined) return undefined;
  const budgets = ctx.ledger.tagBudgetsInForce?.() ?? ctx.config.tagBudgets;
  if (budgets === undefined) return undefined;
  for (const [name, value] of Object.entries(tags)) {
    const scope = tagScope(name, value);
    if (getOwn(budgets, scope) !== undefined) return scope;
  }
  return undefined;
}
