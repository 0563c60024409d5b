import { formatUsd } from '../../money/money.js';
import type { LedgerRecord, RequestKind } from '../ledger-record.js';
import type { OutboxAlert } from '../store.js';
import { toOutboxAlert } from './to-outbox-alert.js';

/**
 * A request charged on usage figures that could not be taken as sent
 * (cost/bound-usage.ts): an upstream bug or a hostile one, worth a look.
 * Only counts, names and times, as in the record: never a prompt, a key or
 * a value the upstream sent in place of a number.
 */
export interface UsageSuspectAlert {
  kind: 'usage_suspect';
  /** The record's (reservation's) id: `<request id>.<attempt>`. */
  id: string;
  /** What the request was: chat, an embeddings batch or a connection test (same rule, cost/bound-usage.ts). */
  requestKind: 'chat' | RequestKind;
  provider: string;
  model: string;
  period: string;
  /** ISO time the request started. */
  time: string;
  /** Why the figures were replaced, one reason per figure. */
  reasons: string[];
  /** What was charged instead (bounded). */
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  costMicroUsd?: number;
}

export function usageSuspectAlert(record: LedgerRecord): UsageSuspectAlert {
  const alert: UsageSuspectAlert = {
    kind: 'usage_suspect',
    id: record.id,
    requestKind: record.kind ?? 'chat',
    provider: record.provider,
    model: record.model,
    period: record.period,
    time: record.time,
    reasons: record.suspect ?? [],
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
    reasoningTokens: record.reasoningTokens,
  };
  if (record.costMicroUsd !== undefined) alert.costMicroUsd = record.costMicroUsd;
  return alert;
}

export function usageSuspectText(alert: UsageSuspectAlert): string {
  const charged = alert.costMicroUsd === undefined ? 'an unpriced amount' : formatUsd(alert.costMicroUsd);
  return (
    `Aegis LLM usage alert: ${alert.provider}/${alert.model}${alert.requestKind === 'embed' ? ' (embeddings)' : ''} reported usage that cannot be right for request ${alert.id} ` +
    `(${alert.reasons.join('; ')}); charged ${charged} on bounded figures instead.`
  );
}

/**
 * It as the outbox delivers it: a flat JSON body of type
 * `aegis-llm.usage-suspect`, with its id the record's, so a record charged
 * twice (a retried write) alerts once.
 */
export function usageSuspectOutboxAlert(alert: UsageSuspectAlert): OutboxAlert {
  const { kind: _kind, ...facts } = alert;
  return toOutboxAlert({
    id: `usage-suspect:${alert.id}`,
    type: 'aegis-llm.usage-suspect',
    payload: {
      text: usageSuspectText(alert),
      ...facts,
      recordId: alert.id,
      ...(alert.costMicroUsd === undefined ? {} : { costUsd: formatUsd(alert.costMicroUsd) }),
    },
    facts: { provider: alert.provider, model: alert.model, record: alert.id },
  });
}
