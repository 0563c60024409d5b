/**
 * A core failure as OpenAI's error shape, its HTTP status and headers.
 *
 * Status per kind (README "OpenAI-compatible endpoint"): bad input 400 (the
 * field named in `param`), an unknown model 404, a target the key may not use
 * 403, rate limits and exhausted upstream quota 429, a budget refusal 402
 * (`budget_exceeded`: not 429, because the OpenAI SDKs retry 429 on their own
 * and a monthly limit does not lift in seconds), upstream failures 502,
 * timeouts 504, a store that cannot be reached 503. The core's own facts
 * (kind, provider, model, retryable, the budget's figures) go under
 * `error.aegis`, the one key the shape gains.
 */
import { OPENAI_ARGUMENT_NAMES, renameArguments, type AegisError, type AegisErrorDetails, type ReportedSkip, type SkipCode } from '@aegis-llm/core';

export interface OpenAiErrorReply {
  status: number;
  headers: Record<string, string>;
  body: { error: { message: string; type: string; param: string | null; code: string | null; aegis?: Record<string, unknown> } };
}

interface Mapping {
  status: number;
  type: string;
  code: string;
}

const BY_KIND: ReadonlyMap<AegisError['kind'], Mapping> = new Map([
  ['bad_request', { status: 400, type: 'invalid_request_error', code: 'invalid_request' }],
  ['content_filtered', { status: 400, type: 'invalid_request_error', code: 'content_filter' }],
  ['context_too_long', { status: 400, type: 'invalid_request_error', code: 'context_length_exceeded' }],
  ['not_found', { status: 404, type: 'invalid_request_error', code: 'model_not_found' }],
  ['not_configured', { status: 404, type: 'invalid_request_error', code: 'model_not_available' }],
  ['rate_limited', { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' }],
  ['quota_exhausted', { status: 429, type: 'insufficient_quota', code: 'insufficient_quota' }],
  ['budget_exceeded', { status: 402, type: 'budget_exceeded', code: 'budget_exceeded' }],
  // The upstream refused our key for it: the server's configuration, not the client's key.
  ['auth', { status: 502, type: 'upstream_error', code: 'upstream_auth_failed' }],
  ['upstream_unavailable', { status: 502, type: 'upstream_error', code: 'upstream_unavailable' }],
  ['bad_response', { status: 502, type: 'upstream_error', code: 'upstream_bad_response' }],
  ['timeout', { status: 504, type: 'timeout_error', code: 'timeout' }],
  ['store_unavailable', { status: 503, type: 'server_error', code: 'store_unavailable' }],
  ['invalid_config', { status: 500, type: 'server_error', code: 'invalid_config' }],
  // Only reached when the client is gone; 499 is what proxies log for it.
  ['cancelled', { status: 499, type: 'invalid_request_error', code: 'cancelled' }],
]);

const skips = (error: AegisError): readonly ReportedSkip[] => error.details?.skipped ?? [];
const every = (list: readonly ReportedSkip[], code: SkipCode) => list.length > 0 && list.every((s) => s.code === code);

/** The budget refusal's figures a client sees under `error.aegis`. */
const BUDGET_FACTS = [
  'scope',
  'period',
  'spentUsd',
  'reservedUsd',
  'limitUsd',
  'requestUsd',
  'resetAt',
] as const satisfies readonly (keyof AegisErrorDetails)[];

function mappingOf(error: AegisError): Mapping {
  const skipped = skips(error);
  if (every(skipped, 'unknown_model')) return { status: 404, type: 'invalid_request_error', code: 'model_not_found' };
  if (every(skipped, 'not_allowed')) return { status: 403, type: 'permission_error', code: 'model_not_allowed' };
  if (error.kind === 'budget_exceeded' && error.code === 'UNPRICED_MODEL') return { status: 402, type: 'budget_exceeded', code: 'unpriced_model' };
  return BY_KIND.get(error.kind) ?? { status: 500, type: 'server_error', code: 'internal_error' };
}

/** The core's dotted camelCase field as OpenAI's parameter: `messages.2.toolCallId` -> `messages[2].tool_call_id`. */
export function toParam(field: string): string {
  const renamed: Record<string, string> = {
    maxTokens: 'max_tokens',
    responseFormat: 'response_format',
    schema: 'json_schema.schema',
    thinking: 'enable_thinking',
  };
  return field
    .split('.')
    .map((key, i) =>
      /^\d+$/.test(key)
        ? `[${key}]`
        : `${i === 0 ? '' : '.'}${Object.hasOwn(renamed, key) ? renamed[key] : key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`,
    )
    .join('');
}

/** Seconds for Retry-After: the upstream's wait, or the budget's reset. */
function retryAfterSeconds(error: AegisError, now: number): number | undefined {
  if (error.retryAfterMs !== undefined) return Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  const resetAt = error.details?.resetAt;
  if (error.kind === 'budget_exceeded' && resetAt !== undefined) return Math.max(1, Math.ceil((Date.parse(resetAt) - now) / 1000));
  return undefined;
}

export function toOpenAiError(thrown: AegisError, now = Date.now()): OpenAiErrorReply {
  // Advice in OpenAI's parameter names ("lower `max_tokens`"), never the core's.
  const error = renameArguments(thrown, OPENAI_ARGUMENT_NAMES);
  const mapping = mappingOf(error);
  const field = thrown.details?.field;
  const headers: Record<string, string> = {};
  const wait = retryAfterSeconds(error, now);
  if (wait !== undefined) headers['retry-after'] = String(wait);
  const aegis: Record<string, unknown> = { kind: error.kind, retryable: error.retryable };
  if (error.provider !== undefined) aegis.provider = error.provider;
  if (error.model !== undefined) aegis.model = error.model;
  if (error.code !== undefined) aegis.upstreamCode = error.code;
  if (error.status !== undefined) aegis.upstreamStatus = error.status;
  if (error.requestId !== undefined) aegis.upstreamRequestId = error.requestId;
  const details = error.details;
  if (error.kind === 'budget_exceeded' && details !== undefined) {
    for (const key of BUDGET_FACTS) {
      if (details[key] !== undefined) aegis[key] = details[key];
    }
  }
  if (skips(error).length > 0) aegis.skipped = details?.skipped;
  return {
    status: mapping.status,
    headers,
    body: {
      error: {
        message: error.message,
        type: mapping.type,
        param: field !== undefined ? toParam(field) : mapping.code === 'model_not_found' || mapping.code === 'model_not_allowed' ? 'model' : null,
        code: mapping.code,
        aegis,
      },
    },
  };
}
