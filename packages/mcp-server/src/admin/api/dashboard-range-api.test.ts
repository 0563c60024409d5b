/**
 * The dashboard over a date range, the request log (searched and paged,
 * bounded server side) and the error breakdown by kind per failing model,
 * from real requests to the simulator over three days.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminClient, type AdminClient } from '../test-support/admin-client.js';
import { dayBack, seedFixtureOptions, seedRequestLog, shiftedClock } from '../test-support/seed-request-log.js';
import { startAdminFixture, type AdminFixture } from '../test-support/start-admin-fixture.js';
import type { ApiError, DashboardResponse, RequestLogResponse } from './api-types.js';

let fx: AdminFixture;
let client: AdminClient;
beforeAll(async () => {
  const clock = shiftedClock();
  fx = await startAdminFixture(seedFixtureOptions(clock));
  client = adminClient(fx.origin);
  await client.login(fx.token);
  await seedRequestLog(fx, clock, 30);
}, 60_000);
afterAll(async () => fx.close());

const get = async <T>(path: string) => client.request<T>('GET', path);
const dashboard = async (query: string) => {
  const response = await get<DashboardResponse>(`/dashboard${query}`);
  expect(response.status, response.text).toBe(200);
  return response.body;
};
const log = async (query: string) => {
  const response = await get<RequestLogResponse>(`/requests${query}`);
  expect(response.status, response.text).toBe(200);
  return response.body;
};

describe('GET /dashboard?from&to', () => {
  test('three days back to yesterday: its days, and totals, models and errors of those days only', async () => {
    const view = await dashboard(`?from=${dayBack(3)}&to=${dayBack(1)}`);
    expect(view.range).toEqual({ from: dayBack(3), to: dayBack(1) });
    expect(view.days).toEqual([dayBack(3), dayBack(2), dayBack(1)]);
    expect(view.requestsByDay).toEqual([2, 0, 2]);
    expect(view.totals).toMatchObject({ requests: 4, errors: 1, failedAttempts: 2, fallbacks: 1 });
    const plus = view.models.find((m) => m.model === 'qwen-plus');
    expect(plus).toMatchObject({ requests: 2, failedAttempts: 1 });
    expect(plus?.spentMicroUsd).toBeGreaterThan(0);
    expect(view.spendByDay.dashscope?.[0]).toBe(plus?.spentMicroUsd);
    expect(view.models.find((m) => m.model === 'qwen-max')).toBeUndefined();
    expect(view.latencySample).toBe(4);
    expect(view.errorBreakdown).toEqual([
      { provider: 'dashscope', model: 'qwen-flash', failures: 1, kinds: [{ kind: 'rate_limited', count: 1 }] },
      { provider: 'dashscope', model: 'qwen-plus', failures: 1, kinds: [{ kind: 'upstream_unavailable', count: 1 }] },
    ]);
  });

  test('today alone: the budget refusal and the timeout in the breakdown; the month view has them all', async () => {
    const today = await dashboard(`?from=${dayBack(0)}&to=${dayBack(0)}`);
    expect(today.days).toEqual([dayBack(0)]);
    expect(today.totals.requests).toBe(32);
    expect(today.errorBreakdown.map((e) => [e.model, e.kinds])).toEqual([
      ['qwen-max', [{ kind: 'budget_exceeded', count: 1 }]],
      ['qwen-turbo', [{ kind: 'timeout', count: 1 }]],
    ]);
    const month = await dashboard('');
    expect(month.range).toBeUndefined();
    expect(month.rangeMaxDays).toBe(40);
    const inMonth = [dayBack(3), dayBack(1), dayBack(0)].filter((day) => day.slice(0, 7) === month.period).length;
    expect(month.errorBreakdown.length).toBeLessThanOrEqual(4);
    if (inMonth === 3) expect(month.totals.requests).toBe(36);
  });

  test('a bad range is a 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      [`?from=${dayBack(1)}`, 'to'],
      [`?to=${dayBack(1)}`, 'from'],
      [`?from=${dayBack(1)}&to=${dayBack(2)}`, 'from'],
      [`?from=${dayBack(0)}&to=${dayBack(-1)}`, 'to'],
      [`?from=${dayBack(40)}&to=${dayBack(0)}`, 'from'],
      ['?from=2026-02-30&to=2026-03-01', 'from'],
      ['?from=yesterday&to=today', 'from'],
      ['?from=a&from=b&to=c', 'from'],
      [`?from[x]=1&to=${dayBack(0)}`, 'from'],
    ];
    for (const [query, field] of cases) {
      const response = await get<ApiError>(`/dashboard${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error, query).toMatchObject({ kind: 'bad_request', field });
    }
    expect((await dashboard(`?from=${dayBack(39)}&to=${dayBack(0)}`)).days).toHaveLength(40);
  });
});

describe('GET /requests', () => {
  test('newest first, paged; the pages add up to the whole', async () => {
    const first = await log('?limit=10');
    expect(first).toMatchObject({ total: 36, offset: 0, limit: 10, searched: 36, windowFull: false });
    expect(first.requests).toHaveLength(10);
    expect(first.requests[0]?.task).toBe('bulk');
    const seen: string[] = [];
    for (let offset = 0; offset < 36; offset += 10) {
      const page = await log(`?limit=10&offset=${offset}`);
      seen.push(...page.requests.map((r) => r.time));
    }
    expect(seen).toHaveLength(36);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect((await log('?offset=40')).requests).toEqual([]);
  });

  test('searched by provider, model, task, tag, outcome, text and days', async () => {
    expect((await log('?task=summarize')).total).toBe(2);
    expect((await log('?model=qwen-plus')).total).toBe(2);
    expect((await log('?model=dashscope/qwen-flash&task=translate')).requests).toMatchObject([{ fallbackFrom: 'dashscope/qwen-plus' }]);
    expect((await log('?provider=openai')).total).toBe(0);
    expect((await log('?tag=team')).total).toBe(3);
    expect((await log('?tag=team%3Dbeta')).requests).toMatchObject([{ task: 'translate', tags: [['team', 'beta']] }]);
    expect((await log('?outcome=error')).requests.map((r) => r.outcome).sort()).toEqual(['budget_exceeded', 'rate_limited', 'timeout']);
    expect((await log('?outcome=rate_limited')).requests).toMatchObject([{ model: 'qwen-flash' }]);
    expect((await log('?text=ALPHA')).total).toBe(2);
    expect((await log('?text=qwen-turbo')).requests).toMatchObject([{ outcome: 'timeout' }]);
    expect((await log(`?from=${dayBack(3)}&to=${dayBack(1)}`)).total).toBe(4);
    expect((await log(`?from=${dayBack(1)}&to=${dayBack(1)}&outcome=ok`)).total).toBe(1);
    expect((await log('?kind=test')).total).toBe(0);
  });

  test('bounded: at most 100 a page; bad parameters are a 400 naming them', async () => {
    expect((await log('?limit=100')).limit).toBe(100);
    const cases: Array<[string, string]> = [
      ['?limit=101', 'limit'],
      ['?limit=0', 'limit'],
      ['?limit=1e3', 'limit'],
      ['?offset=-1', 'offset'],
      ['?outcome=broken', 'outcome'],
      ['?outcome=__proto__', 'outcome'],
      ['?kind=toString', 'kind'],
      [`?text=${'x'.repeat(301)}`, 'text'],
      ['?task=a&task=b', 'task'],
      [`?from=${dayBack(45)}&to=${dayBack(0)}`, 'from'],
    ];
    for (const [query, field] of cases) {
      const response = await get<ApiError>(`/requests${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error, query).toMatchObject({ kind: 'bad_request', field });
    }
    expect((await log('?task=__proto__&provider=constructor&tag=toString')).total).toBe(0);
  });
});
