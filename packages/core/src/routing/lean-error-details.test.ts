import { describe, expect, it } from 'vitest';
import type { RoutedAttempt } from '../error-details.js';
import { AegisError, type ErrorKind } from '../errors.js';
import { leanErrorDetails } from './lean-error-details.js';
import { summarizeFailure } from './summarize-failure.js';

const limited = (model: string) =>
  new AegisError('rate_limited', `DashScope (${model}) answered 429 Throttling.RateQuota: slow down.`, {
    provider: 'dashscope',
    model,
    status: 429,
    code: 'Throttling.RateQuota',
    retryable: true,
  });
const attempt = (
  model: string,
  outcome: ErrorKind = 'rate_limited',
  status: number | null = 429,
  code: string | null = 'Throttling.RateQuota',
): RoutedAttempt => ({
  provider: 'dashscope',
  model,
  outcome,
  waitedMs: 1,
  latencyMs: 5,
  ...(status === null ? {} : { status }),
  ...(code === null ? {} : { code }),
  message: `DashScope (${model}) answered 429 Throttling.RateQuota: slow down.`,
});

describe('leanErrorDetails', () => {
  it('an all-rate-limited route: no attempts (the message counts them), errors without their repeated sentence, no empty lists', () => {
    const error = summarizeFailure({
      failed: [
        { target: { provider: 'dashscope', model: 'qwen-plus' }, error: limited('qwen-plus') },
        { target: { provider: 'dashscope', model: 'qwen-flash' }, error: limited('qwen-flash') },
      ],
      attempts: [attempt('qwen-plus'), attempt('qwen-plus'), attempt('qwen-plus'), attempt('qwen-flash'), attempt('qwen-flash'), attempt('qwen-flash')],
      skipped: [],
      untried: [],
    }).toJSON();
    const lean = leanErrorDetails(error)!;
    expect(lean.attempts).toBeUndefined();
    expect(lean.skipped).toBeUndefined();
    expect(lean.untried).toBeUndefined();
    expect(lean.errors).toEqual([
      expect.objectContaining({ kind: 'rate_limited', model: 'qwen-plus', status: 429, code: 'Throttling.RateQuota' }),
      expect.objectContaining({ kind: 'rate_limited', model: 'qwen-flash', status: 429 }),
    ]);
    expect(lean.errors!.every((e) => e.message === undefined)).toBe(true);
    expect(JSON.stringify(lean).length).toBeLessThan(JSON.stringify(error.details).length / 3);
  });

  it('keeps the attempts when one tells something the error does not (an earlier, different failure)', () => {
    const error = summarizeFailure({
      failed: [{ target: { provider: 'dashscope', model: 'qwen-plus' }, error: limited('qwen-plus') }],
      attempts: [{ ...attempt('qwen-plus', 'upstream_unavailable', 503, null), message: 'DashScope (qwen-plus) answered 503.' }, attempt('qwen-plus')],
      skipped: [],
      untried: [],
    }).toJSON();
    const lean = leanErrorDetails(error)!;
    expect(lean.attempts).toHaveLength(2);
    // The 503's sentence is not in the message: it stays; the 429's is: it goes.
    expect(lean.attempts![0]).toMatchObject({ outcome: 'upstream_unavailable', status: 503, message: 'DashScope (qwen-plus) answered 503.' });
    expect(lean.attempts![1]).not.toHaveProperty('message');
  });

  it('leaves other details alone, and a lone attempt that is the error itself out', () => {
    const error = new AegisError('auth', 'DashScope rejected the key.', {
      provider: 'dashscope',
      model: 'qwen-plus',
      status: 401,
      details: { attempts: [{ ...attempt('qwen-plus', 'auth', 401, null) }], field: 'model' },
    });
    expect(leanErrorDetails(error.toJSON())).toEqual({ field: 'model' });
    expect(leanErrorDetails(new AegisError('timeout', 'late').toJSON())).toBeUndefined();
  });
});
