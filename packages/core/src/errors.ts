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
  details?: AegisErrorDetails;
  cause?: unknown;
}

/**
 * The structured facts of an AegisError, for surfaces and scripts to read
 * instead of parsing the message. All optional: each failure sets the facts
 * that belong to it, and `with()` adds facts on its way up (the router adds
 * the attempts, the gateway the partial answer, a surface the valid models).
 *
 * Facts whose types live on the floor above this file (the partial answer,
 * the attempts, the skipped targets, what a stream delivered, a model's
 * lifecycle, an embed's progress) are declared into this interface by
 * ./error-details.ts.
 */
/** One problem of a configuration. */
export interface ConfigProblem {
  path: string;
  /** "<path>: <problem> <fix>", without the "Invalid configuration in ..." opening. */
  text: string;
}

export interface AegisErrorDetails {
  // A bad request or argument.
  /** The request field to fix (`model`, `messages.2.toolCallId`, `tags.team`); a surface may rename it to its own argument. */
  field?: string;
  /** An unknown model: the models of the configured providers, as `provider/model` (added by a surface). */
  validModels?: string[];
  /** The task type the request asked for (or defaulted to). */
  task?: string;
  /** An unknown task type: the ones the routes know. */
  knownTasks?: string[];
  /** An unknown provider: the configured ones. */
  knownProviders?: string[];

  // A configuration problem (`invalid_config`).
  /** Where the problem is: the config file or the environment. */
  source?: 'file' | 'env';
  /** The file it is in, as shown to people (also: the ledger log file a write was refused for). */
  file?: string;
  /** The field path (`providers.dashscope.region`) or variable name (`DASHSCOPE_REGION`). */
  path?: string;
  /** A configuration's every problem, in file order (the first is `path`): a file with three mistakes is fixed in one pass. */
  problems?: ConfigProblem[];

  // A budget refusal (`budget_exceeded`); an unpriced model's refusal has `fix` (and `tag`) only.
  /** What to change so the request can run. */
  fix?: string;
  /** Which limit would have been passed. */
  scope?: 'provider' | 'model' | 'tag';
  /** With scope `tag`: the `name=value` whose budget it is. */
  tag?: string;
  /** The budget month, `YYYY-MM`. */
  period?: string;
  spentMicroUsd?: number;
  reservedMicroUsd?: number;
  limitMicroUsd?: number;
  /** The refused request's worst case; undefined for an unpriced request. */
  requestMicroUsd?: number;
  /** The same figures as USD text (`$1.25`). */
  spentUsd?: string;
  reservedUsd?: string;
  limitUsd?: string;
  requestUsd?: string;
  /** When the budget resets (ISO time) and that day (`YYYY-MM-DD`) in the budget's time zone. */
  resetAt?: string;
  resetDate?: string;
  timeZone?: string;
  /** `fallback`: the router went on to the next target; `block`: the request stopped here. */
  onLimit?: 'block' | 'fallback';

  // The store (`store_unavailable`).
  /** The shared store as shown to people (`redis://host:port/db`, no credentials). */
  store?: string;
  /** A short, secret-free reason (`ECONNREFUSED`, `command timed out`). */
  reason?: string;
  /** The file system's error code (`EACCES`) of a ledger that could not be written. */
  fsCode?: string;
  /** Records waiting for the ledger to be writable again. */
  waitingRecords?: number;
  /** A ledger log changed outside its lock: the size counted and the size found. */
  counted?: number;
  size?: number;

  // A routed request.
  /** Targets never reached because the deadline passed, as `provider/model`. */
  untried?: string[];
  /** Every failed target's error, when several failed. */
  errors?: AegisErrorJson[];
}

/** An AegisError as a plain, secret-free object (`toJSON()`). */
export interface AegisErrorJson {
  kind: ErrorKind;
  message: string;
  provider?: string;
  model?: string;
  status?: number;
  code?: string;
  retryable: boolean;
  fallbackable: boolean;
  retryAfterMs?: number;
  requestId?: string;
  details?: AegisErrorDetails;
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
  readonly details?: AegisErrorDetails;

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
  toJSON(): AegisErrorJson {
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
