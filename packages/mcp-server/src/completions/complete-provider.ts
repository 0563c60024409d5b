import type { Gateway } from '@aegis-llm/core';
import { rankCompletions } from './rank-completions.js';

/**
 * Provider ids for a `provider` argument: the configured ones first, then
 * the known but unconfigured ones (the built-in kinds), then providers that
 * only have a budget (an endpoint another process on the store configures).
 */
export function completeProvider(gateway: Gateway, typed: string): string[] {
  const providers = Object.values(gateway.config.providers);
  const configured = providers.filter((p) => p.configured).map((p) => p.id);
  const others = providers.filter((p) => !p.configured).map((p) => p.id);
  return rankCompletions([...configured.sort(), ...others.sort(), ...Object.keys(gateway.config.budgets).sort()], typed);
}
