/**
 * Where the Redis ledger keeps what, under the configured prefix (`aegis:`):
 *
 * | key                              | type   | holds                                                   |
 * | -------------------------------- | ------ | ------------------------------------------------------- |
 * | ledger:reservations              | hash   | id -> open reservation (JSON)                           |
 * | ledger:leases                    | zset   | id -> lease end (epoch ms)                              |
 * | ledger:reserved                  | hash   | `period\0provider[\0model]` -> micro-USD held           |
 * | ledger:expired, ledger:expired-at | hash, zset | reservations whose lease ran out, kept an hour    |
 * | ledger:reclaims                  | hash   | `period\0provider` -> epoch ms its allowances are asked back until |
 * | ledger:month:<YYYY-MM>           | hash   | `provider\0model\0field` -> sum (UsageTotals fields)    |
 * | ledger:spent:<YYYY-MM>           | hash   | provider -> micro-USD spent                              |
 * | ledger:day:<YYYY-MM-DD>          | hash   | like month, per day                                     |
 * | ledger:tags:<YYYY-MM>            | hash   | `name\0value\0field` -> sum, per tag pair (`name\0\0field`: values past the bound) |
 * | ledger:tag-counts:<YYYY-MM>      | hash   | tag name -> distinct values summed                      |
 * | ledger:alerts:<YYYY-MM>          | hash   | `provider\0threshold\0limit` -> fired alert (JSON)      |
 * | ledger:outbox                    | hash   | alert id -> delivery entry (JSON), bounded               |
 * | ledger:outbox-due, -held, -queued | zset  | alert id -> due / claim lapse / queued (epoch ms)        |
 * | ledger:records                   | stream | `r` -> record JSON, trimmed by age                      |
 * | ledger:record-ids                | zset   | record id -> time recorded, trimmed with the stream     |
 *
 * Several deployments can share one Redis under different prefixes.
 */
export interface RedisLedgerKeys {
  reservations: string;
  leases: string;
  reserved: string;
  expired: string;
  expiredAt: string;
  reclaims: string;
  records: string;
  recordIds: string;
  month(period: string): string;
  spent(period: string): string;
  day(day: string): string;
  alerts(period: string): string;
  tags(period: string): string;
  tagCounts(period: string): string;
  /** The alert outbox: OB, DUE, HELD, QUEUED (see lua/alert-outbox-lua.ts). */
  outbox: readonly [string, string, string, string];
}

export function redisLedgerKeys(prefix: string): RedisLedgerKeys {
  const key = (name: string): string => `${prefix}ledger:${name}`;
  return {
    reservations: key('reservations'),
    leases: key('leases'),
    reserved: key('reserved'),
    expired: key('expired'),
    expiredAt: key('expired-at'),
    reclaims: key('reclaims'),
    records: key('records'),
    recordIds: key('record-ids'),
    month: (period) => key(`month:${period}`),
    spent: (period) => key(`spent:${period}`),
    day: (day) => key(`day:${day}`),
    alerts: (period) => key(`alerts:${period}`),
    tags: (period) => key(`tags:${period}`),
    tagCounts: (period) => key(`tag-counts:${period}`),
    outbox: [key('outbox'), key('outbox-due'), key('outbox-held'), key('outbox-queued')],
  };
}

/** Separates provider, model and field inside hash field names. */
export const FIELD_SEPARATOR = '\u0000';
