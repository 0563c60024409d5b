/**
 * The dashboard's figures an admin acts on: failures behind a fallback in
 * the failing model's row, connection tests apart from traffic, p50/p95
 * latency, and a warning when the month-end forecast passes a budget.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminClient, type AdminClient } from '../test-support/admin-client.js';
import { startAdminFixture, type AdminFixture } from '../test-support/start-admin-fixture.js';
import type { DashboardResponse } from './api-types.js';

const serverError = { fault: { type: 'status' as const, status: 500, code: 'InternalError' } };

let fx: AdminFixture;
let client: AdminClient;
beforeAll(async () => {
  // Half a day into this month: $0.02 spent projects far past $0.05 whatever today's date.
  const now = new Date();
  const base = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1, 12);
  const started = Date.now();
  fx = await startAdminFixture({
    file: {
      routing: { maxRetries: 2, baseBackoffMs: 5, maxBackoffMs: 20, cooldown: { failures: 20 } },
      budgets: { dashscope: { monthlyUsd: 0.05 } },
      timeZone: 'UTC',
    },
    gateway: { clock: { now: () => base + (Date.now() - started) } },
  });
  client = adminClient(fx.origin);
  await client.login(fx.token);
});
afterAll(async () => fx.close());

const dashboard = async (query = '') => (await client.request<DashboardResponse>('GET', `/dashboard${query}`)).body;

describe('GET /dashboard', () => {
  test('failures behind a fallback count against the failing model; a connection test is apart', async () => {
    fx.sim.script([serverError, serverError, serverError], { model: 'qwen-plus' });
    fx.sim.script({ text: 'ok' }, { model: 'qwen-flash' });
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', fallbacks: ['dashscope/qwen-flash'], prompt: 'x', maxTokens: 5 });
    fx.sim.script({ text: 'p', usage: { promptTokens: 5, completionTokens: 1 } });
    await client.request('POST', '/providers/dashscope/test');

    const view = await dashboard();
    const row = (model: string) => view.models.find((m) => m.model === model);
    expect(row('qwen-plus')).toMatchObject({ requests: 0, errors: 0, failedAttempts: 3, fallbacks: 0 });
    expect(row('qwen-flash')).toMatchObject({ requests: 1, failedAttempts: 0, fallbacks: 1 });
    expect(view.totals).toMatchObject({ requests: 1, failedAttempts: 3, tests: 1 });
    // Listed only when asked for.
    expect(view.recent.map((r) => r.kind)).toEqual(['chat']);
    expect((await dashboard('?kind=test')).recent).toMatchObject([{ kind: 'test', provider: 'dashscope' }]);
  });

  test('p50/p95 latency from this month’s requests, connection tests left out', async () => {
    const view = await dashboard();
    expect(view.latencySample).toBe(1);
    const flash = view.models.find((m) => m.model === 'qwen-flash');
    expect(flash?.p50LatencyMs).toBeGreaterThanOrEqual(0);
    expect(flash?.p95LatencyMs).toBe(flash?.p50LatencyMs);
    expect(view.totals.p50LatencyMs).toBe(flash?.p50LatencyMs);
    expect(view.models.find((m) => m.model === 'qwen-plus')?.p50LatencyMs).toBeUndefined();
  });

  test('warns when the month-end forecast passes a budget', async () => {
    expect((await dashboard()).forecasts).toEqual([]);
    fx.sim.script({ usage: { promptTokens: 50_000, completionTokens: 50 } }, { model: 'qwen-plus' });
    await fx.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'x'.repeat(200_000), maxTokens: 50 });
    const [warning, ...more] = (await dashboard()).forecasts;
    expect(more).toEqual([]);
    expect(warning).toMatchObject({ provider: 'dashscope', limitUsd: '$0.05' });
    expect(warning?.percent).toBeGreaterThan(100);
  });
});

describe('GET /dashboard/export.csv', () => {
  test('this month per provider and model as a CSV download; a month outside the year is refused', async () => {
    const csv = await client.request<string>('GET', '/dashboard/export.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const period = (await dashboard()).period;
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="aegis-llm-usage-${period}.csv"`);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^period,provider,model,spend_usd,spend_micro_usd,requests,errors,failed_attempts,/);
    expect(lines.find((l) => l.startsWith(`${period},dashscope,qwen-plus,`))?.split(',')[7]).toBe('3');
    for (const bad of ['2019-01', 'nope', '2026-13']) {
      const refused = await client.request('GET', `/dashboard/export.csv?period=${bad}`);
      expect(refused.status, bad).toBe(400);
    }
  });

  test("a from/to range's days summed per provider and model; a range with a month, or a range the core refuses, is a 400", async () => {
    // The gateway's clock in this file runs from the 1st of the month, 12:00 UTC.
    const today = `${(await dashboard()).period}-01`;
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const csv = await client.request<string>('GET', `/dashboard/export.csv?from=${yesterday}&to=${today}`);
    expect(csv.status, csv.text).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="aegis-llm-usage-${yesterday}_to_${today}.csv"`);
    const rows = csv.text.trim().split('\r\n').slice(1);
    // Every row of the range is labelled with it; today's failures behind the fallback are there.
    expect(rows.every((line) => line.startsWith(`${yesterday}/${today},`))).toBe(true);
    expect(rows.find((l) => l.includes(',dashscope,qwen-plus,'))?.split(',')[7]).toBe('3');
    const only = await client.request<string>('GET', `/dashboard/export.csv?from=${yesterday}&to=${yesterday}`);
    expect(only.text.trim().split('\r\n')).toHaveLength(1);
    for (const bad of [`from=${today}&to=${yesterday}`, `from=${today}`, `from=${today}&to=${today}&period=2026-11`, 'from=2019-01-01&to=2019-01-02']) {
      const refused = await client.request<{ error: { field?: string } }>('GET', `/dashboard/export.csv?${bad}`);
      expect(refused.status, bad).toBe(400);
    }
  });
});

describe('GET /dashboard: earlier months', () => {
  test('a month with traffic is listed after the current one, with its own totals', async () => {
    const now = new Date();
    const lastMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 10, 12);
    const thisMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 2, 12);
    let at = lastMonth;
    const other = await startAdminFixture({ file: { timeZone: 'UTC' }, gateway: { clock: { now: () => at } } });
    try {
      const otherClient = adminClient(other.origin);
      await otherClient.login(other.token);
      other.sim.script({ text: 'a' });
      await other.gateway.chat({ model: 'dashscope/qwen-plus', prompt: 'x', maxTokens: 5 });
      at = thisMonth;
      other.sim.script({ text: 'b' });
      await other.gateway.chat({ model: 'dashscope/qwen-flash', prompt: 'x', maxTokens: 5 });
      other.sim.script({ text: 'c' });
      await other.gateway.chat({ model: 'dashscope/qwen-flash', prompt: 'x', maxTokens: 5 });
      const view = (await otherClient.request<DashboardResponse>('GET', '/dashboard')).body;
      const previous = new Date(lastMonth).toISOString().slice(0, 7);
      expect(view.months.map((m) => [m.period, m.requests])).toEqual([
        [view.period, 2],
        [previous, 1],
      ]);
      expect(view.months[1]?.providers).toEqual([{ provider: 'dashscope', spentUsd: expect.stringMatching(/^\$/), requests: 1 }]);
    } finally {
      await other.close();
    }
  });
});
