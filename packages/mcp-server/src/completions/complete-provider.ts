import type { Gateway } from '@aegis-llm/core';
import { rankCompletions } from './rank-completions.js';

/**
 * Provider ids for a `provider` argument: the configured ones first, then
 * the known but unconfigured ones (the built-in kinds). A budget can only
 * name a known provider (the config refuses others), so these are all.
 */
export function completeProvider(gateway: Gateway, typed: string): string[] {
  const providers = Object.values(gateway.config.providers);
  const configured = providers.filter((p) => p.configured).map((p) => p.id);
  const others = providers.filter((p) => !p.configured).map((p) => p.id);
  return rankCompletions([...configured.sort(), ...others.sort()], typed);
}
