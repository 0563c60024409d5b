/**
 * Validation the page relies on: every problem of a refused save at once,
 * routes checked as typed with the closest known target suggested, and an
 * endpoint that routes still use removed only with its uses, by request.
 */
import { readFileSync } from 'node:fs';
import type { ConfigFile } from '@aegis-llm/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminClient, type AdminClient } from '../test-support/admin-client.js';
import { SIM_KEY, startAdminFixture, type AdminFixture } from '../test-support/start-admin-fixture.js';
import type { ApiError, ProvidersResponse, RouteCheckResponse, RoutingResponse } from './api-types.js';

let fx: AdminFixture;
let client: AdminClient;
beforeAll(async () => {
  fx = await startAdminFixture({ file: { routing: { maxRetries: 0 } } });
  client = adminClient(fx.origin);
  await client.login(fx.token);
});
afterAll(async () => fx.close());

const file = () => JSON.parse(readFileSync(fx.configFile, 'utf8')) as ConfigFile;

describe('a refused save lists every problem', () => {
  test('two bad targets in one chain: both named, each beside its field, nothing written', async () => {
    const before = readFileSync(fx.configFile, 'utf8');
    const response = await client.request<ApiError>('PUT', '/routing/chat', { chain: ['groq/a', 'dashscope/qwen-plus', 'nope'] });
    expect(response.status).toBe(422);
    const problems = response.body.error.problems ?? [];
    expect(problems.map((p) => [p.path, p.field]).sort()).toEqual([
      ['routes.chat[0]', 'chain[0]'],
      ['routes.chat[2]', 'chain[2]'],
    ]);
    expect(problems).toHaveLength(2);
    expect(problems.find((p) => p.field === 'chain[2]')?.message).toContain('"nope" is not a "provider/model" target.');
    expect(response.body.error.message).toContain('2 problems:');
    expect(response.body.error.message).not.toContain('more problem');
    expect(readFileSync(fx.configFile, 'utf8')).toBe(before);
  });
});

describe('POST /routing/check: a route as typed', () => {
  const check = async (body: unknown) => {
    const response = await client.request<RouteCheckResponse>('POST', '/routing/check', body);
    expect(response.status).toBe(200);
    return response.body;
  };

  test('a misspelled model gets the closest known one; an unknown one is flagged without a guess', async () => {
    const result = await check({ chain: ['dashscope/qwen-plus', 'dashscope/qwen-plsu', 'dashscope/qwen-nonexistent', 'dashscop/qwen-flash'] });
    expect(result.taskProblem).toBeUndefined();
    expect(result.targets.map((t) => [t.index, t.code, t.suggestion])).toEqual([
      [1, 'unknown_model', 'dashscope/qwen-plus'],
      [2, 'unknown_model', undefined],
      [3, 'unknown_provider', 'dashscope/qwen-flash'],
    ]);
    expect(result.targets[0]?.message).toMatch(/^dashscope\/qwen-plsu is not in the catalog.* Did you mean "dashscope\/qwen-plus"\?$/);
    expect(result.targets[1]?.message).toContain('dashscope/qwen-nonexistent is not in the catalog');
  });

  test('a task name with a space is explained with the rule and a name to use', async () => {
    const result = await check({ task: 'Translate Text', chain: [] });
    expect(result.taskProblem).toBe(
      '"Translate Text" is not a task name. Task names use letters, digits, "_", "." and "-" (no spaces), start with a letter or digit, and are at most 64 characters, e.g. "summarize" or "translate-text". Try "translate-text".',
    );
    expect((await check({ task: 'translate-text', chain: ['dashscope/qwen-plus'] })).taskProblem).toBeUndefined();
    expect((await check({ task: '__proto__', chain: [] })).taskProblem).toContain('"__proto__" is not a task name.');
  });

  test('a target too long to save is invalid; checking writes nothing', async () => {
    const before = readFileSync(fx.configFile, 'utf8');
    const result = await check({ chain: [`dashscope/${'m'.repeat(300)}`] });
    expect(result.targets).toMatchObject([{ index: 0, code: 'invalid', message: expect.stringContaining('is longer than 193 characters') }]);
    expect(readFileSync(fx.configFile, 'utf8')).toBe(before);
    expect((await client.request('POST', '/routing/check', { chain: 'x' })).status).toBe(400);
  });

  test('a saved route with a typo carries the suggestion in the routing view', async () => {
    const saved = await client.request<RoutingResponse>('PUT', '/routing/typo-task', { chain: ['dashscope/qwen-plsu'] });
    expect(saved.status).toBe(200);
    const target = saved.body.tasks.find((t) => t.task === 'typo-task')?.chain[0];
    expect(target).toMatchObject({ suggestion: 'dashscope/qwen-plus', warning: expect.stringContaining('Did you mean "dashscope/qwen-plus"?') });
    expect((await client.request('DELETE', '/routing/typo-task')).status).toBe(200);
  });
});

describe('removing an endpoint that routes still use', () => {
  test('is refused naming every route (and the budget) that uses it; with alsoRemoveUses it goes with them', async () => {
    expect((await client.request('POST', '/endpoints', { name: 'groq', baseURL: fx.sim.baseURL, key: { set: SIM_KEY } })).status).toBe(201);
    expect((await client.request('PUT', '/routing/chat', { chain: ['groq/a', 'dashscope/qwen-plus'] })).status).toBe(200);
    expect((await client.request('PUT', '/routing/only-groq', { chain: ['groq/b'] })).status).toBe(200);
    expect((await client.request('PUT', '/routing/summarize', { chain: ['dashscope/qwen-flash'] })).status).toBe(200);
    const budget = { monthlyUsd: '5', onLimit: 'block', alertThresholds: ['50'], models: [] };
    expect((await client.request('PUT', '/budgets/groq', budget)).status).toBe(200);
    const before = readFileSync(fx.configFile, 'utf8');

    const refused = await client.request<ApiError>('DELETE', '/providers/groq');
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      '"groq" is still used by routes "chat" and "only-groq" and its budget. Edit those first, or remove the endpoint from them too.',
    );
    expect(refused.body.error.usedBy).toEqual({ routes: ['chat', 'only-groq'] });
    expect(readFileSync(fx.configFile, 'utf8')).toBe(before);

    const removed = await client.request<ProvidersResponse>('DELETE', '/providers/groq?alsoRemoveUses=true');
    expect(removed.status).toBe(200);
    expect(removed.body.providers.some((p) => p.id === 'groq')).toBe(false);
    const after = file();
    expect(after.endpoints).toBeUndefined();
    expect(after.budgets).toBeUndefined();
    // chat keeps its other target; a route left empty is gone; an unrelated route is untouched.
    expect(after.routes).toEqual({ chat: ['dashscope/qwen-plus'], summarize: ['dashscope/qwen-flash'] });
    expect(fx.gateway.config.providers.groq).toBeUndefined();
    for (const task of ['chat', 'summarize']) expect((await client.request('DELETE', `/routing/${task}`)).status).toBe(200);
  });

  test('an endpoint nothing uses is removed at once', async () => {
    expect((await client.request('POST', '/endpoints', { name: 'spare', baseURL: fx.sim.baseURL, key: { set: SIM_KEY } })).status).toBe(201);
    expect((await client.request('DELETE', '/providers/spare')).status).toBe(200);
    expect(file().endpoints).toBeUndefined();
  });
});
