import { join } from 'node:path';
import type { AegisConfig } from '../config/types.js';
import type { Clock } from '../time/clock.js';
import { openEmbeddedStore } from '../ledger/embedded/open-embedded-store.js';
import type { Logger } from '../log/logger.js';
import { createRedisLedgerStore } from '../ledger/redis/create-redis-ledger-store.js';
import type { LedgerStore } from '../ledger/store.js';
import type { BudgetBookStore } from '../ledger/shared-budgets/budget-book.js';
import { openEmbeddedBudgetBook } from '../ledger/shared-budgets/embedded-budget-book.js';
import { openRedisBudgetBook } from '../ledger/shared-budgets/redis-budget-book.js';
import { createMemoryCooldownStore, type CooldownStore } from '../routing/cooldown-store.js';
import { createRedisCooldownStore } from '../routing/redis-cooldown-store.js';

export interface StoresFromConfigOptions {
  clock: Clock;
  logger: Logger;
  /** Build the ledger store. @default true */
  ledger?: boolean;
  /** Build the cooldown store. @default true */
  cooldown?: boolean;
}

export interface ConfiguredStores {
  ledgerStore?: LedgerStore;
  /** The budgets every process on the store enforces (built with the ledger store). */
  budgetBook?: BudgetBookStore;
  cooldownStore?: CooldownStore;
  /** Closes what was built (connections, files); idempotent, and safe after the ledger closed its store. */
  close(): Promise<void>;
}

/** Where the local fallback ledger of a Redis store lives: requests recorded while Redis is unreachable. */
export const REDIS_FALLBACK_DIR = 'ledger-fallback';

/**
 * The stores `config.store` names, for createGateway: the embedded ledger in
 * `<home>/ledger` with per-process cooldowns (the default), or one Redis for
 * the ledger and the cooldowns, with its local fallback ledger in
 * `<home>/ledger-fallback`. Nothing connects or touches a file before use
 * except the Redis connections, which start connecting at once.
 */
export function createStoresFromConfig(config: Pick<AegisConfig, 'home' | 'store'>, options: StoresFromConfigOptions): ConfiguredStores {
  const { clock, logger } = options;
  const wantLedger = options.ledger ?? true;
  const wantCooldown = options.cooldown ?? true;
  const store = config.store;
  if (store.kind === 'embedded') {
    const ledgerStore = wantLedger ? openEmbeddedStore({ dir: join(config.home, 'ledger'), clock, logger }) : undefined;
    const budgetBook = wantLedger ? openEmbeddedBudgetBook({ dir: join(config.home, 'ledger'), logger }) : undefined;
    return {
      ledgerStore,
      budgetBook,
      cooldownStore: wantCooldown ? createMemoryCooldownStore() : undefined,
      close: async () => {
        await ledgerStore?.close();
        await budgetBook?.close();
      },
    };
  }
  const common = { url: store.url, keyPrefix: store.keyPrefix, logger };
  const ledgerStore = wantLedger
    ? createRedisLedgerStore({
        ...common,
        clock,
        onUnavailable: store.onUnavailable,
        localFallbackDir: join(config.home, REDIS_FALLBACK_DIR),
        recordRetentionDays: store.recordRetentionDays,
      })
    : undefined;
  const budgetBook = wantLedger ? openRedisBudgetBook(common) : undefined;
  const cooldownStore = wantCooldown ? createRedisCooldownStore(common) : undefined;
  return {
    ledgerStore,
    budgetBook,
    cooldownStore,
    async close() {
      await Promise.all([ledgerStore?.close(), budgetBook?.close(), cooldownStore?.close()]);
    },
  };
}
