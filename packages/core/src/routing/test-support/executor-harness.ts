/** Shared setup of the executor tests. */
import type { RoutingSettings } from '../../config/types.js';
import type { Target } from '../../types.js';
import { createCooldownTracker } from '../cooldown-tracker.js';
import type { RunOptions } from '../run-options.js';
import { createFakeTime } from './fake-time.js';
import { routingSettings } from './routing-settings.js';

export const A: Target = { provider: 'dashscope', model: 'qwen-plus' };
export const B: Target = { provider: 'openai', model: 'gpt-4o-mini' };
export const C: Target = { provider: 'ollama', model: 'qwen2.5:7b' };

/** Fake time, a fresh tracker and the default settings (with overrides). */
export function harness(overrides: Partial<RoutingSettings> = {}) {
  const time = createFakeTime();
  const settings = routingSettings(overrides);
  const cooldown = createCooldownTracker({ settings, clock: time.clock });
  const options: RunOptions = {
    settings,
    deadline: time.clock.now() + settings.requestTimeoutMs,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    cooldown,
  };
  return { time, cooldown, options };
}

/** `provider:outcome` per attempt, for compact assertions. */
export const outcomes = (attempts: { provider: string; outcome: string }[]) => attempts.map((a) => `${a.provider}:${a.outcome}`);

