import { describe, expect, it } from 'vitest';
import { parseLedgerLine } from './parse-ledger-line.js';

const base = {
  id: 'r1',
  time: '2026-12-03T10:00:00.000Z',
  period: '2026-12',
  day: '2026-12-03',
  provider: 'dashscope',
  model: 'text-embedding-v4',
  inputTokens: 12,
  cachedInputTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  estimated: false,
  costMicroUsd: 1,
  latencyMs: 5,
  outcome: 'ok',
  attempts: 1,
  fallback: false,
};

describe('parseLedgerLine and the record kind', () => {
  it('reads an embed record with its kind, and a record written before kinds existed as chat (no kind)', () => {
    expect(parseLedgerLine(JSON.stringify({ ...base, kind: 'embed' }))?.kind).toBe('embed');
    const old = parseLedgerLine(JSON.stringify(base));
    expect(old).toBeDefined();
    expect(old && 'kind' in old).toBe(false);
  });

  it('still reads a record of a kind a newer version added', () => {
    expect(parseLedgerLine(JSON.stringify({ ...base, kind: 'rerank' }))?.id).toBe('r1');
  });
});
