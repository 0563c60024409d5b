/** Display helpers. Amounts arrive as exact micro-USD; only the display rounds. */

export function usd(microUsd: number | undefined): string {
  if (microUsd === undefined) return '–';
  const dollars = microUsd / 1_000_000;
  if (dollars !== 0 && Math.abs(dollars) < 0.01) return `$${dollars.toFixed(6).replace(/0+$/, '')}`;
  return `$${dollars.toFixed(2)}`;
}

export function ms(value: number | undefined): string {
  if (value === undefined) return '–';
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

export function tokens(value: number | undefined): string {
  if (value === undefined) return '–';
  if (value >= 1_000_000) return `${(value / 1_000_000).toFixed(value % 1_000_000 === 0 ? 0 : 1)}M`;
  if (value >= 1000) return `${Math.round(value / 1000)}K`;
  return String(value);
}

export function time(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function price(p: { currency: 'USD' | 'CNY'; input: number; output: number; tiered: boolean } | undefined): string {
  if (p === undefined) return 'unpriced';
  const sign = p.currency === 'USD' ? '$' : '¥';
  return `${sign}${p.input} in · ${sign}${p.output} out /1M${p.tiered ? ' (tiered)' : ''}`;
}

/** A stable colour per provider, the same in every chart and bar. */
const PALETTE = ['#4f6bed', '#e8833a', '#2ca58d', '#c4458f', '#8e6ad8', '#d4a72c', '#5b8fa8', '#b5523b'];
const FIXED: Record<string, string> = { dashscope: '#4f6bed', openai: '#2ca58d', ollama: '#8e6ad8', anyllm: '#e8833a' };

export function providerColor(provider: string): string {
  const fixed = FIXED[provider];
  if (fixed !== undefined) return fixed;
  let hash = 0;
  for (const char of provider) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? '#888';
}
