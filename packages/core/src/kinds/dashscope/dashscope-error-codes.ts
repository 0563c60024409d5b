/**
 * DashScope error codes -> error kinds.
 * Source: alibabacloud.com/help/en/model-studio/developer-reference/error-code
 * (see shared/reference/dashscope.md). Codes are matched exactly first, then by
 * prefix, because DashScope adds sub-codes (`Throttling.RateQuota`).
 */
import type { ErrorKind } from '../../errors.js';
import { getOwn } from '../../util/own-entry.js';
import type { UpstreamErrorFacts } from '../provider-spec.js';

const EXACT: Readonly<Record<string, ErrorKind>> = {
  Throttling: 'rate_limited',
  'Throttling.RateQuota': 'rate_limited',
  'Throttling.AllocationQuota': 'rate_limited',
  'Throttling.User': 'rate_limited',
  LimitRequests: 'rate_limited',
  // Bill and quota codes arrive as 429 but waiting does not help.
  insufficient_quota: 'quota_exhausted',
  PrepaidBillOverdue: 'quota_exhausted',
  PostpaidBillOverdue: 'quota_exhausted',
  Arrearage: 'quota_exhausted',
  'AllocationQuota.FreeTierOnly': 'quota_exhausted',
  DataInspectionFailed: 'content_filtered',
  data_inspection_failed: 'content_filtered',
  InvalidApiKey: 'auth',
  invalid_api_key: 'auth',
  AccessDenied: 'auth',
  'Model.AccessDenied': 'auth',
  ModelNotFound: 'not_found',
  model_not_found: 'not_found',
  RequestTimeOut: 'timeout',
  'BadRequest.TooLarge': 'context_too_long',
  InternalError: 'upstream_unavailable',
  'InternalError.Algo': 'upstream_unavailable',
  'InternalError.Timeout': 'upstream_unavailable',
  SystemError: 'upstream_unavailable',
  ModelServiceFailed: 'upstream_unavailable',
  ModelUnavailable: 'upstream_unavailable',
};

/**
 * DashScope's per-minute token throttle, in compatible mode: HTTP 429 with
 * OpenAI's `insufficient_quota` code and billing wording, and a link to the
 * error-code page's `#token-limit` anchor. It clears within about a minute
 * (reference notes, 2026-12 audit; a bug reported and fixed in another
 * client): a rate limit to retry, not an exhausted quota.
 */
const TOKEN_LIMIT_MARKER = /#token-limit\b/i;

/** "Range of input length should be [1, 30720]" is DashScope's context-window error. */
const CONTEXT_MESSAGE = /input length|context length|maximum context|too many tokens|tokens? exceed/i;

export function classifyDashScopeError(facts: UpstreamErrorFacts): ErrorKind | undefined {
  if (facts.code) {
    if (facts.code === 'insufficient_quota' && TOKEN_LIMIT_MARKER.test(facts.message)) return 'rate_limited';
    const exact = getOwn(EXACT, facts.code);
    if (exact) return exact;
    if (facts.code.startsWith('Throttling')) return 'rate_limited';
    if (facts.code.startsWith('InternalError')) return 'upstream_unavailable';
  }
  if (facts.status === 400 && CONTEXT_MESSAGE.test(facts.message)) return 'context_too_long';
  return undefined;
}
