/**
 * HTTP-date per RFC 9110 §5.6.7: the preferred IMF-fixdate and the two
 * obsolete forms a recipient MUST accept (rfc850-date, asctime-date). Parsed
 * by hand because `Date.parse` accepts far more than HTTP allows (V8 reads
 * "hello 2" as a date) and reads asctime as local time, while every HTTP-date
 * is UTC.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

// Sun, 06 Nov 1994 08:49:37 GMT
const IMF_FIXDATE = new RegExp(`^(?:mon|tue|wed|thu|fri|sat|sun), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} gmt$`, 'i');
// Sunday, 06-Nov-94 08:49:37 GMT
const RFC850_DATE = new RegExp(`^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} gmt$`, 'i');
// Sun Nov  6 08:49:37 1994
const ASCTIME_DATE = new RegExp(`^(?:mon|tue|wed|thu|fri|sat|sun) ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`, 'i');

const FIFTY_YEARS_MS = 50 * 365.25 * 24 * 3600 * 1000;

/** Milliseconds since the epoch, or undefined when `value` is not an HTTP-date. */
export function parseHttpDate(value: string, now: number): number | undefined {
  const text = value.trim();
  let match = IMF_FIXDATE.exec(text);
  if (match) return utc(match[3], match[2], match[1], match[4], match[5], match[6]);

  match = RFC850_DATE.exec(text);
  if (match) {
    // §5.6.7: a two-digit year that looks more than 50 years in the future
    // means the most recent past year with the same last two digits.
    const century = Math.floor(new Date(now).getUTCFullYear() / 100) * 100;
    const year = century + Number(match[3]);
    const time = utc(String(year), match[2], match[1], match[4], match[5], match[6]);
    if (time !== undefined && time - now > FIFTY_YEARS_MS) {
      return utc(String(year - 100), match[2], match[1], match[4], match[5], match[6]);
    }
    return time;
  }

  match = ASCTIME_DATE.exec(text);
  if (match) return utc(match[6], match[1], match[2], match[3], match[4], match[5]);
  return undefined;
}

function utc(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
): number | undefined {
  const y = Number(year);
  const m = MONTHS.indexOf((month ?? '').toLowerCase());
  const d = Number((day ?? '').trim());
  const h = Number(hour);
  const min = Number(minute);
  // 60 allows a leap second; Date folds it into the next minute.
  const s = Number(second);
  // Years below 1000 are nonsense here, and Date.UTC would read 0-99 as 19xx.
  if (m < 0 || y < 1000 || h > 23 || min > 59 || s > 60) return undefined;
  // Reject days the month does not have (Date.UTC would roll 31 Feb into March).
  const daysInMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  if (d < 1 || d > daysInMonth) return undefined;
  return Date.UTC(y, m, d, h, min, s);
}
