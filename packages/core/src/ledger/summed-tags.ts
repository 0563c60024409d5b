import { TAG } from '../tags/tag-names.js';
import type { LedgerRecord } from './ledger-record.js';

/**
 * Distinct values of one tag name the store sums per period; the values past
 * it are summed together (`TagUsage.value` undefined). Keeps the sums small
 * whatever callers put in tags (an end-user id, a free tag per request).
 */
export const MAX_TAG_VALUES = 200;

/**
 * Tags kept in records but not summed: one value per run of a workflow would
 * fill the bound in a day and say nothing a sum can. The records keep them
 * (ledger log, listRecent).
 */
const NOT_SUMMED: ReadonlySet<string> = new Set([TAG.executionId]);

/** The record's tag pairs that go into the period's tag sums, in name order. */
export function summedTags(record: LedgerRecord): Array<[string, string]> {
  if (record.tags === undefined) return [];
  return Object.entries(record.tags).filter(([name]) => !NOT_SUMMED.has(name));
}
