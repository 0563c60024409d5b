import { AegisError } from '../../errors.js';

/** Where an instant falls in the budget calendar of a time zone. */
export interface CalendarPeriod {
  /** `2026-11`: the budget period key. */
  month: string;
  /** `2026-11-03` */
  day: string;
  /** First instant of the month in the time zone, epoch ms. */
  monthStart: number;
  /** First instant of the next month, epoch ms: when the budget resets. */
  monthEnd: number;
  dayStart: number;
  dayEnd: number;
}

export interface PeriodCalendar {
  readonly timeZone: string;
  at(timeMs: number): CalendarPeriod;
  /** Start and end (the reset) of a month key such as `2026-11`, epoch ms. */
  monthBounds(month: string): { start: number; end: number };
}

/**
 * Budget months are calendar months in a configured IANA time zone, found with
 * Intl.DateTimeFormat (the tz database the runtime ships), so a budget in
 * `Asia/Shanghai` resets at local midnight on the 1st, DST and all. Periods
 * change lazily: a new key when the clock passes the boundary, no cron.
 */
export function createPeriodCalendar(timeZone: string): PeriodCalendar {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch (error) {
    throw new AegisError('invalid_config', `Unknown time zone "${timeZone}": use an IANA name such as UTC or Europe/Berlin.`, {
      cause: error,
    });
  }

  const wall = (ms: number): { y: number; m: number; d: number; h: number; mi: number; s: number } => {
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(ms)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
    return { y: parts.year ?? 0, m: parts.month ?? 1, d: parts.day ?? 1, h: parts.hour ?? 0, mi: parts.minute ?? 0, s: parts.second ?? 0 };
  };
  /** Local time minus UTC at `ms`, in ms. */
  const offsetAt = (ms: number): number => {
    const w = wall(ms);
    return Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
  };
  /** The instant of local midnight starting the given date (month and day may overflow; Date.UTC normalises). */
  const midnight = (y: number, m: number, d: number): number => {
    const guess = Date.UTC(y, m - 1, d);
    const first = guess - offsetAt(guess);
    // Second pass: the offset at the answer may differ from the guess's (a DST change in between).
    return guess - offsetAt(first);
  };

  // One day's answer is kept: requests come in bursts within the same day.
  let last: CalendarPeriod | undefined;

  return {
    timeZone,
    at(timeMs) {
      if (last !== undefined && timeMs >= last.dayStart && timeMs < last.dayEnd) return last;
      const w = wall(timeMs);
      const pad = (n: number): string => String(n).padStart(2, '0');
      const month = `${w.y}-${pad(w.m)}`;
      last = {
        month,
        day: `${month}-${pad(w.d)}`,
        monthStart: midnight(w.y, w.m, 1),
        monthEnd: midnight(w.y, w.m + 1, 1),
        dayStart: midnight(w.y, w.m, w.d),
        dayEnd: midnight(w.y, w.m, w.d + 1),
      };
      return last;
    },
    monthBounds(month) {
      const [year, monthNumber] = month.split('-').map(Number) as [number, number];
      return { start: midnight(year, monthNumber, 1), end: midnight(year, monthNumber + 1, 1) };
    },
  };
}
