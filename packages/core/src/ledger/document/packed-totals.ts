import type { LedgerRecord } from '../ledger-record.js';
import { addRecordToTotals, emptyUsageTotals, type UsageTotals } from '../usage-totals.js';
import { getOwn } from '../../util/own-entry.js';

/**
 * UsageTotals as the document stores them: a number array in TOTALS_FIELDS
 * order. The document is rewritten on every commit, and this keeps a month
 * of sums per day, provider and model to a few tens of kilobytes. New fields
 * go at the end; a shorter array from an older document reads them as 0.
 */
export type PackedTotals = number[];

/** Model -> sums, for one provider under one month or day. Provider totals are the sum of its models. */
export type PackedProviderUsage = Record<string, PackedTotals>;

export const TOTALS_FIELDS: readonly (keyof UsageTotals)[] = [
  'requests',
  'spentMicroUsd',
  'unpricedRequests',
  'estimatedRequests',
  'errorRequests',
  'cancelledRequests',
  'fallbackRequests',
  'inputTokens',
  'cachedInputTokens',
  'outputTokens',
  'reasoningTokens',
  'latencyMsTotal',
  'ttftMsTotal',
  'ttftCount',
  'failedAttempts',
  'testRequests',
];

const SPENT = TOTALS_FIELDS.indexOf('spentMicroUsd');

export function addRecordToPacked(packed: PackedTotals, record: LedgerRecord): void {
  addPacked(packed, packRecord(record));
}

/** What one record adds to sums, packed: computed once for all the sums it goes into (its month's and its day's). */
export function packRecord(record: LedgerRecord): PackedTotals {
  const delta = emptyUsageTotals();
  addRecordToTotals(delta, record);
  return TOTALS_FIELDS.map((field) => delta[field]);
}

/** Adds packed sums `delta` into `packed`, in place. */
export function addPacked(packed: PackedTotals, delta: PackedTotals): void {
  for (let index = 0; index < delta.length; index += 1) packed[index] = (packed[index] ?? 0) + (delta[index] ?? 0);
}

export function unpackTotals(packed: PackedTotals, into: UsageTotals = emptyUsageTotals()): UsageTotals {
  TOTALS_FIELDS.forEach((field, index) => {
    into[field] += packed[index] ?? 0;
  });
  return into;
}

/** The provider's spend: the sum over its models. */
export function providerSpent(usage: PackedProviderUsage | undefined): number {
  let spent = 0;
  for (const packed of Object.values(usage ?? {})) spent += packed[SPENT] ?? 0;
  return spent;
}

export function modelSpent(usage: PackedProviderUsage | undefined, model: string): number {
  return (usage === undefined ? undefined : getOwn(usage, model))?.[SPENT] ?? 0;
}
