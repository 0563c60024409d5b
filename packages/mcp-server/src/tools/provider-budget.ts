import type { Gateway, Logger } from '@aegis-llm/core';
import type { ProviderBudgetSummary } from './chat-output.js';

/**
 * The provider's budget after a call, for the chat result. A ledger hiccup
 * here must not turn a paid answer into a failure: it is logged and left out.
 */
export async function providerBudget(gateway: Gateway, provider: string, logger: Logger): Promise<ProviderBudgetSummary | undefined> {
  try {
    const status = await gateway.budgetStatus({ provider });
    const entry = status.providers.find((p) => p.provider === provider);
    if (!entry) return undefined;
    const { budgeted, limit, spent, reserved, remaining, percent } = entry;
    return { provider, budgeted, limit, spent, reserved, remaining, percent };
  } catch (error) {
    logger.warn('budget status unavailable for the chat result', { provider, error: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}
