/** Redis stores for the tests: each on its own key prefix of one shared test server. */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../time/clock.js';
import type { Logger } from '../../../log/logger.js';
import type { LedgerStore } from '../../store.js';
import { createRedisLedgerStore, type RedisLedgerStoreOptions } from '../create-redis-ledger-store.js';

export function uniquePrefix(): string {
  return `test-${randomUUID().slice(0, 8)}:`;
}

export function redisTestStore(url: string, clock: Clock, logger: Logger, extra: Partial<RedisLedgerStoreOptions> = {}): LedgerStore {
  return createRedisLedgerStore({ url, keyPrefix: uniquePrefix(), clock, logger, connectTimeoutMs: 1000, ...extra });
}
