import { describe, expect, it } from 'vitest';
import { dashscopeErrors } from './dashscope-errors.ts';
import { assertScenario, validateScenario } from './validate-scenario.ts';

describe('validateScenario', () => {
  it('accepts the documented fields and every ready-made DashScope error', () => {
    expect(
      validateScenario({
        latencyMs: 5,
        ttftMs: 1,
        chunks: 3,
        reasoningChunks: 2,
        chunkIntervalMs: 0,
        text: 'hi',
        reasoning: 'hmm',
        finishReason: 'stop',
        usage: { promptTokens: 1, cachedTokens: 0 },
        cachedTokens: 2,
        fault: { type: 'drop', afterChunks: 2 },
      }),
    ).toEqual([]);
    for (const fault of Object.values(dashscopeErrors)) expect(validateScenario({ fault })).toEqual([]);
    expect(validateScenario({ fault: { ...dashscopeErrors.rateQuota, headers: { 'retry-after': '1' }, echoKey: true } })).toEqual([]);
  });

  it('names typos and bad values instead of ignoring them', () => {
    expect(validateScenario({ latency: 5 })).toEqual(['unknown scenario field "latency"']);
    expect(validateScenario({ chunks: 0, ttftMs: -1 })).toEqual(['ttftMs must be a number >= 0', 'chunks must be an integer >= 1']);
    expect(validateScenario({ fault: { type: 'status', status: 200 } })).toEqual(['fault.status must be an HTTP error status (400-599)']);
    expect(validateScenario({ fault: { type: 'hang-before-headers', afterChunks: 1 } })).toEqual(['fault "hang-before-headers" has no field "afterChunks"']);
    expect(validateScenario({ fault: { type: 'explode' } })).toHaveLength(1);
    expect(validateScenario({ usage: { prompt: 1 } })).toEqual(['unknown usage field "prompt"']);
    expect(validateScenario(null)).toEqual(['a scenario must be an object']);
  });

  it('throws a TypeError listing the problems', () => {
    expect(() => assertScenario({ latency: 1 })).toThrow(/Invalid simulator scenario: unknown scenario field "latency"/);
  });
});
