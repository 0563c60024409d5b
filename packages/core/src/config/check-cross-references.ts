/**
 * Rules the schema cannot state alone: endpoint names against built-in ids
 * and each other, and provider ids used in routes, models and budgets.
 */
import { BUILTIN_PROVIDER_IDS } from '../kinds/index.js';
import { checkTagScope } from '../tags/tag-scope.js';
import { closestKey } from './closest-key.js';
import { DEFAULT_ROUTING } from './default-routing.js';
import { formatConfigPath } from './format-config-path.js';
import { knownProviderIds } from './resolve-providers.js';
import type { ConfigFile } from './schema.js';
import { showConfigValue } from './show-config-value.js';

export interface CrossReferenceProblem {
  path: string;
  /** "<path>: <problem> <fix>" */
  text: string;
}

/** Every problem, in file order (an administrator fixes them in one pass, not one per save). */
export function checkCrossReferences(file: ConfigFile): CrossReferenceProblem[] {
  const problems: CrossReferenceProblem[] = [];
  const problem = (path: readonly PropertyKey[], sentence: string): void => {
    const at = formatConfigPath(path);
    problems.push({ path: at, text: `${at}: ${sentence}` });
  };

  const endpoints = file.endpoints ?? [];
  for (const [index, endpoint] of endpoints.entries()) {
    if ((BUILTIN_PROVIDER_IDS as readonly string[]).includes(endpoint.name)) {
      problem(
        ['endpoints', index, 'name'],
        `${showConfigValue(endpoint.name)} is a built-in provider id. Pick another name, e.g. "${endpoint.name}-2", or configure it under providers.${endpoint.name}.`,
      );
      continue;
    }
    const first = endpoints.findIndex((e) => e.name === endpoint.name);
    if (first < index) {
      problem(['endpoints', index, 'name'], `${showConfigValue(endpoint.name)} is already the name of endpoints[${first}]. Give each endpoint its own name.`);
    }
  }

  const known = knownProviderIds(file);
  /** " Did you mean ...? Known providers: ..." */
  const advice = (id: string): string => {
    const suggestion = closestKey(id, known);
    const didYouMean = suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
    return `${didYouMean} Known providers: ${known.join(', ')} (add others under "endpoints").`;
  };
  const unknownProvider = (id: string): string => `${showConfigValue(id)} is not a known provider.${advice(id)}`;

  for (const [task, targets] of Object.entries(file.routes ?? {})) {
    for (const [index, target] of targets.entries()) {
      // A target the schema refused is left out when a refused file is checked (cross-references-of-invalid.ts).
      if (typeof target !== 'string') continue;
      const provider = target.slice(0, target.indexOf('/'));
      if (!known.includes(provider)) {
        problem(['routes', task, index], `${showConfigValue(target)} names an unknown provider ${showConfigValue(provider)}.${advice(provider)}`);
      }
    }
  }

  for (const [index, model] of (file.models ?? []).entries()) {
    if (!known.includes(model.provider)) problem(['models', index, 'provider'], unknownProvider(model.provider));
  }

  for (const provider of Object.keys(file.budgets ?? {})) {
    if (!known.includes(provider)) problem(['budgets', provider], unknownProvider(provider));
  }

  for (const scope of Object.keys(file.tagBudgets ?? {})) {
    const wrong = checkTagScope(scope);
    if (wrong !== undefined) problem(['tagBudgets', scope], `${showConfigValue(scope)}: ${wrong}.`);
  }

  const base = file.routing?.baseBackoffMs ?? DEFAULT_ROUTING.baseBackoffMs;
  const max = file.routing?.maxBackoffMs ?? DEFAULT_ROUTING.maxBackoffMs;
  if (base > max) {
    problem(['routing', 'baseBackoffMs'], `${base} is larger than routing.maxBackoffMs (${max}). Make the first backoff step no larger than the cap.`);
  }
  return problems;
}
