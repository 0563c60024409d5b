import { describe, expect, it } from 'vitest';
import type { ProviderBudget } from '../../config/types.js';
import { EMPTY_BOOK, parseBook, serializeBook, type BudgetBook } from './budget-book.js';
import { findConflicts, reconcileBook } from './reconcile-budgets.js';

const budget = (usd: number, models: Record<string, number> = {}): ProviderBudget => ({
  monthlyLimitMicroUsd: Math.round(usd * 1e6),
  onLimit: 'block',
  alertThresholds: [50, 80, 100],
  models,
});
const NOW = '2026-12-03T12:00:00.000Z';
const bookOf = (...entries: Array<[string, ProviderBudget, string]>): BudgetBook => ({
  rev: 3,
  entries: new Map(entries.map(([p, b, source]) => [p, { budget: b, source, updatedAt: NOW }])),
});

describe('reconcileBook: who wins', () => {
  it('seeds an empty book with the declared budgets (migration of a config file)', () => {
    const next = reconcileBook(EMPTY_BOOK, { declared: new Map([['dashscope', budget(20)]]), source: 'config file /a.json', now: NOW });
    expect(next?.entries.get('dashscope')).toEqual({ budget: budget(20), source: 'config file /a.json', updatedAt: NOW });
  });

  it('keeps an entry another source wrote, and tells the loser', () => {
    const book = bookOf(['dashscope', budget(0.02), 'n8n credential "DashScope"']);
    const declared = new Map([['dashscope', budget(50)]]);
    expect(reconcileBook(book, { declared, source: 'config file /a.json', now: NOW })).toBeUndefined();
    const [conflict] = findConflicts(book, declared, 'config file /a.json');
    expect(conflict?.provider).toBe('dashscope');
    expect(conflict?.message).toContain('$50.00/month');
    expect(conflict?.message).toContain('$0.02/month');
    expect(conflict?.message).toContain('n8n credential "DashScope"');
  });

  it('updates an entry its own source wrote, when the declaration differs', () => {
    const book = bookOf(['dashscope', budget(20), 'config file /a.json']);
    const next = reconcileBook(book, { declared: new Map([['dashscope', budget(30)]]), source: 'config file /a.json', now: NOW });
    expect(next?.entries.get('dashscope')?.budget.monthlyLimitMicroUsd).toBe(30_000_000);
    expect(reconcileBook(book, { declared: new Map([['dashscope', budget(20)]]), source: 'config file /a.json', now: NOW })).toBeUndefined();
  });

  it('an explicit save (force) takes over whoever wrote it; a forced provider not declared is removed', () => {
    const book = bookOf(['dashscope', budget(0.02), 'n8n credential "DashScope"'], ['openai', budget(5), 'environment']);
    const next = reconcileBook(book, {
      declared: new Map([['dashscope', budget(50)]]),
      previous: new Map([['dashscope', budget(50)]]),
      source: 'config file /a.json',
      now: NOW,
      force: new Set(['dashscope', 'openai']),
    });
    expect(next?.entries.get('dashscope')?.source).toBe('config file /a.json');
    expect(next?.entries.has('openai')).toBe(false);
  });

  it('a process starting without a budget removes none, even under the same source name', () => {
    const book = bookOf(['dashscope', budget(0.2), 'environment']);
    expect(reconcileBook(book, { declared: new Map(), source: 'environment', now: NOW })).toBeUndefined();
  });

  it('a declaration removed while running removes its own entry only', () => {
    const book = bookOf(['dashscope', budget(20), 'config file /a.json'], ['openai', budget(5), 'environment']);
    const previous = new Map([
      ['dashscope', budget(20)],
      ['openai', budget(5)],
    ]);
    const next = reconcileBook(book, { declared: new Map(), previous, source: 'config file /a.json', now: NOW });
    expect([...(next?.entries.keys() ?? [])]).toEqual(['openai']);
  });

  it('an unchanged declaration does not write again (two processes do not overwrite each other in turn)', () => {
    const book = bookOf(['dashscope', budget(10), 'environment']);
    const mine = new Map([['dashscope', budget(20)]]);
    expect(reconcileBook(book, { declared: mine, previous: mine, source: 'environment', now: NOW })).toBeUndefined();
  });

  it('provider and model names like __proto__ and constructor are ordinary names, in the book and its JSON', () => {
    const odd = budget(
      1,
      Object.fromEntries([
        ['__proto__', 5],
        ['toString', 7],
      ]),
    );
    const next = reconcileBook(EMPTY_BOOK, {
      declared: new Map([
        ['__proto__', odd],
        ['constructor', budget(2)],
      ]),
      source: 'environment',
      now: NOW,
    });
    const round = parseBook(serializeBook({ rev: 1, entries: next!.entries }));
    expect([...round.entries.keys()]).toEqual(['__proto__', 'constructor']);
    expect(Object.hasOwn(round.entries.get('__proto__')!.budget.models, '__proto__')).toBe(true);
    expect(Object.entries(round.entries.get('__proto__')!.budget.models)).toEqual([
      ['__proto__', 5],
      ['toString', 7],
    ]);
  });
});
