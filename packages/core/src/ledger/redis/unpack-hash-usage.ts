import { ensureOwn } from '../../util/own-entry.js';
import type { ProviderUsage } from '../store.js';
import { emptyUsageTotals, type UsageTotals } from '../usage-totals.js';
import { FIELD_SEPARATOR } from './redis-ledger-keys.js';

const FIELDS = new Set<string>(Object.keys(emptyUsageTotals()));

/**
 * A month or day hash (`provider\0model\0field` -> sum, as HGETALL returns it)
 * to per-provider usage: model totals plus their sum. Provider and model
 * names are plain keys (own properties, `__proto__` included); fields this
 * version does not know are ignored, so a newer writer's hash still reads.
 */
export function unpackHashUsage(hash: Record<string, string>): Record<string, ProviderUsage> {
  const providers: Record<string, ProviderUsage> = {};
  for (const [name, raw] of Object.entries(hash)) {
    const first = name.indexOf(FIELD_SEPARATOR);
    const last = name.lastIndexOf(FIELD_SEPARATOR);
    if (first < 0 || last <= first) continue;
    const field = name.slice(last + 1);
    if (!FIELDS.has(field)) continue;
    const value = Number(raw);
    const usage = ensureOwn(providers, name.slice(0, first), () => ({ total: emptyUsageTotals(), models: {} }));
    const model = ensureOwn(usage.models, name.slice(first + 1, last), emptyUsageTotals);
    model[field as keyof UsageTotals] += value;
    usage.total[field as keyof UsageTotals] += value;
  }
  return providers;
}
