/** Moves a month key by `delta` months: (`2026-12`, 1) -> `2027-01`, (`2026-01`, -1) -> `2025-12`. */
export function shiftMonthKey(month: string, delta: number): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (monthNumber - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
