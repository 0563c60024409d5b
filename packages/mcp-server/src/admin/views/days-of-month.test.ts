import { expect, test } from 'vitest';
import { daysOfMonthSoFar } from './days-of-month.js';

test('from the 1st to today in the time zone', () => {
  expect(daysOfMonthSoFar('2026-11', 'UTC', new Date('2026-11-03T12:00:00Z'))).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
  // Already the 4th in Tokyo.
  expect(daysOfMonthSoFar('2026-11', 'Asia/Tokyo', new Date('2026-11-03T20:00:00Z')).at(-1)).toBe('2026-11-04');
});

test('a past month is listed whole, February included', () => {
  expect(daysOfMonthSoFar('2026-02', 'UTC', new Date('2026-11-03T12:00:00Z'))).toHaveLength(28);
  expect(daysOfMonthSoFar('2028-02', 'UTC', new Date('2028-03-01T00:00:00Z'))).toHaveLength(29);
});
