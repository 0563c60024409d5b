import type { ProviderBudget } from '../config/types.js';
import { getOwn } from '../util/own-entry.js';
import type { GatewayContext } from './gateway-context.js';

/** The provider's budget in force: the store's budget book as the ledger last read it, else the configured one. */
export function budgetInForce(ctx: Pick<GatewayContext, 'config' | 'ledger'>, provider: string): ProviderBudget | undefined {
  return getOwn(ctx.ledger.budgetsInForce?.() ?? ctx.config.budgets, provider);
}
