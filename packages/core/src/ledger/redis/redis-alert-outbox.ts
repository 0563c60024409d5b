import type { RedisConnection } from '../../redis/open-redis-connection.js';
import { runLuaScript } from '../../redis/lua-script.js';
import type { Clock } from '../../time/clock.js';
import { isStoredAlertDelivery, MAX_OUTBOX_ENTRIES, UNREPORTED_ATTEMPT, type StoredAlertDelivery } from '../document/stored-alert-delivery.js';
import type { Logger } from '../../log/logger.js';
import type { ClaimedAlert, LedgerStore, OutboxAlert } from '../store.js';
import { CLAIM_ALERTS_SCRIPT, ENQUEUE_ALERT_SCRIPT, FINISH_ALERT_SCRIPT, FIRE_ALERT_SCRIPT } from './lua/alert-outbox-lua.js';
import { FIELD_SEPARATOR, type RedisLedgerKeys } from './redis-ledger-keys.js';

export interface RedisAlertOutboxOptions {
  connection: RedisConnection;
  keys: RedisLedgerKeys;
  clock: Clock;
  logger: Logger;
}

/** Alert state outlives its month's last write by this much, as the month sums do (redis-ledger-ops.ts). */
const ALERTS_TTL_MS = 400 * 24 * 60 * 60 * 1000;

export type RedisAlertOutbox = Pick<LedgerStore, 'markAlertFired' | 'enqueueAlert' | 'claimAlerts' | 'finishAlertAttempt'>;

/** Fired-alert state and the alert outbox on Redis, one script per step (see lua/alert-outbox-lua.ts). */
export function createRedisAlertOutbox(options: RedisAlertOutboxOptions): RedisAlertOutbox {
  const { connection, keys, clock, logger } = options;
  const outboxKeys = [...keys.outbox];

  const entryJson = (alert: OutboxAlert, now: number): string => {
    const entry: StoredAlertDelivery = {
      type: alert.type,
      body: alert.body,
      facts: alert.facts,
      state: 'pending',
      attempts: 0,
      queuedAt: now,
      dueAt: now,
    };
    return JSON.stringify(entry);
  };

  const logDropped = (dropped: unknown): void => {
    for (const json of Array.isArray(dropped) ? dropped : []) {
      const entry = JSON.parse(String(json)) as StoredAlertDelivery;
      logger.error('alert dropped from the outbox before it was delivered: too many alerts pending', { ...entry.facts });
    }
  };

  return {
    async markAlertFired(alert, delivery) {
      const now = clock.now();
      const state: Record<string, unknown> = { firedAt: alert.firedAt, spentMicroUsd: alert.spentMicroUsd, limitMicroUsd: alert.limitMicroUsd };
      if (delivery !== undefined) state.alertId = delivery.id;
      const [first, dropped] = (await connection.run((client) =>
        runLuaScript(
          client,
          FIRE_ALERT_SCRIPT,
          [keys.alerts(alert.period), ...outboxKeys],
          [
            now,
            // The limit is part of the field: a changed limit fires its thresholds afresh.
            `${alert.provider}${FIELD_SEPARATOR}${alert.threshold}${FIELD_SEPARATOR}${alert.limitMicroUsd}`,
            JSON.stringify(state),
            ALERTS_TTL_MS,
            delivery?.id ?? '',
            delivery === undefined ? '' : entryJson(delivery, now),
            MAX_OUTBOX_ENTRIES,
          ],
        ),
      )) as [number, unknown];
      logDropped(dropped);
      return first === 1;
    },

    async enqueueAlert(alert) {
      const now = clock.now();
      const [queued, dropped] = (await connection.run((client) =>
        runLuaScript(client, ENQUEUE_ALERT_SCRIPT, outboxKeys, [now, alert.id, entryJson(alert, now), MAX_OUTBOX_ENTRIES]),
      )) as [number, unknown];
      logDropped(dropped);
      return queued === 1;
    },

    async claimAlerts(input) {
      const now = clock.now();
      const [claimed, soonest] = (await connection.run((client) =>
        runLuaScript(client, CLAIM_ALERTS_SCRIPT, outboxKeys, [
          now,
          input.claim,
          input.leaseMs,
          input.maxAttempts,
          Math.max(0, input.limit),
          UNREPORTED_ATTEMPT,
        ]),
      )) as [string[], string | null];
      const alerts: ClaimedAlert[] = [];
      for (let i = 0; i + 1 < claimed.length; i += 2) {
        const id = claimed[i] as string;
        const entry: unknown = JSON.parse(claimed[i + 1] as string);
        if (!isStoredAlertDelivery(entry) || typeof entry.body !== 'string') continue;
        alerts.push({ id, type: entry.type, body: entry.body, facts: entry.facts, attempt: entry.attempts });
      }
      // Redis answers a Lua false as a nil reply.
      return soonest === null || soonest === undefined ? { alerts } : { alerts, nextDueInMs: Math.max(0, Number(soonest) - now) };
    },

    async finishAlertAttempt(result) {
      await connection.run((client) =>
        runLuaScript(client, FINISH_ALERT_SCRIPT, outboxKeys, [
          clock.now(),
          result.id,
          result.claim,
          result.outcome,
          result.retryInMs ?? 0,
          result.error ?? '',
        ]),
      );
    },
  };
}
