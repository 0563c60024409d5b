/**
 * Shared set-up of the executor tests: routing options on fake (or real)
 * time, and upstreams that open scripted streams in turn.
 */
import type { RoutingSettings } from '../../config/types.js';
import { type AegisError, isAegisError } from '../../errors.js';
import type { Target } from '../../types.js';
import { systemClock, systemRandom, systemSleep } from '../../time/clock.js';
import { createCooldownTracker } from '../cooldown-tracker.js';
import { formatTarget } from '../parse-target.js';
import type { RunOptions } from '../run-options.js';
import { createFakeTime } from './fake-time.js';
import type { FakeStream } from './fake-stream.js';
import { routingSettings } from './routing-settings.js';

export function harness(overrides: Partial<RoutingSettings> = {}, real = false) {
  const time = createFakeTime();
  const settings = routingSettings(overrides);
  const clock = real ? systemClock : time.clock;
  const options: RunOptions = {
    settings,
    deadline: clock.now() + settings.requestTimeoutMs,
    clock,
    sleep: real ? systemSleep : time.sleep,
    random: real ? systemRandom : () => 0.5,
    cooldown: createCooldownTracker({ settings, clock }),
  };
  return { time, options };
}

/** Opens the next scripted stream of a target on each call. */
export function upstreams(script: Record<string, Array<FakeStream | AegisError>>) {
  const opened: Record<string, number> = {};
  const signals: AbortSignal[] = [];
  const open = async (target: Target, { signal }: { signal: AbortSignal }) => {
    const key = formatTarget(target);
    const n = opened[key] ?? 0;
    opened[key] = n + 1;
    signals.push(signal);
    const next = script[key]?.[n];
    if (next === undefined) throw new Error(`no stream scripted for ${key} #${n + 1}`);
    if (isAegisError(next)) throw next;
    return next;
  };
  return { open, opened, signals };
}
