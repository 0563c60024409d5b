import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { budgetStatusShape } from './budget-schema.js';

const money = (microUsd: number) => ({ microUsd, usd: '$0.00' });

describe('budgetStatusShape', () => {
  it("keeps an alert's delivery state (the output is parsed through this schema)", () => {
    const delivery = {
      id: 'budget-2026-11-80-abc',
      type: 'aegis-llm.budget-alert',
      state: 'failed',
      attempts: 12,
      queuedAt: '2026-11-20T10:00:00.000Z',
      lastError: 'HTTP 500',
    };
    const alert = {
      period: '2026-11',
      provider: 'dashscope',
      threshold: 80,
      firedAt: '2026-11-20T10:00:00.000Z',
      spentMicroUsd: 8,
      limitMicroUsd: 10,
      delivery,
    };
    const provider = {
      provider: 'dashscope',
      budgeted: true,
      spent: money(8),
      reserved: money(0),
      requests: 1,
      unpricedRequests: 0,
      estimatedRequests: 0,
      errorRequests: 0,
      fallbackRequests: 0,
      openReservations: 0,
      models: [],
      alerts: [alert],
    };
    const webhook = { configured: true, signed: false, pending: 0, failed: 1 };
    const status = {
      period: '2026-11',
      periodStart: 'a',
      resetAt: 'b',
      resetDate: 'c',
      timeZone: 'UTC',
      generatedAt: 'd',
      providers: [provider],
      tags: [],
      webhook,
    };
    expect(z.object(budgetStatusShape).parse(status).providers[0]?.alerts[0]?.delivery).toEqual(delivery);
    expect(() =>
      z.object(budgetStatusShape).parse({ ...status, providers: [{ ...provider, alerts: [{ ...alert, delivery: { ...delivery, state: 'lost' } }] }] }),
    ).toThrow();
  });

  it("keeps the webhook's delivery status, its last success and last failure", () => {
    const webhook = {
      configured: true,
      signed: true,
      lastSuccess: { at: '2026-11-20T10:00:00.000Z', alertId: 'test-1', type: 'aegis-llm.test-alert' },
      lastFailure: { at: '2026-11-20T09:00:00.000Z', error: 'HTTP 503', alertId: 'budget-1', type: 'aegis-llm.budget-alert', state: 'pending' },
      pending: 1,
      failed: 0,
    };
    const status = { period: '2026-11', periodStart: 'a', resetAt: 'b', resetDate: 'c', timeZone: 'UTC', generatedAt: 'd', providers: [], tags: [], webhook };
    expect(z.object(budgetStatusShape).parse(status).webhook).toEqual(webhook);
    expect(() => z.object(budgetStatusShape).parse({ ...status, webhook: { ...webhook, lastFailure: { ...webhook.lastFailure, state: 'lost' } } })).toThrow();
  });

  it('keeps who set a limit and the conflicts this server was told of', () => {
    const provider = {
      provider: 'dashscope',
      budgeted: true,
      spent: money(8),
      reserved: money(0),
      requests: 1,
      unpricedRequests: 0,
      estimatedRequests: 0,
      errorRequests: 0,
      fallbackRequests: 0,
      openReservations: 0,
      models: [],
      alerts: [],
      limitSetBy: 'n8n credential DashScope account',
    };
    const budgetConflicts = [{ provider: 'dashscope', message: 'The dashscope budget declared by config file is not the one enforced.' }];
    const webhook = { configured: false, signed: false, pending: 0, failed: 0 };
    const status = {
      period: '2026-11',
      periodStart: 'a',
      resetAt: 'b',
      resetDate: 'c',
      timeZone: 'UTC',
      generatedAt: 'd',
      providers: [provider],
      tags: [],
      webhook,
      budgetConflicts,
    };
    const parsed = z.object(budgetStatusShape).parse(status);
    expect(parsed.providers[0]?.limitSetBy).toBe('n8n credential DashScope account');
    expect(parsed.budgetConflicts).toEqual(budgetConflicts);
  });
});
