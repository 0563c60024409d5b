import type { RoutingSettings } from '../../config/types.js';

/** The documented defaults of RoutingSettings, with overrides. */
export function routingSettings(overrides: Partial<RoutingSettings> = {}): RoutingSettings {
  return {
    maxRetries: 2,
    maxRetryWaitMs: 5000,
    baseBackoffMs: 250,
    maxBackoffMs: 4000,
    requestTimeoutMs: 55_000,
    streamIdleTimeoutMs: 30_000,
    cooldown: { failures: 3, windowMs: 60_000, durationMs: 30_000 },
    fallbackOnContentFilter: false,
    ...overrides,
  };
}
