import { unpackTagHash } from './unpack-tag-hash.js';
import type { RedisConnection } from '../../redis/open-redis-connection.js';
import type { Clock } from '../../time/clock.js';
import type { LedgerRecord } from '../ledger-record.js';
import type { Logger } from '../../log/logger.js';
import { parseLedgerLine } from '../parse-ledger-line.js';
import { buildPeriodSnapshot } from '../build-period-snapshot.js';
import { setOwn } from '../../util/own-entry.js';
import { isStoredAlertDelivery, toDeliveryStatus } from '../document/stored-alert-delivery.js';
import type { AlertDeliveryStatus, FiredAlert, LedgerStore, PeriodSnapshot, StoredReservation, UsageAggregates } from '../store.js';
import { execResults } from './exec-results.js';
import { FIELD_SEPARATOR, type RedisLedgerKeys } from './redis-ledger-keys.js';
import { unpackHashUsage } from './unpack-hash-usage.js';

export interface RedisLedgerReadsOptions {
  connection: RedisConnection;
  keys: RedisLedgerKeys;
  clock: Clock;
  logger: Logger;
  /** Most records listRecent returns. */
  maxRecent: number;
  /** Advice of a refused read. */
  readAdvice: string;
}

/**
 * The Redis ledger's queries: budget period, usage sums, recent records.
 * Each is one round trip; the period is one MULTI, so sums, reservations
 * and alerts are of the same instant. O(providers x models + open
 * reservations), whatever the history.
 */
export function createRedisLedgerReads(
  options: RedisLedgerReadsOptions,
): Pick<LedgerStore, 'readPeriod' | 'readUsage' | 'readTagUsage' | 'readAlertDeliveries' | 'listRecent'> {
  const { connection, keys, clock, logger } = options;
  const read = <T>(operation: Parameters<RedisConnection['run']>[0]): Promise<T> => connection.run(operation, options.readAdvice) as Promise<T>;

  return {
    async readPeriod(period): Promise<PeriodSnapshot> {
      const [month, reservations, alertHash] = await read<[Record<string, string>, string[], Record<string, string>]>((client) =>
        client.multi().hgetall(keys.month(period)).hvals(keys.reservations).hgetall(keys.alerts(period)).exec().then(execResults),
      );
      const alerts: FiredAlert[] = [];
      const delivered = new Map<string, FiredAlert>();
      for (const [field, json] of Object.entries(alertHash)) {
        // `provider\0threshold\0limit` (`provider\0threshold` before limits re-armed alerts).
        const [provider = '', threshold = ''] = field.split(FIELD_SEPARATOR);
        const { alertId, ...state } = JSON.parse(json) as Pick<FiredAlert, 'firedAt' | 'spentMicroUsd' | 'limitMicroUsd'> & { alertId?: string };
        const alert: FiredAlert = { period, provider, threshold: Number(threshold), ...state };
        if (typeof alertId === 'string') delivered.set(alertId, alert);
        alerts.push(alert);
      }
      if (delivered.size > 0) {
        // A second round trip, only when alerts of the period were queued for the webhook.
        const ids = [...delivered.keys()];
        const entries = await read<Array<string | null>>((client) => client.hmget(keys.outbox[0], ...ids));
        ids.forEach((id, index) => {
          const json = entries[index];
          const entry: unknown = typeof json === 'string' ? JSON.parse(json) : undefined;
          if (isStoredAlertDelivery(entry)) delivered.get(id)!.delivery = toDeliveryStatus(id, entry);
        });
      }
      return buildPeriodSnapshot({
        period,
        usage: unpackHashUsage(month),
        reservations: reservations.map((json) => JSON.parse(json) as StoredReservation),
        alerts,
        now: clock.now(),
      });
    },

    async readUsage(query): Promise<UsageAggregates> {
      const months = query.months ?? [];
      const days = query.days ?? [];
      const replies = await read<Array<Record<string, string>>>((client) => {
        const pipeline = client.pipeline();
        for (const month of months) pipeline.hgetall(keys.month(month));
        for (const day of days) pipeline.hgetall(keys.day(day));
        return pipeline.exec().then(execResults);
      });
      const pick = (names: string[], offset: number): UsageAggregates['months'] => {
        const out: UsageAggregates['months'] = {};
        names.forEach((name, index) => {
          const hash = replies[offset + index] ?? {};
          if (Object.keys(hash).length > 0) setOwn(out, name, unpackHashUsage(hash));
        });
        return out;
      };
      return { months: pick(months, 0), days: pick(days, months.length) };
    },

    async readAlertDeliveries() {
      const entries = await read<Record<string, string>>((client) => client.hgetall(keys.outbox[0]));
      const out: AlertDeliveryStatus[] = [];
      for (const [id, json] of Object.entries(entries)) {
        const entry: unknown = JSON.parse(json);
        if (isStoredAlertDelivery(entry)) out.push(toDeliveryStatus(id, entry));
      }
      return out;
    },

    async readTagUsage(period) {
      return unpackTagHash(await read<Record<string, string>>((client) => client.hgetall(keys.tags(period))));
    },

    async listRecent(limit) {
      const count = Math.max(0, Math.min(limit, options.maxRecent));
      if (count === 0) return [];
      const entries = await read<Array<[string, string[]]>>((client) => client.xrevrange(keys.records, '+', '-', 'COUNT', count));
      const records: LedgerRecord[] = [];
      for (const [, fields] of entries) {
        const record = parseLedgerLine(fields[1] ?? '');
        if (record === undefined) logger.warn('ledger: skipped a stored record that is not valid');
        else records.push(record);
      }
      return records;
    },
  };
}
