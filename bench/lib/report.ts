import { round } from './stats.ts';

export type Verdict = 'PASS' | 'MISS' | 'info' | 'info (quick)' | 'skipped';

/** One line of the results table. */
export interface Row {
  /** The item of the issue the row measures: issue 8's 1-6, or issue 19's where the row says so in its section. */
  item: number;
  measure: string;
  /** The median (p50), a ratio or a rate, already formatted with its unit. */
  value: string;
  /** The p99 when the figure has one. */
  p99?: string;
  target?: string;
  verdict: Verdict;
}

export const ms = (value: number): string => `${round(value)} ms`;
export const times = (value: number): string => `${round(value)}x`;
export const percent = (value: number): string => `${round(value * 100)} %`;
export const perSecond = (value: number): string => `${Math.round(value).toLocaleString('en-US')}/s`;

export function atMost(value: number, limit: number): Verdict {
  return Number.isFinite(value) && value <= limit ? 'PASS' : 'MISS';
}

export function atLeast(value: number, limit: number): Verdict {
  return Number.isFinite(value) && value >= limit ? 'PASS' : 'MISS';
}

export function both(a: Verdict, b: Verdict): Verdict {
  return a === 'PASS' && b === 'PASS' ? 'PASS' : 'MISS';
}

/** A Markdown table, so the README can carry it as printed. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function formatRows(rows: readonly Row[]): string {
  return formatTable(
    ['#', 'measure', 'p50 / value', 'p99', 'target', 'result'],
    rows.map((r) => [String(r.item), r.measure, r.value, r.p99 ?? '', r.target ?? '', r.verdict]),
  );
}
