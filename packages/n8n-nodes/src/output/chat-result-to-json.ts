import { formatUsd, type ChatResult, type Redactor } from '@aegis-llm/core';
import type { IDataObject } from 'n8n-workflow';
import { toJson } from './to-json.js';

/**
 * One answer as an n8n item: the text, who answered, tokens, cost and every
 * attempt (retries and fallbacks). `cost` is null for an unpriced model: its
 * cost is unknown, not zero; `cost.usd` is a number for expressions and sums,
 * `cost.formatted` the same amount as text. The attempts' error messages pass the redactor
 * (an upstream may echo a header value the core does not know is secret); the
 * answer itself is the model's and is left as it is.
 */
export function chatResultToJson(result: ChatResult, redact: Redactor = (text) => text): IDataObject {
  return toJson({
    text: result.text,
    reasoning: result.reasoning ?? null,
    ...(result.toolCalls ? { toolCalls: result.toolCalls } : {}),
    ...(result.json ? { json: result.json } : {}),
    provider: result.provider,
    model: result.model,
    finishReason: result.finishReason,
    usage: result.usage,
    cost: costJson(result.costMicroUsd),
    attempts: redactJson(result.attempts, redact),
    fallback: isFallback(result),
    skipped: redactJson(result.skipped, redact),
    latencyMs: result.latencyMs,
    timeToFirstTokenMs: result.timeToFirstTokenMs,
  });
}

/** The cost as numbers (USD and integer micro-USD) and as text; null when unknown. */
export function costJson(microUsd: number | undefined): IDataObject | null {
  return microUsd === undefined ? null : { usd: microUsd / 1_000_000, microUsd, formatted: formatUsd(microUsd) };
}

/** Served by another target than the first one tried. */
export function isFallback(result: ChatResult): boolean {
  return result.fallbacks.length > 0;
}

function redactJson<T>(value: T, redact: Redactor): T {
  return JSON.parse(redact(JSON.stringify(value))) as T;
}
