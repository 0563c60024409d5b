import { describeTaskNameProblem, MODEL_NAME_MAX_LENGTH, NAME_MAX_LENGTH, type Gateway } from '@aegis-llm/core';
import type { RouteCheckResponse, RouteTargetCheck } from '../api/api-types.js';

/** Longest `provider/model` target, as the config schema has it. */
const TARGET_MAX_LENGTH = NAME_MAX_LENGTH + 1 + MODEL_NAME_MAX_LENGTH;

/**
 * A route as the administrator types it, checked before any save: the task
 * name against the core's rule, each target against the configuration in
 * force (the gateway's route check, with the closest known target for a
 * typo). Warnings do not block a save (a model newer than the catalog is
 * fine); `invalid` ones would be refused by the save.
 */
export function checkRouteAsTyped(gateway: Pick<Gateway, 'checkRoutes'>, task: string, chain: readonly string[]): RouteCheckResponse {
  const response: RouteCheckResponse = { targets: [] };
  const name = task.trim();
  if (name !== '') {
    const problem = describeTaskNameProblem(name);
    if (problem !== undefined) response.taskProblem = problem;
  }
  const checkable: Array<{ index: number; target: string }> = [];
  for (const [index, raw] of chain.entries()) {
    const target = raw.trim();
    if (target.length > TARGET_MAX_LENGTH) {
      response.targets.push({
        index,
        target: target.slice(0, 64),
        code: 'invalid',
        message: `is longer than ${TARGET_MAX_LENGTH} characters. Write it as provider/model with the model id the provider lists.`,
      });
    } else if (target !== '') {
      checkable.push({ index, target });
    }
  }
  // One route per target, keyed by index: the same target twice gets its warning twice.
  const routes = Object.fromEntries(checkable.map(({ index, target }) => [String(index), [target]]));
  for (const warning of gateway.checkRoutes(routes)) {
    const index = Number(warning.task);
    const check: RouteTargetCheck = { index, target: warning.target, code: warning.code, message: withoutRoutePrefix(warning.message, warning.task) };
    if (warning.suggestion !== undefined) check.suggestion = warning.suggestion;
    response.targets.push(check);
  }
  response.targets.sort((a, b) => a.index - b.index);
  return response;
}

/** `route "3": x is retired` -> `x is retired`: beside its target the route is plain. */
function withoutRoutePrefix(message: string, task: string): string {
  const prefix = `route "${task}": `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
