/**
 * The days of `period` (`2026-11`) from the 1st up to today in `timeZone`
 * (the whole month when today is past it): the dashboard's x axis, matching
 * the ledger's own day keys.
 */
export function daysOfMonthSoFar(period: string, timeZone: string, now: Date): string[] {
  const [year, month] = period.split('-').map(Number);
  if (year === undefined || month === undefined || !Number.isInteger(year) || !Number.isInteger(month)) return [];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  // en-CA formats as YYYY-MM-DD.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const upTo = today.startsWith(`${period}-`) ? Number(today.slice(8, 10)) : today < period ? 1 : lastDay;
  const days: string[] = [];
  for (let day = 1; day <= upTo; day += 1) days.push(`${period}-${String(day).padStart(2, '0')}`);
  return days;
}

/** Today (`2026-11-03`) in `timeZone`: the ledger's day key for now. */
export function todayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
