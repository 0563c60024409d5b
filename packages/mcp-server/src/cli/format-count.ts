/** `1008192` -> `1M`, `131072` -> `131K`, `8192` -> `8K`; undefined -> `?`. */
export function formatCount(value: number | undefined): string {
  if (value === undefined) return '?';
  if (value >= 1_000_000) return `${Math.round(value / 100_000) / 10}M`.replace('.0M', 'M');
  if (value >= 1_000) return `${Math.round(value / 1_000)}K`;
  return String(value);
}
