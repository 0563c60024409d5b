import { isAegisError, type Redactor } from '@aegis-llm/core';
import type { IDataObject } from 'n8n-workflow';
import { chatResultToJson } from '../output/chat-result-to-json.js';
import { toJson } from '../output/to-json.js';
import { explainError } from './explain-error.js';

/**
 * The item a failed item becomes when "Continue On Fail" is on: n8n's usual
 * `error` message plus the typed facts, and what had been answered before the
 * failure (a stream cut after its first token) under `partial`.
 */
export function errorToJson(error: unknown, redact: Redactor, authHint?: string): IDataObject {
  if (!isAegisError(error)) {
    return { error: redact(error instanceof Error ? error.message : String(error)) };
  }
  // The router's bare `true` (a stream broke) is replaced by the answer before `chat` throws.
  const partial = typeof error.details?.partial === 'object' ? error.details.partial : undefined;
  return toJson({
    error: redact(explainError(error, authHint)),
    errorKind: error.kind,
    provider: error.provider,
    model: error.model,
    status: error.status,
    code: error.code,
    retryable: error.retryable,
    requestId: error.requestId,
    partial: partial !== undefined && (partial.delivered || partial.attempts.length > 0) ? chatResultToJson(partial, redact) : undefined,
  });
}
