/** An amount for people and for programs: exact micro-USD and a display string. */
export interface Money {
  microUsd: number;
  /** `$12.34`, `$0.001234`: exact, at least two decimals, at most six. */
  usd: string;
}

export const MICRO_PER_USD = 1_000_000;

/** Formats integer micro-USD exactly: `1234567` -> `$1.234567`, `5000000` -> `$5.00`. */
export function formatUsd(microUsd: number): string {
  const sign = microUsd < 0 ? '-' : '';
  const abs = Math.abs(Math.round(microUsd));
  const dollars = Math.floor(abs / MICRO_PER_USD);
  const fraction = String(abs % MICRO_PER_USD)
    .padStart(6, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `${sign}$${dollars}.${fraction}`;
}

export function money(microUsd: number): Money {
  return { microUsd, usd: formatUsd(microUsd) };
}

/** USD from config or an environment variable (`12.5`) to integer micro-USD, without float drift. */
export function usdToMicroUsd(usd: number): number {
  return Math.round(usd * MICRO_PER_USD);
}
