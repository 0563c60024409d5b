import type { LedgerRecord } from './ledger-record.js';

/**
 * Running sums over a set of records (a provider's month, a model's day...).
 * Every field is an integer so sums stay exact however long they run.
 */
export interface UsageTotals {
  requests: number;
  /** Sum of known costs, micro-USD. Unpriced records add nothing here and count in `unpricedRequests`. */
  spentMicroUsd: number;
  unpricedRequests: number;
  estimatedRequests: number;
  /** Outcome neither `ok` nor `cancelled`. */
  errorRequests: number;
  cancelledRequests: number;
  fallbackRequests: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  latencyMsTotal: number;
  ttftMsTotal: number;
  /** Records that had a time to first token (the divisor of `ttftMsTotal`). */
  ttftCount: number;
  /**
   * Attempts on this model that failed, whatever the request's outcome:
   * retries and attempts a fallback went past included (records with
   * `attemptOf`). Not requests: `requests` does not count them.
   */
  failedAttempts: number;
  /** Connection tests (kind `test`): their cost is in `spentMicroUsd` and their tokens in the token sums, but they are not among `requests`. */
  testRequests: number;
}

export function emptyUsageTotals(): UsageTotals {
  return {
    requests: 0,
    spentMicroUsd: 0,
    unpricedRequests: 0,
    estimatedRequests: 0,
    errorRequests: 0,
    cancelledRequests: 0,
    fallbackRequests: 0,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    latencyMsTotal: 0,
    ttftMsTotal: 0,
    ttftCount: 0,
    failedAttempts: 0,
    testRequests: 0,
  };
}

/** Adds one record to `totals` in place. */
export function addRecordToTotals(totals: UsageTotals, record: LedgerRecord): void {
  if (record.attemptOf !== undefined) {
    totals.failedAttempts += record.attempts;
    return;
  }
  if (record.kind === 'test') {
    // Real money and tokens, but not traffic: no request, error or latency counted.
    totals.testRequests += 1;
    totals.spentMicroUsd += record.costMicroUsd ?? 0;
    totals.inputTokens += record.inputTokens;
    totals.cachedInputTokens += record.cachedInputTokens;
    totals.outputTokens += record.outputTokens;
    totals.reasoningTokens += record.reasoningTokens;
    return;
  }
  totals.requests += 1;
  totals.spentMicroUsd += record.costMicroUsd ?? 0;
  if (record.unpriced === true) totals.unpricedRequests += 1;
  if (record.estimated) totals.estimatedRequests += 1;
  if (record.outcome === 'cancelled') totals.cancelledRequests += 1;
  else if (record.outcome !== 'ok') totals.errorRequests += 1;
  if (record.fallback) totals.fallbackRequests += 1;
  totals.inputTokens += record.inputTokens;
  totals.cachedInputTokens += record.cachedInputTokens;
  totals.outputTokens += record.outputTokens;
  totals.reasoningTokens += record.reasoningTokens;
  totals.latencyMsTotal += record.latencyMs;
  if (record.ttftMs !== undefined) {
    totals.ttftMsTotal += record.ttftMs;
    totals.ttftCount += 1;
  }
}
