/**
 * The facts of a failure whose types live on the types floor: the partial
 * answer, the attempts and skipped targets, a model's lifecycle, an embed's
 * progress. They are declared into errors.ts's AegisErrorDetails below
 * (TypeScript merges the two declarations of the interface): errors.ts is
 * the floor beneath types.ts and cannot import them.
 */
import type { ErrorKind } from './errors.js';
import type { Attempt, ChatResult, ModelLifecycle, SkippedTarget } from './types.js';

/** An Attempt with what the router knows beyond it. */
export interface RoutedAttempt extends Attempt {
  /**
   * auth / not_found / not_configured: the target is misconfigured (bad key,
   * wrong region, unknown model id). Fallback happens, but report it loudly.
   */
  configProblem?: true;
  /** This attempt was the half-open probe of a target coming out of cooldown. */
  probe?: true;
  /** The upstream's own error code, when there was one. */
  code?: string;
  /** The error message (already secret-free). */
  message?: string;
}

/** Why planning skipped a target, for machines. */
export type SkipCode =
  | 'unknown_model'
  | 'not_configured'
  | 'context_too_long'
  | 'embedding_model'
  | 'no_vision'
  | 'no_thinking'
  | 'no_tools'
  | 'no_json_object'
  | 'no_json_schema'
  | 'cooldown'
  | 'not_allowed'
  /** An embedding fallback whose vectors would have another length than the model's. */
  | 'other_dimensions';

/** A SkippedTarget plus a machine-readable reason. */
export interface PlannedSkip extends SkippedTarget {
  code: SkipCode;
  /** `cooldown`: the kind of error that opened it, when known. */
  cause?: ErrorKind;
}

/** A skipped target as a failure lists it: planning's skips carry a code, the router's (a cooldown that began while running) none. */
export type ReportedSkip = SkippedTarget & Partial<Pick<PlannedSkip, 'code' | 'cause'>>;

/** What a stream had delivered to its consumer. */
export interface DeliveredCounts {
  textChars: number;
  reasoningChars: number;
  /** Tool calls of which at least a piece reached the consumer. */
  toolCalls: number;
}

/** How far a failed `embed` call got: its batches embedded (and charged) before the failure. */
export interface EmbedProgress {
  batches: number;
  batchesEmbedded: number;
  /** What the embedded batches cost; undefined when the model is unpriced. */
  costMicroUsd: number | undefined;
  attempts: Attempt[];
  skipped: SkippedTarget[];
}

declare module './errors.js' {
  interface AegisErrorDetails {
    /**
     * Something had been delivered before the failure. The router sets `true`
     * (a stream broke after its first delta); `chat` and the gateway's stream
     * replace it with the partial answer, charged for what it delivered.
     */
    partial?: true | ChatResult;
    /** Every try made, in order. */
    attempts?: readonly RoutedAttempt[];
    /** Targets not tried, with why (planning, or a cooldown). */
    skipped?: readonly ReportedSkip[];
    /** The delivered counts of a broken stream. */
    delivered?: DeliveredCounts;
    /** A retired or deprecated model's 404: its status and replacement, from the catalog. */
    lifecycle?: ModelLifecycle;
    /** A failed `embed`: how far it got. */
    embed?: EmbedProgress;
  }
}
