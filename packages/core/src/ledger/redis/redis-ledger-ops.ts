import { runLuaScript } from '../../redis/lua-script.js';
import { chargeAgainstReservation, warnAboveWorstCase } from '../charge-against-reservation.js';
import type { LedgerRecord } from '../ledger-record.js';
import type { AppendOutcome, BudgetRefusal, FinishOutcome, LedgerStore, ReserveInput, ReserveOutcome, StoredReservation } from '../store.js';
import { expiryCharge } from '../expiry-charge.js';
import { APPEND_SCRIPT } from './lua/append-lua.js';
import { COVER_SCRIPT } from './lua/cover-lua.js';
import { FINISH_SCRIPT } from './lua/finish-lua.js';
import { RESERVE_SCRIPT } from './lua/reserve-lua.js';
import { RETIRE_SCRIPT } from './lua/retire-lua.js';
import { recordDeltas } from './record-deltas.js';
import { summedTags } from '../summed-tags.js';
import { createRedisAlertOutbox } from './redis-alert-outbox.js';
import { createRedisLedgerReads, type RedisLedgerReadsOptions } from './redis-ledger-reads.js';
import { FIELD_SEPARATOR } from './redis-ledger-keys.js';
import { splitTagScope } from '../../tags/tag-scope.js';

export interface RedisLedgerOpsOptions extends RedisLedgerReadsOptions {
  /** How long records (and the ids append deduplicates by) are kept. */
  recordRetentionMs: number;
}

/** The ledger operations on Redis alone: an outage throws `store_unavailable`; the policy is the caller's. */
export type RedisLedgerOps = Omit<LedgerStore, 'open' | 'close'> & {
  /** Like append, and says whether the id was already recorded (nothing charged again). */
  appendOnce(record: LedgerRecord, drawFrom?: string, drawMicroUsd?: number): Promise<AppendOutcome & { duplicate: boolean }>;
};

const DAY_MS = 24 * 60 * 60 * 1000;
/** Sums of a month outlive its last write by this much (the embedded store keeps 13 months). */
const MONTH_TTL_MS = 400 * DAY_MS;
/** Day sums: the dashboard shows the current month (the embedded store keeps 40 days). */
const DAY_TTL_MS = 45 * DAY_MS;
/** As the embedded store: an expired reservation is remembered an hour, at most 500 of them. */
const EXPIRED_KEEP_MS = 60 * 60 * 1000;
const MAX_EXPIRED = 500;
/** Attempts of a settle whose reservation id is being reused concurrently (never seen in practice). */
const FINISH_ATTEMPTS = 5;

/** The charge block's tag part: the count, then name/value pairs (charge-lua.ts). */
function tagArgs(record: LedgerRecord): string[] {
  const pairs = summedTags(record);
  return [String(pairs.length), ...pairs.flat()];
}

export function createRedisLedgerOps(options: RedisLedgerOpsOptions): RedisLedgerOps {
  const { connection, keys, clock, logger } = options;
  let duplicates = 0;
  const leaseKeys = [keys.reservations, keys.leases, keys.reserved, keys.expired, keys.expiredAt];
  const leaseArgs = (): Array<string | number> => [clock.now(), EXPIRED_KEEP_MS, MAX_EXPIRED];
  const chargeKeys = (period: string, day: string): string[] => [
    ...leaseKeys,
    keys.month(period),
    keys.spent(period),
    keys.day(day),
    keys.records,
    keys.recordIds,
    keys.tags(period),
    keys.tagCounts(period),
  ];
  const chargeArgs = (record: LedgerRecord | undefined, provider: string, model: string): Array<string | number> => [
    record === undefined ? '' : JSON.stringify(record),
    provider,
    model,
    options.recordRetentionMs,
    MONTH_TTL_MS,
    DAY_TTL_MS,
    ...(record === undefined ? [] : tagArgs(record)),
    ...(record === undefined ? [] : recordDeltas(record)),
  ];

  /**
   * Charges the reservations a script found past their lease (lease-lua.ts
   * claimed them for this caller): each through the finish script with its
   * expiry charge (expiry-charge.ts). In the background: the operation that
   * found them does not wait, and until charged they hold their room.
   */
  const logExpired = (expired: unknown): void => {
    for (const json of Array.isArray(expired) ? expired : []) {
      const reservation = JSON.parse(String(json)) as StoredReservation;
      const record = expiryCharge(reservation, clock.now());
      logger.warn('ledger: reservation expired unsettled (its process likely died with it in flight); charged its worst case', {
        id: reservation.id,
        provider: reservation.provider,
        model: reservation.model,
        chargedMicroUsd: record?.costMicroUsd ?? 0,
      });
      finishRead(reservation.id, String(json), reservation, record).catch((error: unknown) => {
        logger.warn('ledger: could not charge an expired reservation yet; another operation will', { id: reservation.id, error: String(error) });
      });
    }
  };

  const appendOnce: RedisLedgerOps['appendOnce'] = async (record, drawFrom, drawMicroUsd) => {
    const reply = (await connection.run((client) =>
      runLuaScript(client, APPEND_SCRIPT, chargeKeys(record.period, record.day), [
        ...leaseArgs(),
        record.id,
        drawFrom ?? '',
        drawFrom === undefined ? 0 : (drawMicroUsd ?? record.costMicroUsd ?? 0),
        ...chargeArgs(record, record.provider, record.model),
      ]),
    )) as [string, number, unknown];
    logExpired(reply[2]);
    const duplicate = reply[0] === 'duplicate';
    if (duplicate) {
      // An import run twice meets every id again: the first few are worth a line each, then one per thousand.
      duplicates += 1;
      if (duplicates <= 10 || duplicates % 1000 === 0) {
        logger.warn('ledger: a record with this id is already in the ledger; not charged again', { id: record.id, duplicates });
      }
    }
    return { record, providerSpentMicroUsd: Number(reply[1]), duplicate };
  };

  const finish = async (id: string, record: LedgerRecord | undefined): Promise<FinishOutcome> => {
    for (let attempt = 0; attempt < FINISH_ATTEMPTS; attempt += 1) {
      // The reservation names the period and day to charge, hence the keys the script declares.
      const [open, expired] = await connection.run((client) => Promise.all([client.hget(keys.reservations, id), client.hget(keys.expired, id)]));
      const json = open ?? expired;
      if (json === null) return duplicate(id);
      const reservation = JSON.parse(json) as StoredReservation;
      const outcome = await finishRead(id, json, reservation, record && chargeAgainstReservation(id, record, reservation));
      if (outcome !== 'retry') return outcome;
    }
    throw new Error(`ledger: the reservation ${id} kept changing while being settled`);
  };

  /** One try of the finish script on the reservation as read (`json`); `retry` when it changed since. */
  const finishRead = async (id: string, json: string, reservation: StoredReservation, charged: LedgerRecord | undefined): Promise<FinishOutcome | 'retry'> => {
    const reply = (await connection.run((client) =>
      runLuaScript(client, FINISH_SCRIPT, chargeKeys(reservation.period, reservation.day), [
        ...leaseArgs(),
        id,
        json,
        ...chargeArgs(charged, reservation.provider, reservation.model),
      ]),
    )) as [string, number, unknown];
    logExpired(reply[2]);
    const status = reply[0];
    if (status === 'retry') return 'retry';
    if (status === 'duplicate') return duplicate(id);
    if (status === 'late') {
      logger.warn('ledger: reservation settled after its lease expired; charged, but its room may have been reused', {
        id,
        provider: reservation.provider,
      });
    }
    if (charged === undefined) return { status: status as FinishOutcome['status'] };
    warnAboveWorstCase(logger, charged, reservation.amountMicroUsd);
    return { status: status as FinishOutcome['status'], record: charged, providerSpentMicroUsd: Number(reply[1]) };
  };

  const duplicate = (id: string): FinishOutcome => {
    logger.warn('ledger: settle or release of an id already finished; nothing charged again', { id });
    return { status: 'duplicate' };
  };

  const reads = createRedisLedgerReads(options);

  return {
    async reserve(input: ReserveInput): Promise<ReserveOutcome> {
      const reservation: StoredReservation = {
        id: input.id,
        provider: input.provider,
        model: input.model,
        period: input.period,
        day: input.day,
        expiresAt: input.expiresAt,
      };
      if (input.amountMicroUsd !== undefined) reservation.amountMicroUsd = input.amountMicroUsd;
      if (input.allowance !== undefined) {
        // Both cover fields from the start: the cover script edits them in place.
        reservation.allowance = 'live';
        reservation.coverSeq = 0;
        reservation.coverMicroUsd = 0;
      }
      const tagLimits = input.allowance === undefined ? (input.tagLimits ?? []) : [];
      if (tagLimits.length > 0) reservation.tags = tagLimits.map((limit) => limit.tag);
      const reply = (await connection.run((client) =>
        runLuaScript(
          client,
          RESERVE_SCRIPT,
          [...leaseKeys, keys.month(input.period), keys.spent(input.period), keys.reclaims, keys.tags(input.period)],
          [
            ...leaseArgs(),
            input.id,
            JSON.stringify(reservation),
            input.period,
            input.provider,
            input.model,
            input.amountMicroUsd ?? '',
            input.expiresAt,
            input.limits?.providerMicroUsd ?? '',
            input.limits?.modelMicroUsd ?? '',
            input.allowance?.minMicroUsd ?? '',
            input.reclaimMs ?? '',
            tagLimits.length,
            ...tagLimits.flatMap(({ tag, limitMicroUsd }) => [tag, splitTagScope(tag).join(FIELD_SEPARATOR) + FIELD_SEPARATOR, limitMicroUsd]),
            MONTH_TTL_MS,
          ],
        ),
      )) as unknown[];
      logExpired(reply.at(-1));
      if (reply[0] === 'refused') {
        const refusal: BudgetRefusal = {
          scope: reply[1] as BudgetRefusal['scope'],
          spentMicroUsd: Number(reply[2]),
          reservedMicroUsd: Number(reply[3]),
          limitMicroUsd: Number(reply[4]),
          requestMicroUsd: input.amountMicroUsd,
        };
        if (Number(reply[5]) > 0) refusal.allowanceMicroUsd = Number(reply[5]);
        if (refusal.scope === 'tag') refusal.tag = String(reply[6]);
        return { admitted: false, refusal };
      }
      return { admitted: true, reservation: JSON.parse(String(reply[1])) as StoredReservation, repeated: reply[0] === 'repeated' };
    },

    settle: (id, record) => finish(id, record),
    release: (id, record) => finish(id, record),

    async append(record, drawFrom, drawMicroUsd) {
      const { duplicate: _duplicate, ...outcome } = await appendOnce(record, drawFrom, drawMicroUsd);
      return outcome;
    },
    appendOnce,

    async retireAllowance(id, unusedMicroUsd) {
      const reply = (await connection.run((client) =>
        runLuaScript(client, RETIRE_SCRIPT, leaseKeys, [...leaseArgs(), id, Math.max(0, Math.round(unusedMicroUsd))]),
      )) as [number, unknown];
      logExpired(reply[1]);
    },

    async coverAllowance(id, cover) {
      const reply = (await connection.run((client) =>
        runLuaScript(client, COVER_SCRIPT, leaseKeys, [...leaseArgs(), id, Math.floor(cover.seq), Math.max(0, Math.round(cover.microUsd))]),
      )) as [number, unknown];
      logExpired(reply[1]);
    },

    async readReclaims(period) {
      const marks = await connection.run((client) => client.hgetall(keys.reclaims));
      const now = clock.now();
      const prefix = `${period}${FIELD_SEPARATOR}`;
      return Object.entries(marks)
        .filter(([field, until]) => field.startsWith(prefix) && Number(until) > now)
        .map(([field]) => field.slice(prefix.length));
    },

    ...createRedisAlertOutbox(options),

    ...reads,
  };
}
