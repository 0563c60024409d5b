import type { BudgetStatus, ProviderBudgetStatus } from '@aegis-llm/core';
import { describe, expect, it } from 'vitest';
import { alertViews } from './alert-views.js';

describe('alertViews', () => {
  it('shows each alert newest first, with its webhook delivery when it has one', () => {
    const delivery = {
      id: 'budget-2026-11-80-abc',
      type: 'aegis-llm.budget-alert',
      state: 'pending' as const,
      attempts: 2,
      queuedAt: '2026-11-20T10:00:00.000Z',
      lastError: 'timeout',
    };
    const provider = {
      provider: 'dashscope',
      alerts: [
        { period: '2026-11', provider: 'dashscope', threshold: 50, firedAt: '2026-11-10T10:00:00.000Z', spentMicroUsd: 5_000_000, limitMicroUsd: 10_000_000 },
        {
          period: '2026-11',
          provider: 'dashscope',
          threshold: 80,
          firedAt: '2026-11-20T10:00:00.000Z',
          spentMicroUsd: 8_000_000,
          limitMicroUsd: 10_000_000,
          delivery,
        },
      ],
    } as unknown as ProviderBudgetStatus;
    const views = alertViews({ providers: [provider] } as unknown as BudgetStatus);
    expect(views).toEqual([
      { provider: 'dashscope', period: '2026-11', threshold: 80, firedAt: '2026-11-20T10:00:00.000Z', spentUsd: '$8.00', limitUsd: '$10.00', delivery },
      { provider: 'dashscope', period: '2026-11', threshold: 50, firedAt: '2026-11-10T10:00:00.000Z', spentUsd: '$5.00', limitUsd: '$10.00' },
    ]);
  });
});
