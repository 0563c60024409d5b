/**
 * The budget book: the budgets every process on a store enforces, kept in
 * the store itself (the embedded ledger directory, or the Redis), next to the
 * spend they limit. Types and the (de)serialization only; the embedded and
 * Redis books implement BudgetBookStore, create-shared-budgets.ts reads and
 * writes them for a ledger.
 *
 * Entries are keyed by provider id in a Map (user names never index plain
 * objects); the file and the Redis value hold an array.
 */
import type { ProviderBudget } from '../../config/types.js';

/** One provider's budget as the store holds it, with who wrote it last. */
export interface BookEntry {
  budget: ProviderBudget;
  /** Who wrote it: `config file /etc/aegis.json`, `environment`, `n8n credential "DashScope account"`, `admin page`, ... Never a secret. */
  source: string;
  /** ISO time of the write. */
  updatedAt: string;
}

export interface BudgetBook {
  /** Increases on every write: a write made against an older revision is refused and retried. */
  rev: number;
  entries: Map<string, BookEntry>;
}

/**
 * The book's home in a store. `update` is atomic across every process on the
 * store: `change` sees the current book and returns the next one (or
 * undefined: nothing to write); it may run more than once when another
 * process wrote in between.
 */
export interface BudgetBookStore {
  read(): Promise<BudgetBook>;
  update(change: (book: BudgetBook) => BudgetBook | undefined): Promise<BudgetBook>;
  close(): Promise<void>;
}

export const EMPTY_BOOK: BudgetBook = { rev: 0, entries: new Map() };

interface StoredEntry {
  provider: string;
  monthlyLimitMicroUsd: number;
  onLimit: 'block' | 'fallback';
  alertThresholds: number[];
  models: Array<[string, number]>;
  unpriced?: ProviderBudget['unpriced'];
  source: string;
  updatedAt: string;
}

export function serializeBook(book: BudgetBook): string {
  const budgets: StoredEntry[] = [...book.entries].map(([provider, { budget, source, updatedAt }]) => ({
    provider,
    monthlyLimitMicroUsd: budget.monthlyLimitMicroUsd,
    onLimit: budget.onLimit,
    alertThresholds: [...budget.alertThresholds],
    models: Object.entries(budget.models),
    ...(budget.unpriced === undefined ? {} : { unpriced: budget.unpriced }),
    source,
    updatedAt,
  }));
  return JSON.stringify({ version: 1, rev: book.rev, budgets });
}

/** Reads a stored book; throws a TypeError naming what is wrong (a book written from outside, damaged). */
export function parseBook(text: string): BudgetBook {
  const value = JSON.parse(text) as unknown;
  if (!isObject(value) || !Number.isSafeInteger(value.rev) || !Array.isArray(value.budgets)) {
    throw new TypeError('budget book: expected { version, rev, budgets: [...] }');
  }
  const entries = new Map<string, BookEntry>();
  for (const raw of value.budgets as unknown[]) {
    if (!isObject(raw) || typeof raw.provider !== 'string' || !isCount(raw.monthlyLimitMicroUsd)) {
      throw new TypeError('budget book: an entry lacks its provider or monthlyLimitMicroUsd');
    }
    const models: Record<string, number> = {};
    for (const pair of Array.isArray(raw.models) ? (raw.models as unknown[]) : []) {
      if (Array.isArray(pair) && typeof pair[0] === 'string' && isCount(pair[1])) {
        Object.defineProperty(models, pair[0], { value: pair[1], enumerable: true, writable: true, configurable: true });
      }
    }
    const thresholds = Array.isArray(raw.alertThresholds) ? (raw.alertThresholds as unknown[]).filter((t): t is number => typeof t === 'number') : [];
    const budget: ProviderBudget = {
      monthlyLimitMicroUsd: raw.monthlyLimitMicroUsd,
      onLimit: raw.onLimit === 'fallback' ? 'fallback' : 'block',
      alertThresholds: thresholds,
      models,
    };
    if (raw.unpriced === 'refuse' || raw.unpriced === 'allow') budget.unpriced = raw.unpriced;
    else if (isObject(raw.unpriced) && typeof raw.unpriced.assumeUsdPer1M === 'number') budget.unpriced = { assumeUsdPer1M: raw.unpriced.assumeUsdPer1M };
    entries.set(raw.provider, {
      budget,
      source: typeof raw.source === 'string' ? raw.source : 'unknown',
      updatedAt: typeof raw.updatedAt === 'string' ? raw.updatedAt : '',
    });
  }
  return { rev: value.rev as number, entries };
}

/** Whether two budgets enforce the same thing (limits, models, thresholds, action, unpriced policy). */
export function sameBudget(a: ProviderBudget | undefined, b: ProviderBudget | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonical(a) === canonical(b);
}

function canonical(budget: ProviderBudget): string {
  return JSON.stringify([
    budget.monthlyLimitMicroUsd,
    budget.onLimit,
    [...budget.alertThresholds].sort((x, y) => x - y),
    Object.entries(budget.models).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
    budget.unpriced ?? null,
  ]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
