import { DEFAULT_ROUTES, mergeRoutes, type Gateway } from '@aegis-llm/core';
import { rankCompletions } from './rank-completions.js';

/** Task types for a `task` argument: the built-in routes' and the config file's own. */
export function completeTask(gateway: Gateway, typed: string): string[] {
  return rankCompletions(Object.keys(mergeRoutes(DEFAULT_ROUTES, gateway.config.routes)), typed);
}
