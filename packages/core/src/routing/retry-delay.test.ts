import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHttpDate } from '../transport/parse-http-date.js';
import { parseRetryAfter } from '../transport/parse-retry-after.js';
import { backoffDelay } from './retry-delay.js';

const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);

describe('parseRetryAfter', () => {
  it('prefers retry-after-ms (OpenAI) over Retry-After', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '1500', 'retry-after': '9' }, NOW)).toBe(1500);
    expect(parseRetryAfter(new Headers({ 'Retry-After-Ms': '20.4', 'Retry-After': '9' }), NOW)).toBe(21);
  });

  it('falls through to Retry-After when retry-after-ms is unreadable', () => {
    expect(parseRetryAfter({ 'retry-after-ms': 'soon', 'Retry-After': '2' }, NOW)).toBe(2000);
  });

  it('reads delta-seconds, case-insensitively, from Headers and plain objects', () => {
    expect(parseRetryAfter(new Headers({ 'Retry-After': '1' }), NOW)).toBe(1000);
    expect(parseRetryAfter({ 'RETRY-AFTER': ' 120 ' }, NOW)).toBe(120_000);
    expect(parseRetryAfter({ 'retry-after': ['3'] }, NOW)).toBe(3000);
  });

  it('reads an HTTP-date relative to now', () => {
    const inFive = new Date(NOW + 5000).toUTCString();
    expect(parseRetryAfter({ 'retry-after': inFive }, NOW)).toBe(5000);
  });

  it('turns negative values and past dates into 0', () => {
    expect(parseRetryAfter({ 'retry-after': '-3' }, NOW)).toBe(0);
    expect(parseRetryAfter({ 'retry-after-ms': '-10' }, NOW)).toBe(0);
    expect(parseRetryAfter({ 'retry-after': 'Sun, 06 Nov 1994 08:49:37 GMT' }, NOW)).toBe(0);
  });

  it('returns undefined for absent or garbage values', () => {
    expect(parseRetryAfter({}, NOW)).toBeUndefined();
    expect(parseRetryAfter(new Headers(), NOW)).toBeUndefined();
    for (const junk of ['', 'soon', 'hello 2', '1e3', '0x10', 'Mon, 32 Jan 2026 00:00:00 GMT', '5 apples']) {
      expect(parseRetryAfter({ 'retry-after': junk }, NOW), junk).toBeUndefined();
    }
  });

  it('never returns a negative or non-integer wait for any input', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (ms, ra) => {
        const wait = parseRetryAfter({ 'retry-after-ms': ms, 'retry-after': ra }, NOW);
        return wait === undefined || (Number.isInteger(wait) && wait >= 0);
      }),
    );
  });
});

describe('parseHttpDate', () => {
  const expected = Date.UTC(1994, 10, 6, 8, 49, 37);

  it('reads the three forms of RFC 9110 §5.6.7 as UTC', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBe(expected);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', NOW)).toBe(expected);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994', NOW)).toBe(expected);
  });

  it('reads a two-digit year more than 50 years ahead as the past century', () => {
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', NOW)).toBe(expected);
    expect(parseHttpDate('Friday, 06-Nov-26 08:49:37 GMT', NOW)).toBe(Date.UTC(2026, 10, 6, 8, 49, 37));
  });

  it('rejects impossible days and times', () => {
    expect(parseHttpDate('Tue, 31 Feb 2026 00:00:00 GMT', NOW)).toBeUndefined();
    expect(parseHttpDate('Tue, 10 Feb 2026 24:00:00 GMT', NOW)).toBeUndefined();
    expect(parseHttpDate('Tue, 10 Feb 2026 10:00:00 PST', NOW)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  const options = { baseMs: 250, maxMs: 4000 };

  it('doubles the ceiling each retry and caps it', () => {
    const almostOne = () => 0.999_999;
    expect(backoffDelay(1, options, almostOne)).toBe(249);
    expect(backoffDelay(2, options, almostOne)).toBe(499);
    expect(backoffDelay(3, options, almostOne)).toBe(999);
    expect(backoffDelay(10, options, almostOne)).toBe(3999);
    expect(backoffDelay(10_000, options, almostOne)).toBe(3999);
  });

  it('uses full jitter: anywhere from 0 up to the ceiling', () => {
    expect(backoffDelay(3, options, () => 0)).toBe(0);
    expect(backoffDelay(3, options, () => 0.5)).toBe(500);
  });

  it('stays within [0, maxMs] for any attempt and random value', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 2000 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const wait = backoffDelay(attempt, options, () => r);
        return Number.isInteger(wait) && wait >= 0 && wait <= options.maxMs;
      }),
    );
  });
});
