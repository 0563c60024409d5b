import { budgetedTag, budgetInForce } from './budgets-in-force.js';
import type { UnpricedPolicy } from '../config/types.js';
import { AegisError } from '../errors.js';
import { formatTarget } from '../routing/parse-target.js';
import type { ModelPricing, Target } from '../types.js';
import type { GatewayContext } from './gateway-context.js';

/**
 * The price a target is reserved and charged at: the catalog's (its region's
 * list, config `models` over built-in data), else, under a budget whose
 * `unpriced` policy assumes a price, that price per 1M tokens for input and
 * output alike. `undefined`: unpriced (no budget, or `unpriced: 'allow'`).
 */
export function budgetPricing(ctx: GatewayContext, target: Target): ModelPricing | undefined {
  const pricing = ctx.catalog.peekPricing(target.provider, target.model);
  if (pricing !== undefined) return pricing;
  const policy = unpricedPolicy(ctx, target.provider);
  return policy === undefined || typeof policy === 'string' ? undefined : assumedPricing(policy.assumeUsdPer1M);
}

/**
 * Before anything is reserved or sent: under a budget, a target the catalog
 * cannot price is refused (issue 17, "no unbudgeted spend"), unless the
 * budget allows it (`unpriced: 'allow'`) or assumes a price (then it is
 * priced, and `worstCaseMicroUsd` is known: under a budget every call has an
 * output cap, plan-output.ts). Fallbackable: another target of the route may
 * well be priced.
 *
 * A tag budget (the request's `tags`) refuses an unpriced target likewise,
 * whatever the provider's policy.
 *
 * @throws AegisError `budget_exceeded` with code `UNPRICED_MODEL`.
 */
export function requireKnownCost(ctx: GatewayContext, target: Target, worstCaseMicroUsd: number | undefined, tags?: Readonly<Record<string, string>>): void {
  if (worstCaseMicroUsd !== undefined) return;
  const tag = budgetedTag(ctx, tags);
  if (tag !== undefined) {
    const fix = `Add its price under "models" in the config file, or route this traffic to a priced model.`;
    throw new AegisError(
      'budget_exceeded',
      `${formatTarget(target)} was not called: the request counts against the budget of tag ${tag}, and the catalog has no price for this model, so its cost cannot be held against it. ${fix}`,
      { provider: target.provider, model: target.model, code: 'UNPRICED_MODEL', retryable: false, fallbackable: true, details: { fix, tag } },
    );
  }
  const policy = unpricedPolicy(ctx, target.provider);
  if (policy === undefined || policy === 'allow') return;
  const fix =
    `Add its price under "models" in the config file (e.g. { "provider": "${target.provider}", "model": "${target.model}", ` +
    `"pricing": { "currency": "USD", "tiers": [{ "input": 0.4, "output": 1.2 }], "source": "...", "asOf": "..." } }), ` +
    `or set budgets.${target.provider}.unpriced to { "assumeUsdPer1M": <price> } or "allow".`;
  throw new AegisError(
    'budget_exceeded',
    `${formatTarget(target)} was not called: ${target.provider} has a budget and the catalog has no price for this model, so its cost cannot be held against it. ${fix}`,
    {
      provider: target.provider,
      model: target.model,
      code: 'UNPRICED_MODEL',
      retryable: false,
      fallbackable: true,
      details: { fix },
    },
  );
}

function unpricedPolicy(ctx: GatewayContext, provider: string): UnpricedPolicy | undefined {
  const budget = budgetInForce(ctx, provider);
  return budget === undefined ? undefined : (budget.unpriced ?? 'refuse');
}

function assumedPricing(usdPer1M: number): ModelPricing {
  return {
    currency: 'USD',
    tiers: [{ input: usdPer1M, output: usdPer1M }],
    source: 'assumed by the budget (budgets.<provider>.unpriced)',
    asOf: 'config',
  };
}
