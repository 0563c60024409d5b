import { readFileSync } from 'node:fs';
import type { ConfigFile } from '@aegis-llm/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminClient, type AdminClient } from '../test-support/admin-client.js';
import { startAdminFixture, type AdminFixture } from '../test-support/start-admin-fixture.js';
import type { BudgetsResponse, DashboardResponse, RoutingResponse } from './api-types.js';

const WEBHOOK = 'https://hooks.example.com/services/T000/B000/webhook-secret-path';

let fx: AdminFixture;
let client: AdminClient;
beforeAll(async () => {
  fx = await startAdminFixture({ file: { routing: { maxRetries: 0 } } });
  client = adminClient(fx.origin);
  await client.login(fx.token);
});
afterAll(async () => fx.close());

const file = () => JSON.parse(readFileSync(fx.configFile, 'utf8')) as ConfigFile;

describe('routing', () => {
  test('shows each task’s chain in force with context windows and prices', async () => {
    const { body } = await client.request<RoutingResponse>('GET', '/routing');
    const chat = body.tasks.find((t) => t.task === 'chat');
    expect(chat?.source).toBe('default');
    expect(chat?.chain[0]).toMatchObject({
      target: 'dashscope/qwen-plus',
      configured: true,
      contextWindow: expect.any(Number),
      price: { currency: 'USD', input: expect.any(Number), output: expect.any(Number) },
    });
    expect(chat?.chain.find((t) => t.provider === 'openai')?.configured).toBe(false);
    expect(body.models.length).toBeGreaterThan(10);
  });

  test('a saved chain replaces the built-in one at once; removing it brings the default back', async () => {
    const saved = await client.request<RoutingResponse>('PUT', '/routing/chat', { chain: ['dashscope/qwen-turbo', 'dashscope/qwen-plus'] });
    expect(saved.status).toBe(200);
    expect(saved.body.tasks.find((t) => t.task === 'chat')).toMatchObject({
      source: 'config',
      chain: [{ target: 'dashscope/qwen-turbo' }, { target: 'dashscope/qwen-plus' }],
    });
    expect(file().routes).toEqual({ chat: ['dashscope/qwen-turbo', 'dashscope/qwen-plus'] });
    // qwen-turbo is retired (still callable): the page says so, with the replacement, beside the target.
    expect(saved.body.tasks.find((t) => t.task === 'chat')?.chain[0]).toMatchObject({
      status: 'retired',
      statusDate: '2026-10-10',
      replacement: 'qwen-flash',
      warning: expect.stringContaining('use dashscope/qwen-flash instead'),
    });
    expect(saved.body.tasks.find((t) => t.task === 'chat')?.chain[1]).toMatchObject({ status: 'current' });
    expect(saved.body.tasks.find((t) => t.task === 'chat')?.chain[1]?.warning).toBeUndefined();
    const answer = await fx.gateway.chat({ prompt: 'hi', task: 'chat', maxTokens: 5 });
    expect(answer.model).toBe('qwen-turbo');

    const custom = await client.request<RoutingResponse>('PUT', '/routing/translate', { chain: ['dashscope/qwen-plus'] });
    expect(custom.body.tasks.find((t) => t.task === 'translate')?.source).toBe('custom');

    const reset = await client.request<RoutingResponse>('DELETE', '/routing/chat');
    expect(reset.body.tasks.find((t) => t.task === 'chat')?.source).toBe('default');
    expect(file().routes).toEqual({ translate: ['dashscope/qwen-plus'] });
  });

  test('wrong chains are refused beside the target at fault', async () => {
    const unknown = await client.request('PUT', '/routing/chat', { chain: ['dashscope/qwen-plus', 'nosuch/model'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({
      error: { field: 'chain[1]', path: 'routes.chat[1]', message: expect.stringContaining('names an unknown provider "nosuch"') },
    });
    const notTarget = await client.request('PUT', '/routing/chat', { chain: ['qwen-plus'] });
    expect(notTarget.body).toMatchObject({ error: { field: 'chain[0]', message: expect.stringContaining('is not a "provider/model" target') } });
    const empty = await client.request('PUT', '/routing/chat', { chain: [] });
    expect(empty.body).toMatchObject({ error: { field: 'chain', message: expect.stringContaining('empty list') } });
  });
});

describe('budgets and alerts', () => {
  test('sets a budget with per-model limits; the gateway enforces it at once', async () => {
    const saved = await client.request<BudgetsResponse>('PUT', '/budgets/dashscope', {
      monthlyUsd: '0.05',
      onLimit: 'block',
      alertThresholds: ['50', '80', '100'],
      models: [{ model: 'qwen-max', monthlyUsd: '0.01' }],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.settings.dashscope).toEqual({ monthlyUsd: '0.05', onLimit: 'block', alertThresholds: [50, 80, 100], models: { 'qwen-max': '0.01' } });
    const status = saved.body.status.providers.find((p) => p.provider === 'dashscope');
    expect(status).toMatchObject({ budgeted: true, limit: { microUsd: 50_000 }, alertThresholds: [50, 80, 100] });

    // 100,000 input tokens at $0.40/M: 80 % of the budget. The prompt is really that long: usage far
    // above what the request could use is charged bounded, as suspect (cost/bound-usage.ts).
    fx.sim.script([{ usage: { promptTokens: 100_000, completionTokens: 10 } }], { model: 'qwen-plus' });
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'x'.repeat(400_000), maxTokens: 10 });
    await fx.gateway.flush();
    const after = await client.request<BudgetsResponse>('GET', '/budgets');
    const spent = after.body.status.providers.find((p) => p.provider === 'dashscope');
    expect(spent?.percent).toBeGreaterThanOrEqual(80);
    expect(after.body.alerts.map((a) => a.threshold).sort()).toEqual([50, 80]);
    expect(after.body.alerts[0]).toMatchObject({ provider: 'dashscope', limitUsd: '$0.05' });
  });

  test('wrong values come back beside their field, in the core’s words', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ monthlyUsd: '-3' }, 'monthlyUsd', 'is not a USD amount'],
      [{ onLimit: 'explode' }, 'onLimit', 'is not a limit action'],
      [{ alertThresholds: ['50', '150'] }, 'alertThresholds', 'is too large'],
      [{ alertThresholds: ['fifty'] }, 'alertThresholds', 'is text, not a number'],
      [{ models: [{ model: 'qwen-max', monthlyUsd: 'lots' }] }, 'models', 'is not a USD amount'],
    ];
    for (const [change, field, words] of cases) {
      const response = await client.request('PUT', '/budgets/dashscope', {
        monthlyUsd: '1',
        onLimit: 'block',
        alertThresholds: ['50'],
        models: [],
        ...change,
      });
      expect(response.status, field).toBe(422);
      expect(response.body, field).toMatchObject({ error: { field, message: expect.stringContaining(words) } });
    }
    const unknown = await client.request('PUT', '/budgets/nosuch', { monthlyUsd: '1', onLimit: 'block', alertThresholds: [], models: [] });
    expect(unknown.body).toMatchObject({ error: { field: 'provider', message: expect.stringContaining('is not a known provider') } });
    expect(file().budgets?.dashscope?.monthlyUsd).toBe('0.05');
  });

  test('names that are Object.prototype members are ordinary names: refused as names, never dropped or borrowed', async () => {
    const body = { monthlyUsd: '1', onLimit: 'block', alertThresholds: [], models: [] };
    for (const provider of ['__proto__', 'toString', 'constructor']) {
      const response = await client.request('PUT', `/budgets/${provider}`, body);
      expect(response.status, provider).toBe(422);
      expect(response.body, provider).toMatchObject({ error: { field: 'provider' } });
    }
    const model = await client.request('PUT', '/budgets/dashscope', { ...body, models: [{ model: '__proto__', monthlyUsd: '1' }] });
    expect(model.status).toBe(422);
    expect(model.body).toMatchObject({ error: { message: expect.stringContaining('"__proto__" cannot be used as a name') } });
    const toStringModel = await client.request<BudgetsResponse>('PUT', '/budgets/dashscope', { ...body, models: [{ model: 'toString', monthlyUsd: '0.5' }] });
    expect(toStringModel.status).toBe(200);
    expect(file().budgets?.dashscope?.models).toEqual({ toString: '0.5' });
    const route = await client.request('PUT', '/routing/__proto__', { chain: ['dashscope/qwen-plus'] });
    expect(route.status).toBe(422);
    expect(Object.hasOwn(file().routes ?? {}, '__proto__')).toBe(false);
    // Put the budget back as the next test expects it.
    await client.request('PUT', '/budgets/dashscope', {
      monthlyUsd: '0.05',
      onLimit: 'block',
      alertThresholds: ['50', '80', '100'],
      models: [{ model: 'qwen-max', monthlyUsd: '0.01' }],
    });
  });

  test('the webhook is write-only: shown by origin, never in full', async () => {
    const bad = await client.request('PUT', '/alerts', { webhookUrl: 'not a url' });
    expect(bad.body).toMatchObject({ error: { field: 'webhookUrl', message: expect.stringContaining('is not an http(s) URL') } });

    const set = await client.request<BudgetsResponse>('PUT', '/alerts', { webhookUrl: WEBHOOK });
    expect(set.body.webhook).toEqual({ set: true, origin: 'https://hooks.example.com' });
    expect(set.text).not.toContain('webhook-secret-path');
    expect(fx.gateway.config.alerts.webhookUrl).toBe(WEBHOOK);
    const budgets = await client.request('GET', '/budgets');
    expect(budgets.text).not.toContain('webhook-secret-path');

    const removed = await client.request<BudgetsResponse>('PUT', '/alerts', { webhookUrl: '' });
    expect(removed.body.webhook).toEqual({ set: false });
    expect(file()).not.toHaveProperty('alerts');
  });

  test('a budget can be removed', async () => {
    const removed = await client.request<BudgetsResponse>('DELETE', '/budgets/dashscope');
    expect(removed.body.settings).toEqual({});
    expect(file()).not.toHaveProperty('budgets');
  });
});

describe('dashboard', () => {
  test('sums this month per day, provider and model, with errors, fallbacks, latency and the latest requests', async () => {
    fx.sim.script([{ fault: { type: 'status', status: 500 } }], { model: 'qwen-max' });
    await fx.gateway.chat({ model: 'dashscope/qwen-max', fallbacks: ['dashscope/qwen-turbo'], prompt: 'x', maxTokens: 5 });
    fx.sim.script([{ fault: { type: 'status', status: 400 } }], { model: 'qwen-flash' });
    await expect(fx.gateway.chat({ model: 'dashscope/qwen-flash', prompt: 'x', maxTokens: 5 })).rejects.toThrow();
    await fx.gateway.flush();

    const { body } = await client.request<DashboardResponse>('GET', '/dashboard');
    const today = body.days.at(-1) ?? '';
    expect(body.days[0]).toMatch(/-01$/);
    expect(body.spendByDay.dashscope?.at(-1)).toBe(body.providers.find((p) => p.provider === 'dashscope')?.spentMicroUsd);
    expect(body.requestsByDay.at(-1)).toBe(body.totals.requests);
    expect(today.startsWith(body.period)).toBe(true);
    expect(body.totals.requests).toBeGreaterThanOrEqual(4);
    expect(body.totals.fallbacks).toBe(1);
    expect(body.totals.errors).toBe(1);
    expect(body.totals.avgLatencyMs).toBeGreaterThanOrEqual(0);
    expect(body.models.map((m) => m.model)).toEqual(expect.arrayContaining(['qwen-plus', 'qwen-turbo', 'qwen-flash']));
    expect(body.recent[0]).toMatchObject({ model: 'qwen-flash', outcome: expect.not.stringMatching(/^ok$/) });
    expect(body.recent.find((r) => r.fallbackFrom !== undefined)).toMatchObject({ model: 'qwen-turbo', fallbackFrom: 'dashscope/qwen-max' });
    expect(body.alerts.length).toBeGreaterThan(0);
    expect(body.recent.every((r) => r.kind === 'chat')).toBe(true);
  });

  test('lists the latest requests of one kind: chat or embeddings', async () => {
    await fx.gateway.embed({ model: 'dashscope/text-embedding-v4', input: ['one', 'two'] });
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'after the embedding', maxTokens: 5 });
    await fx.gateway.flush();

    const all = (await client.request<DashboardResponse>('GET', '/dashboard')).body;
    expect(all.recent.map((r) => r.kind).slice(0, 2)).toEqual(['chat', 'embed']);
    expect(all).not.toHaveProperty('recentKind');
    const embeds = (await client.request<DashboardResponse>('GET', '/dashboard?kind=embed')).body;
    expect(embeds.recentKind).toBe('embed');
    expect(embeds.recent[0]).toMatchObject({ kind: 'embed', model: 'text-embedding-v4', outcome: 'ok' });
    expect(embeds.recent.every((r) => r.kind === 'embed')).toBe(true);
    const chats = (await client.request<DashboardResponse>('GET', '/dashboard?kind=chat')).body;
    expect(chats.recent.length).toBeGreaterThan(0);
    expect(chats.recent.every((r) => r.kind === 'chat')).toBe(true);
    const bad = await client.request<{ error: { kind: string; message: string } }>('GET', '/dashboard?kind=vectors');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('kind: expected one of all, chat, embed, test.');
  });
});
