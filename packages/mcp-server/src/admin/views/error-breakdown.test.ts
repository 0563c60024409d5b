import type { LedgerRecord } from '@aegis-llm/core';
import { describe, expect, it } from 'vitest';
import { errorBreakdown } from './error-breakdown.js';

const record = (id: string, model: string, outcome: LedgerRecord['outcome'], extra: Partial<LedgerRecord> = {}): LedgerRecord => ({
  id,
  time: '2026-11-03T10:00:00.000Z',
  period: '2026-11',
  day: '2026-11-03',
  provider: 'dashscope',
  model,
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  estimated: false,
  costMicroUsd: 0,
  latencyMs: 5,
  outcome,
  attempts: 1,
  fallback: false,
  ...extra,
});

describe('errorBreakdown', () => {
  it('counts each failed attempt against its model once, whatever served; requests without attempt records once', () => {
    const breakdown = errorBreakdown([
      // Failed everywhere: its attempts are recorded, the request itself is not counted again.
      record('r1', 'qwen-flash', 'rate_limited', { attempts: 3 }),
      record('r1.failed-1', 'qwen-plus', 'timeout', { attemptOf: 'r1', attempts: 2 }),
      record('r1.failed-2', 'qwen-flash', 'rate_limited', { attemptOf: 'r1', attempts: 1 }),
      // Served behind a fallback.
      record('r2', 'qwen-flash', 'ok', { fallback: true }),
      record('r2.failed-1', 'qwen-plus', 'upstream_unavailable', { attemptOf: 'r2', attempts: 1 }),
      // An embeddings batch: one record, no attempt records.
      record('r3.1', 'text-embedding-v4', 'upstream_unavailable', { kind: 'embed', attempts: 2 }),
      // Not counted: a connection test, a cancellation.
      record('t', 'qwen-plus', 'auth', { kind: 'test' }),
      record('c', 'qwen-plus', 'cancelled'),
      // Names are names.
      record('p', '__proto__', 'budget_exceeded', { attempts: 0 }),
    ]);
    expect(breakdown).toEqual([
      {
        provider: 'dashscope',
        model: 'qwen-plus',
        failures: 3,
        kinds: [
          { kind: 'timeout', count: 2 },
          { kind: 'upstream_unavailable', count: 1 },
        ],
      },
      { provider: 'dashscope', model: '__proto__', failures: 1, kinds: [{ kind: 'budget_exceeded', count: 1 }] },
      { provider: 'dashscope', model: 'qwen-flash', failures: 1, kinds: [{ kind: 'rate_limited', count: 1 }] },
      { provider: 'dashscope', model: 'text-embedding-v4', failures: 1, kinds: [{ kind: 'upstream_unavailable', count: 1 }] },
    ]);
    expect(errorBreakdown([])).toEqual([]);
  });
});
