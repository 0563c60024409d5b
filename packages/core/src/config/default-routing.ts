import type { RoutingSettings } from './types.js';

/**
 * Routing defaults. The deadline for silence stays under the 60 s that MCP
 * clients commonly allow a tool call without progress; the backoff steps follow the
 * usual full-jitter exponential scheme (AWS Architecture Blog, "Exponential
 * Backoff And Jitter").
 */
export const DEFAULT_ROUTING: Readonly<RoutingSettings> = Object.freeze({
  maxRetries: 2,
  maxRetryWaitMs: 5000,
  baseBackoffMs: 250,
  maxBackoffMs: 4000,
  requestTimeoutMs: 55_000,
  maxRequestMs: 600_000,
  streamIdleTimeoutMs: 30_000,
  streamUpstream: true,
  cooldown: Object.freeze({ failures: 3, windowMs: 60_000, durationMs: 30_000 }),
  fallbackOnContentFilter: false,
});

/** Alert thresholds (percent of a limit) when a budget names none. */
export const DEFAULT_ALERT_THRESHOLDS: readonly number[] = [50, 80, 100];

/** @see AegisConfig.currency */
export const DEFAULT_CNY_PER_USD = 7.2;

export const DEFAULT_TIME_ZONE = 'UTC';

export const DEFAULT_HOME = '~/.aegis-llm';

/** @see RedisStoreSettings.keyPrefix */
export const DEFAULT_STORE_KEY_PREFIX = 'aegis:';

/** @see RedisStoreSettings.recordRetentionDays */
export const DEFAULT_RECORD_RETENTION_DAYS = 90;
