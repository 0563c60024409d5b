/**
 * One error taxonomy for the whole product. Every failure that leaves the core
 * is an AegisError: a kind, where it happened, whether a retry or a fallback can
 * help, and a message that says what to do. Messages never carry a secret:
 * whoever builds one from upstream text passes it through a redactor first.
 */

export type ErrorKind =
  | 'rate_limited'
  | 'quota_exhausted'
  | 'auth'
  | 'bad_request'
  | 'content_filtered'
  | 'context_too_long'
  | 'not_found'
  | 'timeout'
  | 'upstream_unavailable'
  | 'bad_response'
  | 'budget_exceeded'
  | 'not_configured'
  | 'invalid_config'
  | 'store_unavailable'
  | 'cancelled';

interface KindDefaults {
  retryable: boolean;
  fallbackable: boolean;
}

/**
 * Defaults per kind. Retryable follows the usual HTTP reading (408, 429, 5xx,
 * broken connections); fallbackable means another provider may well succeed.
 */
export const ERROR_KIND_DEFAULTS: Readonly<Record<ErrorKind, KindDefaults>> = {
  rate_limited: { retryable: true, fallbackable: true },
  quota_exhausted: { retryable: false, fallbackable: true },
  auth: { retryable: false, fallbackable: true },
  bad_request: { retryable: false, fallbackable: false },
  content_filtered: { retryable: false, fallbackable: false },
  context_too_long: { retryable: false, fallbackable: true },
  not_found: { retryable: false, fallbackable: true },
  timeout: { retryable: true, fallbackable: true },
  upstream_unavailable: { retryable: true, fallbackable: true },
  bad_response: { retryable: true, fallbackable: true },
  budget_exceeded: { retryable: false, fallbackable: false },
  not_configured: { retryable: false, fallbackable: true },
  invalid_config: { retryable: false, fallbackable: false },
  // The store (Redis, or the embedded ledger's files) holds every target's budget: another
  // target cannot help, and it says nothing about a target's health (never counted for cooldown).
  store_unavailable: { retryable: false, fallbackable: false },
  cancelled: { retryable: false, fallbackable: false },
};

export interface AegisErrorOptions {
  provider?: string;
  model?: string;
  /** HTTP status from the upstream, when there was one. */
  status?: number;
  /** The upstream's own error code (`Throttling.RateQuota`, `InvalidApiKey`, ...). */
  code?: string;
  retryable?: boolean;
  fallbackable?: boolean;
  /** Wait the upstream asked for (Retry-After / retry-after-ms), in ms. */
  retryAfterMs?: number;
  /** Upstream request id, for support tickets. */
  requestId?: string;
  /** Structured extra facts (budget figures, delivered characters, ...). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * Marks every AegisError, whichever copy of the core made it: the n8n package
 * bundles its own core, and `instanceof` fails across two copies of a class
 * (the Vercel AI SDK's `hasMarker` answers the same problem the same way).
 */
const AEGIS_ERROR_MARKER = Symbol.for('aegis-llm.error');

export class AegisError extends Error {
  override name = 'AegisError';
  readonly [AEGIS_ERROR_MARKER] = true;
  readonly kind: ErrorKind;
  readonly provider?: string;
  readonly model?: string;
  readonly status?: number;
  readonly code?: string;
  readonly retryable: boolean;
  readonly fallbackable: boolean;
  readonly retryAfterMs?: number;
  readonly requestId?: string;
  readonly details?: Record<string, unknown>;

  constructor(kind: ErrorKind, message: string, options: AegisErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const defaults = ERROR_KIND_DEFAULTS[kind];
    this.kind = kind;
    this.provider = options.provider;
    this.model = options.model;
    this.status = options.status;
    this.code = options.code;
    this.retryable = options.retryable ?? defaults.retryable;
    this.fallbackable = options.fallbackable ?? defaults.fallbackable;
    this.retryAfterMs = options.retryAfterMs;
    this.requestId = options.requestId;
    this.details = options.details;
  }

  /** A copy with some fields changed (the fields are read-only). The original becomes the cause. */
  with(changes: Pick<AegisErrorOptions, 'retryable' | 'fallbackable' | 'details'> & { message?: string }): AegisError {
    return new AegisError(this.kind, changes.message ?? this.message, {
      provider: this.provider,
      model: this.model,
      status: this.status,
      code: this.code,
      retryable: changes.retryable ?? this.retryable,
      fallbackable: changes.fallbackable ?? this.fallbackable,
      retryAfterMs: this.retryAfterMs,
      requestId: this.requestId,
      details: changes.details ?? this.details,
      cause: this,
    });
  }

  /** A plain, secret-free object for tool results, logs and the ledger. */
  toJSON(): Record<string, unknown> {
    return {
      kind: this.kind,
      message: this.message,
      provider: this.provider,
      model: this.model,
      status: this.status,
      code: this.code,
      retryable: this.retryable,
      fallbackable: this.fallbackable,
      retryAfterMs: this.retryAfterMs,
      requestId: this.requestId,
      details: this.details,
    };
  }
}

/** True for an AegisError of this or any other copy of the core (see AEGIS_ERROR_MARKER). */
export function isAegisError(value: unknown): value is AegisError {
  return value instanceof AegisError || (typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[AEGIS_ERROR_MARKER] === true);
}
