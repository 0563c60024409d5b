/**
 * Names as they come in through the admin API: Object.prototype members are
 * ordinary names (saved and routed) or refused in words, never a TypeError
 * or a 200 that saved nothing; every name has a length limit.
 */
import { readFileSync } from 'node:fs';
import type { ConfigFile } from '@aegis-llm/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminClient, type AdminClient } from '../test-support/admin-client.js';
import { SIM_KEY, startAdminFixture, type AdminFixture } from '../test-support/start-admin-fixture.js';
import type { BudgetsResponse, ProvidersResponse, RoutingResponse } from './api-types.js';

let fx: AdminFixture;
let client: AdminClient;
beforeAll(async () => {
  fx = await startAdminFixture({ file: { routing: { maxRetries: 0 } } });
  client = adminClient(fx.origin);
  await client.login(fx.token);
});
afterAll(async () => fx.close());

const file = () => JSON.parse(readFileSync(fx.configFile, 'utf8')) as ConfigFile;
const budget = { monthlyUsd: '5', onLimit: 'block', alertThresholds: ['50'], models: [] as Array<{ model: string; monthlyUsd: string }> };

describe('Object.prototype members are ordinary names', () => {
  test.each(['toString', 'constructor', 'hasOwnProperty', 'valueOf'])('a task named %s is saved, shown and routed', async (task) => {
    const saved = await client.request<RoutingResponse>('PUT', `/routing/${task}`, { chain: ['dashscope/qwen-flash'] });
    expect(saved.status).toBe(200);
    expect(saved.body.tasks.find((t) => t.task === task)).toMatchObject({ source: 'custom', chain: [{ target: 'dashscope/qwen-flash' }] });
    expect(Object.hasOwn(file().routes ?? {}, task)).toBe(true);
    const answer = await fx.gateway.chat({ task, prompt: 'hi', maxTokens: 5 });
    expect(answer.model).toBe('qwen-flash');
    const removed = await client.request<RoutingResponse>('DELETE', `/routing/${task}`);
    expect(removed.status).toBe(200);
    expect(removed.body.tasks.some((t) => t.task === task)).toBe(false);
  });

  test('an endpoint named constructor gets budgets on models named toString and constructor', async () => {
    const created = await client.request<ProvidersResponse>('POST', '/endpoints', { name: 'constructor', baseURL: fx.sim.baseURL, key: { set: SIM_KEY } });
    expect(created.status).toBe(201);
    expect(created.body.providers.some((p) => p.id === 'constructor')).toBe(true);
    const saved = await client.request<BudgetsResponse>('PUT', '/budgets/constructor', {
      ...budget,
      models: [
        { model: 'toString', monthlyUsd: '1' },
        { model: 'constructor', monthlyUsd: '2' },
      ],
    });
    expect(saved.status).toBe(200);
    expect(file().budgets?.constructor).toMatchObject({ monthlyUsd: '5', models: { toString: '1', constructor: '2' } });
    const status = saved.body.status.providers.find((p) => p.provider === 'constructor');
    expect(status?.models.map((m) => [m.model, m.limit?.usd])).toEqual(
      expect.arrayContaining([
        ['toString', '$1.00'],
        ['constructor', '$2.00'],
      ]),
    );
    expect((await client.request('DELETE', '/budgets/constructor')).status).toBe(200);
    expect((await client.request('DELETE', '/providers/constructor')).status).toBe(200);
  });

  test('__proto__ is refused in words wherever a name comes in, and nothing is written', async () => {
    const before = readFileSync(fx.configFile, 'utf8');
    const route = await client.request('PUT', '/routing/__proto__', { chain: ['dashscope/qwen-plus'] });
    expect(route.status).toBe(422);
    expect(route.body).toMatchObject({
      error: { kind: 'invalid_config', field: 'task', message: expect.stringContaining('"__proto__" is not a task name. Task names use letters') },
    });
    const provider = await client.request('PUT', '/budgets/__proto__', budget);
    expect(provider.status).toBe(422);
    expect(provider.body).toMatchObject({ error: { field: 'provider', message: expect.stringContaining('"__proto__" cannot be used as a name') } });
    const model = await client.request('PUT', '/budgets/dashscope', { ...budget, models: [{ model: '__proto__', monthlyUsd: '1' }] });
    expect(model.status).toBe(422);
    expect(model.body).toMatchObject({ error: { field: 'models', message: expect.stringContaining('"__proto__" cannot be used as a name') } });
    const endpoint = await client.request('POST', '/endpoints', { name: '__proto__', baseURL: fx.sim.baseURL });
    expect(endpoint.status).toBe(422);
    expect(endpoint.body).toMatchObject({
      error: { field: 'name', message: expect.stringContaining('is not a valid endpoint name. Endpoint names use lowercase letters') },
    });
    for (const path of ['/providers/__proto__', '/providers/toString']) {
      const response = await client.request('PUT', path, { defaultModel: 'x' });
      expect(response.status, path).toBe(404);
      expect(response.body, path).toMatchObject({ error: { kind: 'not_found' } });
    }
    expect(readFileSync(fx.configFile, 'utf8')).toBe(before);
  });

  test('removing a route the file does not have is a 404, not a 200 that changed nothing', async () => {
    for (const task of ['toString', '__proto__', 'nosuch']) {
      const response = await client.request('DELETE', `/routing/${task}`);
      expect(response.status, task).toBe(404);
      expect(response.body, task).toMatchObject({ error: { kind: 'not_found', field: 'task' } });
    }
  });
});

describe('names have a length limit', () => {
  test('a task name over 64 characters is refused with the rule; 64 is fine', async () => {
    const long = await client.request('PUT', `/routing/${'t'.repeat(65)}`, { chain: ['dashscope/qwen-plus'] });
    expect(long.status).toBe(422);
    expect(long.body).toMatchObject({ error: { field: 'task', message: expect.stringContaining('is longer than 64 characters. Task names use') } });
    const huge = await client.request<{ error: { message: string } }>('PUT', `/routing/${'t'.repeat(3000)}`, { chain: ['dashscope/qwen-plus'] });
    expect(huge.status).toBe(422);
    expect(huge.body.error.message.length).toBeLessThan(400);
    expect(Object.keys(file().routes ?? {}).some((task) => task.length > 64)).toBe(false);

    const ok = await client.request('PUT', `/routing/${'t'.repeat(64)}`, { chain: ['dashscope/qwen-plus'] });
    expect(ok.status).toBe(200);
    expect((await client.request('DELETE', `/routing/${'t'.repeat(64)}`)).status).toBe(200);
  });

  test('an endpoint name over 64 characters and a model id over 128 are refused beside their field', async () => {
    const endpoint = await client.request('POST', '/endpoints', { name: 'e'.repeat(65), baseURL: fx.sim.baseURL });
    expect(endpoint.status).toBe(422);
    expect(endpoint.body).toMatchObject({ error: { field: 'name', message: expect.stringContaining('is longer than 64 characters') } });
    const model = await client.request('PUT', '/budgets/dashscope', { ...budget, models: [{ model: 'm'.repeat(129), monthlyUsd: '1' }] });
    expect(model.status).toBe(422);
    expect(model.body).toMatchObject({ error: { field: 'models', message: expect.stringContaining('is longer than 128 characters') } });
    const target = await client.request('PUT', '/routing/chat', { chain: [`dashscope/${'m'.repeat(200)}`] });
    expect(target.status).toBe(422);
    expect(target.body).toMatchObject({ error: { field: 'chain[0]', message: expect.stringContaining('is longer than') } });
    expect(file().endpoints).toBeUndefined();
    expect(file().budgets).toBeUndefined();
  });

  test('the routing view states the task name rule the page checks as typed', async () => {
    const { body } = await client.request<RoutingResponse>('GET', '/routing');
    expect(body.taskNameRule).toEqual({ pattern: expect.any(String), maxLength: 64, rule: expect.stringContaining('no spaces') });
    const pattern = new RegExp(body.taskNameRule.pattern);
    expect(pattern.test('translate-text')).toBe(true);
    expect(pattern.test('Translate Text')).toBe(false);
  });
});
