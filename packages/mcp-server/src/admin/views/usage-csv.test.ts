import { describe, expect, it } from 'vitest';
import { usageCsv } from './usage-csv.js';

const totals = (over: Record<string, number>) => ({
  requests: 0,
  spentMicroUsd: 0,
  unpricedRequests: 0,
  estimatedRequests: 0,
  errorRequests: 0,
  cancelledRequests: 0,
  fallbackRequests: 0,
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  latencyMsTotal: 0,
  ttftMsTotal: 0,
  ttftCount: 0,
  failedAttempts: 0,
  testRequests: 0,
  ...over,
});

describe('usageCsv', () => {
  it('one row per provider and model, exact micro-USD, formula-looking names defused and quoted where needed', () => {
    const month = {
      dashscope: {
        total: totals({}),
        models: {
          'qwen-plus': totals({ requests: 2, spentMicroUsd: 20_064, latencyMsTotal: 300, inputTokens: 50_005, outputTokens: 51 }),
          '=HYPERLINK("x")': totals({ failedAttempts: 3 }),
        },
      },
    };
    const lines = usageCsv('2026-11', [month]).split('\r\n');
    expect(lines[0]).toBe(
      'period,provider,model,spend_usd,spend_micro_usd,requests,errors,failed_attempts,fallbacks,cancelled,unpriced,connection_tests,input_tokens,output_tokens,avg_latency_ms',
    );
    expect(lines[1]).toBe(`2026-11,dashscope,"'=HYPERLINK(""x"")",0.00,0,0,0,3,0,0,0,0,0,0,`);
    expect(lines[2]).toBe('2026-11,dashscope,qwen-plus,0.020064,20064,2,0,0,0,0,0,0,50005,51,150');
    expect(lines.at(-1)).toBe('');
    expect(usageCsv('2026-10', [undefined]).split('\r\n')).toHaveLength(2);
  });

  it("a range's days are added up per provider and model, a model seen on one day only included, __proto__ an ordinary name", () => {
    const day1 = {
      dashscope: { total: totals({}), models: { 'qwen-plus': totals({ requests: 1, spentMicroUsd: 100, latencyMsTotal: 100 }) } },
    };
    const day2 = {
      dashscope: {
        total: totals({}),
        models: JSON.parse('{"qwen-plus":{},"__proto__":{}}', (key, value) =>
          key === 'qwen-plus' ? totals({ requests: 3, spentMicroUsd: 7, latencyMsTotal: 500 }) : key === '__proto__' ? totals({ requests: 1 }) : value,
        ),
      },
      openai: { total: totals({}), models: { 'gpt-4o-mini': totals({ requests: 2, outputTokens: 9 }) } },
    };
    const lines = usageCsv('2026-11-03/2026-11-04', [day1, undefined, day2]).trim().split('\r\n');
    expect(lines.slice(1)).toEqual([
      '2026-11-03/2026-11-04,dashscope,__proto__,0.00,0,1,0,0,0,0,0,0,0,0,0',
      '2026-11-03/2026-11-04,dashscope,qwen-plus,0.000107,107,4,0,0,0,0,0,0,0,0,150',
      '2026-11-03/2026-11-04,openai,gpt-4o-mini,0.00,0,2,0,0,0,0,0,0,0,9,0',
    ]);
  });
});
