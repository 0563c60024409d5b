/**
 * The ledger store for several processes or machines: one Redis holds the
 * budgets, sums, reservations, alert state and recent records (see
 * ./redis-ledger-keys.ts for the layout, ./lua/ for the atomic steps). The
 * semantics are the embedded store's, whatever the number of processes:
 * reserve checks spend + open reservations + the worst case against the
 * limit and holds the room in one Lua script, so no admitted request can
 * take spend past the limit; settle and release end a reservation exactly
 * once by id; an alert threshold fires once per period.
 *
 * When Redis cannot be reached (`onUnavailable`):
 * - `fail-closed` (default): reserve is refused with a `store_unavailable`
 *   error, as are reads (budget status, usage). Requests already admitted
 *   still get recorded: their settle (and appends) go to the local fallback
 *   ledger, if there is one, and are replayed into Redis when it is back;
 *   their cost was already incurred, and dropping it would let the budget
 *   be overspent later.
 * - `fail-open`: reserve is admitted against the local fallback ledger
 *   (which knows only this machine's spend: the shared limit is not held
 *   meanwhile) and everything is recorded there, then replayed.
 * A replay is idempotent by record id, so nothing is counted twice, even
 * when a command's answer was lost after Redis had applied it.
 *
 * Requires Redis 6.2 or newer (XADD MINID) as one server or a primary
 * (Sentinel, a managed service); not Redis Cluster.
 */
import { isAegisError } from '../../errors.js';
import { openRedisConnection } from '../../redis/open-redis-connection.js';
import { systemClock, type Clock } from '../../time/clock.js';
import type { LedgerRecord } from '../ledger-record.js';
import { createStderrLogger, type Logger } from '../../log/logger.js';
import type { FinishOutcome, LedgerStore } from '../store.js';
import { createLocalFallback, type LocalFallback } from './create-local-fallback.js';
import { createRedisLedgerOps } from './redis-ledger-ops.js';
import { redisLedgerKeys } from './redis-ledger-keys.js';

export type StoreUnavailablePolicy = 'fail-closed' | 'fail-open';

export interface RedisLedgerStoreOptions {
  /** `redis://[[user]:password@]host:port/db` (or `rediss://` for TLS). May hold a password: never logged or shown. */
  url: string;
  /** Prefix of every key, so deployments can share one Redis. @default 'aegis:' */
  keyPrefix?: string;
  /** What happens while Redis is unreachable (see above). @default 'fail-closed' */
  onUnavailable?: StoreUnavailablePolicy;
  /** @default stderr */
  logger?: Logger;
  clock?: Clock;
  /**
   * Directory of the local fallback ledger (an embedded store) that records
   * requests while Redis is unreachable, replayed when it is back. Required
   * with `fail-open`; without it, `fail-closed` refuses settles too during
   * an outage (their reservations then free their room at lease end).
   */
  localFallbackDir?: string;
  /** How long records stay in the stream (and record ids are remembered for deduplication). @default 90 */
  recordRetentionDays?: number;
  /** Most records listRecent returns. @default 1000 */
  maxRecent?: number;
  /** How long the first connection may take before operations are refused. @default 2000 */
  connectTimeoutMs?: number;
  /** A command unanswered this long counts as Redis unreachable. @default 2000 */
  commandTimeoutMs?: number;
}

const ADVICE: Record<StoreUnavailablePolicy, string> = {
  'fail-closed':
    'New requests are refused until it is back (store.onUnavailable is "fail-closed"): start Redis or restore the network path to it, or set store.onUnavailable to "fail-open" to admit requests and record them locally meanwhile.',
  'fail-open': 'Start Redis or restore the network path to it; meanwhile requests are admitted and recorded locally (store.onUnavailable is "fail-open").',
};
const READ_ADVICE = 'Budget status, usage and recent records are read from it: start Redis or restore the network path to it.';

export function createRedisLedgerStore(options: RedisLedgerStoreOptions): LedgerStore {
  const policy = options.onUnavailable ?? 'fail-closed';
  const logger = options.logger ?? createStderrLogger();
  const clock = options.clock ?? systemClock;
  if (policy === 'fail-open' && options.localFallbackDir === undefined) {
    throw new Error('ledger: the Redis store needs localFallbackDir with onUnavailable "fail-open" (where requests are recorded meanwhile)');
  }
  const connection = openRedisConnection({
    url: options.url,
    logger,
    name: 'aegis-ledger',
    advice: ADVICE[policy],
    connectTimeoutMs: options.connectTimeoutMs,
    commandTimeoutMs: options.commandTimeoutMs,
  });
  const ops = createRedisLedgerOps({
    connection,
    keys: redisLedgerKeys(options.keyPrefix ?? 'aegis:'),
    clock,
    logger,
    recordRetentionMs: (options.recordRetentionDays ?? 90) * 24 * 60 * 60 * 1000,
    maxRecent: options.maxRecent ?? 1000,
    readAdvice: READ_ADVICE,
  });
  const fallback: LocalFallback | undefined =
    options.localFallbackDir === undefined
      ? undefined
      : createLocalFallback({
          dir: options.localFallbackDir,
          clock,
          logger,
          replay: (record) => ops.appendOnce(record),
          canReplay: () => connection.isReady(),
        });
  connection.onReady(() => {
    admittingLocally = false;
    fallback?.replaySoon();
  });
  let admittingLocally = false;
  let closed = false;

  const unavailable = (error: unknown): boolean => isAegisError(error) && error.kind === 'store_unavailable';
  const live = (): void => {
    if (closed) throw new Error('ledger: the store is closed');
  };

  /** A charge that could not reach Redis: kept locally for the replay, or refused without a fallback. */
  const spool = async (error: unknown, record: LedgerRecord | undefined): Promise<FinishOutcome> => {
    if (fallback === undefined || !unavailable(error)) throw error;
    if (record === undefined) {
      logger.warn('ledger: a release could not reach Redis; its reservation frees its room when its lease ends');
      return { status: 'charged' };
    }
    await fallback.spool(record);
    logger.warn('ledger: Redis unreachable; the request was recorded locally and will be replayed into Redis', { id: record.id });
    return { status: 'charged', record };
  };

  const finish = async (id: string, record: LedgerRecord | undefined, run: () => Promise<FinishOutcome>): Promise<FinishOutcome> => {
    live();
    if (fallback?.isLocal(id)) return fallback.finish(id, record);
    try {
      return await run();
    } catch (error) {
      return spool(error, record);
    }
  };

  return {
    async open() {
      live();
      try {
        await connection.run((client) => client.ping());
      } catch (error) {
        if (policy === 'fail-closed' || !unavailable(error)) throw error;
        return;
      }
      fallback?.replaySoon();
    },

    async reserve(input) {
      live();
      try {
        return await ops.reserve(input);
      } catch (error) {
        if (policy === 'fail-closed' || fallback === undefined || !unavailable(error)) throw error;
        if (!admittingLocally) {
          admittingLocally = true;
          logger.warn(
            'ledger: Redis unreachable; admitting requests against the local fallback ledger (fail-open): the shared budget is not enforced until it is back',
          );
        }
        return fallback.reserve(input);
      }
    },

    settle: (id, record) => finish(id, record, () => ops.settle(id, record)),
    release: (id, record) => finish(id, record, () => ops.release(id, record)),

    async append(record, drawFrom, drawMicroUsd) {
      live();
      try {
        // Spooled locally when Redis is down: the draw is then lost, which
        // only over-holds the allowance until it is released or lapses.
        return await ops.append(record, drawFrom, drawMicroUsd);
      } catch (error) {
        await spool(error, record);
        return { record, providerSpentMicroUsd: 0 };
      }
    },

    async retireAllowance(id, unusedMicroUsd) {
      live();
      // An allowance taken while Redis was down (fail-open) is the local ledger's.
      if (fallback?.isLocal(id)) return fallback.retireAllowance(id, unusedMicroUsd);
      return ops.retireAllowance(id, unusedMicroUsd);
    },

    async coverAllowance(id, cover) {
      live();
      if (fallback?.isLocal(id)) return fallback.coverAllowance(id, cover);
      return ops.coverAllowance(id, cover);
    },
    readReclaims: async (period) => {
      live();
      return ops.readReclaims(period);
    },

    markAlertFired: async (alert, delivery) => {
      live();
      return ops.markAlertFired(alert, delivery);
    },
    // No local fallback for alerts: while Redis is away they wait in the
    // process (createBudgetAlerts retries on the next charge; the notifier
    // on its next pass) rather than in a second outbox to reconcile.
    enqueueAlert: async (alert) => {
      live();
      return ops.enqueueAlert(alert);
    },
    claimAlerts: async (input) => {
      live();
      return ops.claimAlerts(input);
    },
    finishAlertAttempt: async (result) => {
      live();
      return ops.finishAlertAttempt(result);
    },
    readPeriod: async (period) => {
      live();
      return ops.readPeriod(period);
    },
    readUsage: async (query) => {
      live();
      return ops.readUsage(query);
    },
    readAlertDeliveries: async () => {
      live();
      return ops.readAlertDeliveries();
    },
    readTagUsage: async (period) => {
      live();
      return ops.readTagUsage(period);
    },
    listRecent: async (limit) => {
      live();
      return ops.listRecent(limit);
    },

    async close() {
      if (closed) return;
      closed = true;
      if (fallback !== undefined) {
        // A last replay if Redis is reachable: what stays local waits for the next start.
        // Redis may be back before this process noticed: ioredis retries at
        // growing intervals (up to a second apart), and a close between two
        // attempts left the records of a long outage local, maybe for good.
        if (!connection.isReady() && (await fallback.hasPending())) await connection.awaitReconnect();
        fallback.replaySoon();
        await fallback.close();
      }
      await connection.close();
    },
  };
}
