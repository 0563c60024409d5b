import { AegisError } from '../errors.js';

/**
 * How far back a date range may start, in days, today included. The day
 * sums are the range's source, and every store keeps at least the last
 * 40 calendar days of them (the embedded store 40 day keys, which covers 40
 * calendar days; Redis 45 days): an older range would read as empty, not
 * as what happened.
 */
export const USAGE_RANGE_MAX_DAYS = 40;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The days `from`..`to` (`YYYY-MM-DD`, both included, in the ledger's time
 * zone) of a usage report, oldest first, checked against `today`: both
 * given, real calendar days, `from` not after `to`, `to` not after today,
 * and `from` within the last USAGE_RANGE_MAX_DAYS days.
 *
 * @throws AegisError `bad_request` naming the field (`from` or `to`).
 */
export function usageRangeDays(from: string | undefined, to: string | undefined, today: string): string[] {
  if (from === undefined || to === undefined) {
    const field = from === undefined ? 'from' : 'to';
    throw bad(field, `${field}: a date range needs both from and to (YYYY-MM-DD).`);
  }
  const start = dayNumber(from, 'from');
  const end = dayNumber(to, 'to');
  const now = dayNumber(today, 'to');
  if (start > end) throw bad('from', `from: ${from} is after to (${to}).`);
  if (end > now) throw bad('to', `to: ${to} is after today (${today}).`);
  if (now - start >= USAGE_RANGE_MAX_DAYS) {
    throw bad(
      'from',
      `from: ${from} is more than ${USAGE_RANGE_MAX_DAYS} days back; per-day figures are kept for the last ${USAGE_RANGE_MAX_DAYS} days (use the month totals for earlier months).`,
    );
  }
  const days: string[] = [];
  for (let day = start; day <= end; day += 1) days.push(new Date(day * 86_400_000).toISOString().slice(0, 10));
  return days;
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` that is a real day (`2026-02-30` is not). */
function dayNumber(value: string, field: 'from' | 'to'): number {
  const match = DAY_PATTERN.exec(value);
  if (match !== null) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, day);
    const back = new Date(ms);
    if (back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day) return ms / 86_400_000;
  }
  // The value is not quoted back: whatever was typed there stays out of the error.
  throw bad(field, `${field}: expected a real day as YYYY-MM-DD (2026-11-03).`);
}

function bad(field: 'from' | 'to', message: string): AegisError {
  return new AegisError('bad_request', message, { details: { field } });
}
