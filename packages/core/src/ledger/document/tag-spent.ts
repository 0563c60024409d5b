import type { LedgerDocument } from './ledger-document.js';
import { ensureOwn, getOwn } from '../../util/own-entry.js';
import { splitTagScope } from '../../tags/tag-scope.js';
import { TOTALS_FIELDS, type PackedTotals } from './packed-totals.js';

const SPENT = TOTALS_FIELDS.indexOf('spentMicroUsd');

/** The period's spend of records tagged `name=value` (the tag sums). */
export function tagSpent(doc: LedgerDocument, period: string, tag: string): number {
  const [name, value] = splitTagScope(tag);
  const month = doc.tags === undefined ? undefined : getOwn(doc.tags, period);
  const values = month === undefined ? undefined : getOwn(month, name);
  return (values === undefined ? undefined : getOwn(values, value))?.[SPENT] ?? 0;
}

/**
 * Makes sure the period has a sum for `name=value`: chargeRecord adds to a
 * value's existing sum whatever the bound on values per name, so a budgeted
 * pair is always summed exactly (never with the values past the bound).
 */
export function holdTagSum(doc: LedgerDocument, period: string, tag: string): void {
  const [name, value] = splitTagScope(tag);
  const month = ensureOwn((doc.tags ??= {}), period, () => ({}));
  ensureOwn(
    ensureOwn(month, name, () => ({})),
    value,
    (): PackedTotals => [],
  );
}
