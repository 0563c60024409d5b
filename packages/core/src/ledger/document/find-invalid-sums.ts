import type { LedgerDocument } from './ledger-document.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * Where the document's sums or cursors are not what the store writes (a
 * string, a negative or fractional number, a wrong shape): the path of the
 * first bad value, or undefined when they are all sound. A document edited
 * that way would price every request at `$NaN` and refuse them all (issue 15);
 * the store rebuilds its sums from the logs instead. O(months x providers x
 * models), checked only when a document is read from the file.
 */
export function findInvalidSums(doc: LedgerDocument): string | undefined {
  for (const section of ['months', 'days'] as const) {
    for (const [key, providers] of Object.entries(doc[section])) {
      if (!isObject(providers)) return `${section}.${key}`;
      for (const [provider, models] of Object.entries(providers)) {
        if (!isObject(models)) return `${section}.${key}.${provider}`;
        for (const [model, packed] of Object.entries(models)) {
          if (!Array.isArray(packed) || !packed.every(isCount)) return `${section}.${key}.${provider}.${model}`;
        }
      }
    }
  }
  for (const [period, cursor] of Object.entries(doc.logs)) {
    if (!isObject(cursor) || !isCount(cursor.offset)) return `logs.${period}`;
  }
  for (const [name, cursor] of Object.entries(doc.journals ?? {})) {
    if (!isObject(cursor) || !isCount(cursor.offset)) return `journals.${name}`;
  }
  for (const [id, reservation] of Object.entries(doc.reservations)) {
    const amount = (reservation as unknown as Record<string, unknown>).amountMicroUsd;
    if (!isObject(reservation) || (amount !== undefined && !isCount(amount))) return `reservations.${id}`;
  }
  return undefined;
}
