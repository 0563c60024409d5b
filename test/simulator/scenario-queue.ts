import type { Scenario, ScriptOptions } from './types.ts';

export interface ScenarioQueue {
  push(scenarios: readonly Scenario[], options?: ScriptOptions): void;
  /** The next chat scenario for `model`: its own queue first, then the any-model queue, then the default. */
  takeChat(model: string): Scenario;
  /** The next scripted `GET /models` scenario; without one the list is simply served. */
  takeModels(): Scenario | undefined;
  setDefault(scenario: Scenario): void;
  pending(): number;
  clear(): void;
}

const ANY_MODEL = '\u0000any';
const MODELS_ROUTE = '\u0000models';

export function createScenarioQueue(initialDefault: Scenario): ScenarioQueue {
  // Keyed by model, ANY_MODEL or MODELS_ROUTE; arrays stay short, so shift() is fine.
  const queues = new Map<string, Scenario[]>();
  let fallback = initialDefault;

  const take = (key: string): Scenario | undefined => {
    const queue = queues.get(key);
    const next = queue?.shift();
    if (queue?.length === 0) queues.delete(key);
    return next;
  };

  return {
    push(scenarios, options = {}) {
      const key = options.route === 'models' ? MODELS_ROUTE : (options.model ?? ANY_MODEL);
      const queue = queues.get(key) ?? [];
      queue.push(...scenarios);
      if (queue.length > 0) queues.set(key, queue);
    },
    takeChat(model) {
      return take(model) ?? take(ANY_MODEL) ?? fallback;
    },
    takeModels() {
      return take(MODELS_ROUTE);
    },
    setDefault(scenario) {
      fallback = scenario;
    },
    pending() {
      let count = 0;
      for (const queue of queues.values()) count += queue.length;
      return count;
    },
    clear() {
      queues.clear();
      fallback = initialDefault;
    },
  };
}
