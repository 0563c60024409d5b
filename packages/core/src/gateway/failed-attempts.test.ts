/**
 * Failures behind a fallback are counted against the model that failed, and
 * connection tests are counted apart from traffic (issue 22): the sums the
 * dashboard shows, from real requests to the simulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGatewayFixture, type GatewayFixture } from '../test-support/gateway-fixture.js';

let fx: GatewayFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const serverError = { fault: { type: 'status' as const, status: 500, code: 'InternalError' } };

describe('failed attempts', () => {
  it('three HTTP 500s from qwen-plus behind a fallback that served: three failed attempts in qwen-plus’s row, one request in qwen-flash’s', async () => {
    fx = await startGatewayFixture({ file: { routing: { maxRetries: 2, baseBackoffMs: 5, maxBackoffMs: 20 } } });
    fx.sim.script([serverError, serverError, serverError], { model: 'qwen-plus' });
    fx.sim.script({ text: 'ok' }, { model: 'qwen-flash' });
    const result = await fx.gateway.chat({ model: 'dashscope/qwen-plus', fallbacks: ['dashscope/qwen-flash'], prompt: 'x', task: 'summarize' });
    expect(result.model).toBe('qwen-flash');
    expect(result.attempts.map((a) => a.outcome)).toEqual(['upstream_unavailable', 'upstream_unavailable', 'upstream_unavailable', 'ok']);

    const usage = await fx.gateway.usage();
    const models = usage.months[usage.period]?.dashscope?.models ?? {};
    expect(models['qwen-plus']).toMatchObject({ requests: 0, failedAttempts: 3, errorRequests: 0, spentMicroUsd: 0 });
    expect(models['qwen-flash']).toMatchObject({ requests: 1, failedAttempts: 0, fallbackRequests: 1 });
    expect(usage.months[usage.period]?.dashscope?.total).toMatchObject({ requests: 1, failedAttempts: 3 });

    // The list of requests stays one per request.
    const recent = await fx.gateway.recentRequests(10);
    expect(recent.map((r) => [r.model, r.attempts, r.fallbackFrom])).toEqual([['qwen-flash', 4, 'dashscope/qwen-plus']]);
    // Asked for, the failed-attempt record too: qwen-plus's three failures, naming the request they were part of.
    const withAttempts = await fx.gateway.recentRequests(10, { failedAttempts: true });
    const failed = withAttempts.filter((r) => r.attemptOf !== undefined);
    expect(failed.map((r) => [r.model, r.attempts, r.outcome, r.attemptOf])).toEqual([['qwen-plus', 3, 'upstream_unavailable', recent[0]?.id]]);
  });

  it('a request that fails everywhere counts one error request and every failed attempt on each model', async () => {
    fx = await startGatewayFixture({ file: { routing: { maxRetries: 1, baseBackoffMs: 5, maxBackoffMs: 20 } } });
    fx.sim.script([serverError, serverError], { model: 'qwen-plus' });
    fx.sim.script([serverError, serverError], { model: 'qwen-flash' });
    await expect(fx.gateway.chat({ model: 'dashscope/qwen-plus', fallbacks: ['dashscope/qwen-flash'], prompt: 'x' })).rejects.toThrow();
    const usage = await fx.gateway.usage();
    const models = usage.months[usage.period]?.dashscope?.models ?? {};
    expect(models['qwen-plus']).toMatchObject({ failedAttempts: 2, requests: 0 });
    expect(models['qwen-flash']).toMatchObject({ failedAttempts: 2, requests: 1, errorRequests: 1 });
  });

  it('a connection test is charged but counted apart: no request, no latency', async () => {
    fx = await startGatewayFixture();
    fx.sim.script({ text: 'p', usage: { promptTokens: 10, completionTokens: 1 } });
    const [test] = await fx.gateway.testProvider('dashscope');
    expect(test?.modelAnswered).toBe(true);
    const usage = await fx.gateway.usage();
    const total = usage.months[usage.period]?.dashscope?.total;
    expect(total).toMatchObject({ requests: 0, testRequests: 1, latencyMsTotal: 0, inputTokens: 10, outputTokens: 1 });
    expect(total?.spentMicroUsd).toBeGreaterThan(0);
    const [record] = await fx.gateway.recentRequests(5);
    expect(record).toMatchObject({ kind: 'test', task: 'test' });
  });
});
