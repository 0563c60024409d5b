import { DEFAULT_ROUTES, DEFAULT_TASK } from '@aegis-llm/core';

/**
 * The models of a task type's built-in route that this provider serves, in
 * route order (`code` on DashScope: qwen3-coder-plus, qwen3-max, qwen-plus).
 * A node never leaves its credential's provider, so other providers' entries
 * are dropped.
 */
export function taskRouteModels(providerId: string, task: string | undefined): string[] {
  const route = DEFAULT_ROUTES[task?.trim() || DEFAULT_TASK] ?? [];
  return route.filter((spec) => spec.startsWith(`${providerId}/`));
}
