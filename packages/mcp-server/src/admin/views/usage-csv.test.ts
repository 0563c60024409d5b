import { describe, expect, it } from 'vitest';
import type { UsageReport } from '@aegis-llm/core';
import { usageCsv } from './usage-csv.js';

const totals = (over: Record<string, number>) => ({
  requests: 0, spentMicroUsd: 0, unpricedRequests: 0, estimatedRequests: 0, errorRequests: 0, cancelledRequests: 0, fallbackRequests: 0,
  inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, latencyMsTotal: 0, ttftMsTotal: 0, ttftCount: 0,
  failedAttempts: 0, testRequests: 0, ...over,
});

describe('usageCsv', () => {
  it('one row per provider and model, exact micro-USD, formula-looking names defused and quoted where needed', () => {
    const usage = {
      period: '2026-11',
      timeZone: 'UTC',
      days: {},
      months: {
        '2026-11': {
          dashscope: {
            total: totals({}),
            models: {
              'qwen-plus': totals({ requests: 2, spentMicroUsd: 20_064, latencyMsTotal: 300, inputTokens: 50_005, outputTokens: 51 }),
              '=HYPERLINK("x")': totals({ failedAttempts: 3 }),
            },
          },
        },
      },
    } as unknown as UsageReport;
    const lines = usageCsv(usage, '2026-11').split('\r\n');
    expect(lines[0]).toBe('period,provider,model,spend_usd,spend_micro_usd,requests,errors,failed_attempts,fallbacks,cancelled,unpriced,connection_tests,input_tokens,output_tokens,avg_latency_ms');
    expect(lines[1]).toBe(`2026-11,dashscope,"'=HYPERLINK(""x"")",0.00,0,0,0,3,0,0,0,0,0,0,`);
    expect(lines[2]).toBe('2026-11,dashscope,qwen-plus,0.020064,20064,2,0,0,0,0,0,0,50005,51,150');
    expect(lines.at(-1)).toBe('');
    expect(usageCsv(usage, '2026-10').split('\r\n')).toHaveLength(2);
  });
});
