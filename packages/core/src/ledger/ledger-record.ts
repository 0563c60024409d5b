/**
 * What the ledger keeps about one request. Types only.
 */
import type { ErrorKind } from '../errors.js';

/**
 * How a request ended: `ok`, or the kind of the error that ended it
 * (`cancelled` included), or `abandoned`: its lease ran out unsettled (its
 * process died with it in flight) and it was charged its worst case
 * (expiry-charge.ts). An abandoned budget allowance's record stands for
 * the requests in flight under it, however many.
 */
/**
 * A request other than chat. Chat records carry no kind. `test`: a
 * connection test's one-token request (test_provider, the admin page's
 * button): its cost is real and charged, but it is not traffic, so the sums
 * count it apart (`testRequests`), not among requests, errors or latency.
 */
export type RequestKind = 'embed' | 'test';

export type LedgerOutcome = 'ok' | ErrorKind | 'abandoned';

/**
 * One request as the ledger keeps it: what was used, what it cost, how it went.
 * Never a prompt, an answer, a header, a URL or a key: only counts, names and
 * times, so the log can be shared for a support ticket as it is.
 */
export interface LedgerRecord {
  /** The request's (reservation's) id. Unique per record. */
  id: string;
  /** When the request started, ISO 8601 in UTC. */
  time: string;
  /** Calendar month (`2026-11`) in the ledger's time zone that the cost is charged to. */
  period: string;
  /** Calendar day (`2026-11-03`) in the ledger's time zone. */
  day: string;
  provider: string;
  model: string;
  /**
   * What the request was: `embed` for an embeddings batch (one record per
   * upstream batch; no output tokens). Absent: a chat request, as every
   * record written before embeddings existed.
   */
  kind?: RequestKind;
  /** Task type that routed the request (`chat`, `summarize`, ...), when there was one. */
  task?: string;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** True when the upstream sent no usage and the token counts are estimates. */
  estimated: boolean;
  /**
   * The upstream's usage figures could not be taken as sent: why (field names
   * and numbers only). The counts and cost are the bounded ones charged
   * (cost/bound-usage.ts). Absent in records written before it existed.
   */
  suspect?: string[];
  /** Cost in micro-USD. Absent only when the model is unpriced, and then `unpriced` is set. */
  costMicroUsd?: number;
  /** The model has no price: the cost is unknown (never taken as 0). */
  unpriced?: true;
  latencyMs: number;
  /** Time to first token, for streams. */
  ttftMs?: number;
  outcome: LedgerOutcome;
  /** Attempts made, retries and fallbacks included. */
  attempts: number;
  /** True when a fallback target served the request. */
  fallback: boolean;
  /** The `provider/model` first asked for, when a fallback served the request. */
  fallbackFrom?: string;
  /**
   * Set on a record that is not a request but the failed attempts on one
   * target while serving request `attemptOf` (retries, or a target a
   * fallback went past): `attempts` counts them, `outcome` is the last
   * one's error kind, and it costs nothing. The sums count it as
   * `failedAttempts` of its own provider and model, so a model that failed
   * behind a successful fallback still shows its failures. Listed apart
   * from requests (the gateway's recentRequests leaves these out).
   */
  attemptOf?: string;
  /**
   * The request's tags (name -> value, own keys in name order), only when it
   * had some: attribution to a workflow, node, MCP client, end user...
   * Absent in records written before tags existed.
   */
  tags?: Readonly<Record<string, string>>;
}
