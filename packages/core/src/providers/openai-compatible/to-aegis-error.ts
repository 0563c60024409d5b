/**
 * Anything a call throws (no answer, an error status, a broken stream)
 * becomes an AegisError. Upstream text is redacted before it goes into a
 * message: some upstreams echo the key they were sent. The wording is the one
 * the core gave the openai SDK's errors when the SDK made the requests.
 */
import { AegisError, type ErrorKind } from '../../errors.js';
import { UpstreamConnectionError } from '../../transport/upstream-connection-error.js';
import { UpstreamStatusError } from './upstream-status-error.js';
import { parseRetryAfter } from '../../transport/parse-retry-after.js';
import type { Redactor } from '../../secrets/create-redactor.js';
import type { ProviderSpec } from '../../kinds/provider-spec.js';

export interface ErrorContext {
  provider: string;
  model?: string;
  spec: ProviderSpec;
  redact: Redactor;
  /** The signal of the call: tells a caller's cancel from a timeout. */
  signal?: AbortSignal;
  now?: () => number;
}

function kindFromStatus(status: number): ErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 413) return 'context_too_long';
  if (status === 429) return 'rate_limited';
  if (status === 409 || status >= 500) return 'upstream_unavailable';
  return 'bad_request';
}

const ADVICE: Readonly<Record<ErrorKind, string>> = {
  rate_limited: 'Rate limited: wait, or add a fallback target.',
  quota_exhausted: 'Quota or billing problem on the account: top up or check the billing console.',
  auth: 'The API key was refused: check it.',
  bad_request: 'The request was refused as invalid: check the parameters.',
  content_filtered: "The content was blocked by the provider's moderation.",
  context_too_long: 'The prompt is too long for this model: shorten it or pick a model with a larger context window.',
  not_found: 'Unknown model on this provider (model ids are case-sensitive): run list_models.',
  timeout: 'The upstream did not answer in time.',
  upstream_unavailable: 'The upstream is unavailable: retry later or add a fallback target.',
  bad_response: 'The upstream sent a response that could not be read.',
  budget_exceeded: '',
  not_configured: '',
  invalid_config: '',
  store_unavailable: '',
  cancelled: 'The request was cancelled.',
};

/** The abort reason says who ended the call: the caller, a deadline or an idle timer. */
export function abortToAegisError(reason: unknown, ctx: ErrorContext): AegisError {
  if (reason instanceof AegisError) return reason;
  const base = { provider: ctx.provider, model: ctx.model, cause: reason };
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new AegisError('timeout', `${ctx.spec.label} did not answer in time (${ctx.model ?? 'request'}).`, base);
  }
  return new AegisError('cancelled', 'The request was cancelled by the caller.', base);
}

export function toAegisError(error: unknown, ctx: ErrorContext): AegisError {
  if (error instanceof AegisError) return error;
  if (ctx.signal?.aborted) return abortToAegisError(ctx.signal.reason, ctx);
  const where = `${ctx.spec.label}${ctx.model ? ` (${ctx.model})` : ''}`;
  const base = { provider: ctx.provider, model: ctx.model };

  if (error instanceof UpstreamConnectionError) {
    // The SDK's test for a connection that timed out (undici's headers or body timeout, ETIMEDOUT).
    if (/timed? ?out/i.test(`${String(error.cause)} ${String((error.cause as { cause?: unknown } | undefined)?.cause ?? '')}`)) {
      return new AegisError('timeout', `${where} did not answer in time.`, base);
    }
    return new AegisError(
      'upstream_unavailable',
      `${where} could not be reached: ${ctx.redact(error.message)}. Check the base URL and that the server is running.`,
      base,
    );
  }
  if (error instanceof UpstreamStatusError && typeof error.status === 'number') {
    const status = error.status;
    const body = (error.error ?? {}) as { message?: unknown; code?: unknown; type?: unknown };
    const code = typeof body.code === 'string' ? body.code : typeof error.code === 'string' ? error.code : undefined;
    const upstreamMessage = ctx.redact(typeof body.message === 'string' ? body.message : error.message);
    const kind = ctx.spec.classifyError?.({ status, code, type: error.type as string | undefined, message: upstreamMessage }) ?? kindFromStatus(status);
    const hint = kind === 'auth' && status === 401 && ctx.spec.authHint ? ` ${ctx.spec.authHint}` : '';
    const label = code ? `${status} ${code}` : `${status}`;
    return new AegisError(kind, `${where} answered ${label}: ${upstreamMessage.trim()} ${ADVICE[kind]}${hint}`.trim(), {
      ...base,
      status,
      code,
      retryAfterMs: error.headers ? parseRetryAfter(error.headers, (ctx.now ?? Date.now)()) : undefined,
      requestId: ctx.redact(String(error.requestID ?? (error.error as { request_id?: unknown } | undefined)?.request_id ?? '')) || undefined,
    });
  }
  // Errors while reading a stream: a broken JSON line, or the socket closing.
  const message = ctx.redact(error instanceof Error ? error.message : String(error));
  if (error instanceof SyntaxError || /parse|JSON/i.test(message)) {
    return new AegisError('bad_response', `${where} sent a malformed stream chunk: ${message}.`, base);
  }
  return new AegisError('upstream_unavailable', `${where} closed the connection unexpectedly: ${message}.`, base);
}
