import { describe, expect, it } from 'vitest';
import { isAegisError } from '../../errors.js';
import { createPeriodCalendar } from './create-period-calendar.js';

const iso = (ms: number): string => new Date(ms).toISOString();

describe('createPeriodCalendar', () => {
  it('uses calendar months in UTC by default', () => {
    const p = createPeriodCalendar('UTC').at(Date.parse('2026-11-30T23:59:59.999Z'));
    expect(p.month).toBe('2026-11');
    expect(p.day).toBe('2026-11-30');
    expect(iso(p.monthStart)).toBe('2026-11-01T00:00:00.000Z');
    expect(iso(p.monthEnd)).toBe('2026-12-01T00:00:00.000Z');
  });

  it('starts the month at local midnight in the configured time zone', () => {
    const shanghai = createPeriodCalendar('Asia/Shanghai');
    // 16:30 UTC on Nov 30 is already Dec 1 00:30 in Shanghai (UTC+8).
    const p = shanghai.at(Date.parse('2026-11-30T16:30:00Z'));
    expect(p.month).toBe('2026-12');
    expect(p.day).toBe('2026-12-01');
    expect(iso(p.monthStart)).toBe('2026-11-30T16:00:00.000Z');
    expect(iso(p.monthEnd)).toBe('2026-12-31T16:00:00.000Z');
    expect(shanghai.at(Date.parse('2026-11-30T15:59:59Z')).month).toBe('2026-11');
  });

  it('handles a month that contains a DST change', () => {
    // New York: EST (UTC-5) from Nov 1 2026 02:00 local; October starts in EDT (UTC-4).
    const ny = createPeriodCalendar('America/New_York');
    const oct = ny.at(Date.parse('2026-10-15T12:00:00Z'));
    expect(iso(oct.monthStart)).toBe('2026-10-01T04:00:00.000Z');
    expect(iso(oct.monthEnd)).toBe('2026-11-01T04:00:00.000Z');
    const nov = ny.at(Date.parse('2026-11-15T12:00:00Z'));
    expect(iso(nov.monthStart)).toBe('2026-11-01T04:00:00.000Z');
    expect(iso(nov.monthEnd)).toBe('2026-12-01T05:00:00.000Z');
    expect(ny.monthBounds('2026-03')).toEqual({
      start: Date.parse('2026-03-01T05:00:00Z'),
      end: Date.parse('2026-04-01T04:00:00Z'),
    });
  });

  it('gives day bounds that tile time without gaps', () => {
    const cal = createPeriodCalendar('Europe/Berlin');
    let t = Date.parse('2026-03-27T00:00:00Z');
    for (let i = 0; i < 5; i += 1) {
      const day = cal.at(t);
      expect(t).toBeGreaterThanOrEqual(day.dayStart);
      expect(t).toBeLessThan(day.dayEnd);
      t = day.dayEnd;
    }
    // Mar 29 2026 is the 23-hour day (CET -> CEST).
    const short = cal.at(Date.parse('2026-03-29T12:00:00Z'));
    expect(short.dayEnd - short.dayStart).toBe(23 * 3600_000);
  });

  it('refuses an unknown time zone with invalid_config', () => {
    try {
      createPeriodCalendar('Mars/Olympus');
      expect.unreachable();
    } catch (error) {
      expect(isAegisError(error) && error.kind).toBe('invalid_config');
    }
  });
});
