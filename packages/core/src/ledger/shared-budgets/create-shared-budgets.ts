/**
 * The budgets a ledger enforces: the store's budget book (budget-book.ts),
 * the same for every process on the store, with this process's declared
 * budgets written into it by the rules of reconcile-budgets.ts.
 *
 * `refresh` is awaited before every reserve and budget status. It reads the
 * book at most every `refreshMs` (one small read; concurrent callers share
 * it) and reconciles at once when the declared budgets changed (a
 * reconfigure): a limit set by another process applies here within
 * `refreshMs`, this process's own change at its next request. Before the
 * first read nothing is admitted against a stale view: the first refresh
 * is awaited. When the book cannot be read (Redis down), the last book read
 * stays in force, or the declared budgets if none was read yet.
 */
import type { ProviderBudget } from '../../config/types.js';
import type { Logger } from '../../log/logger.js';
import type { Clock } from '../../time/clock.js';
import { setOwn } from '../../util/own-entry.js';
import type { BookEntry, BudgetBook, BudgetBookStore } from './budget-book.js';
import { findConflicts, reconcileBook, type BudgetConflict } from './reconcile-budgets.js';

export const BUDGET_REFRESH_MS = 1_000;

export interface SharedBudgetsOptions {
  book: BudgetBookStore;
  /** This process's declared budgets (the config's `budgets`): a getter, read on each refresh. */
  declared: () => Record<string, ProviderBudget>;
  /** Who this process is as a writer of the book. */
  source: () => string;
  clock: Clock;
  logger: Logger;
  /** @default BUDGET_REFRESH_MS */
  refreshMs?: number;
}

export interface SharedBudgets {
  /** Reads the book if the last read is older than refreshMs, and writes this process's changed declarations first. */
  refresh(): Promise<void>;
  /** The budgets in force: the book's as last read (the declared ones before any read). */
  budgets(): Record<string, ProviderBudget>;
  /** Who set each budget in force. */
  entry(provider: string): BookEntry | undefined;
  /** This process's declared budgets the book does not enforce as declared. */
  conflicts(): BudgetConflict[];
  /** Writes this process's declarations for `providers` over whoever set them (an explicit save), then reads the book. */
  claim(providers: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export function createSharedBudgets(options: SharedBudgetsOptions): SharedBudgets {
  const { book: store, clock, logger } = options;
  const refreshMs = options.refreshMs ?? BUDGET_REFRESH_MS;
  let book: BudgetBook | undefined;
  let effective: Record<string, ProviderBudget> | undefined;
  let readAt = -Infinity;
  let declaredObject: Record<string, ProviderBudget> | undefined;
  let previous: Map<string, ProviderBudget> | undefined;
  let conflicts: BudgetConflict[] = [];
  const told = new Set<string>();
  let inFlight: Promise<void> | undefined;
  let failing = false;

  const adopt = (next: BudgetBook): void => {
    book = next;
    readAt = clock.now();
    const record: Record<string, ProviderBudget> = {};
    for (const [provider, entry] of next.entries) setOwn(record, provider, entry.budget);
    effective = record;
    conflicts = findConflicts(next, toMap(options.declared()), options.source());
    for (const conflict of conflicts) {
      if (told.has(conflict.message)) continue;
      told.add(conflict.message);
      logger.warn(conflict.message, { provider: conflict.provider });
    }
  };

  const run = async (force?: ReadonlySet<string>): Promise<void> => {
    const declaredNow = options.declared();
    const changed = declaredNow !== declaredObject;
    try {
      if (changed || force !== undefined) {
        const declared = toMap(declaredNow);
        const source = options.source();
        const now = new Date(clock.now()).toISOString();
        adopt(await store.update((current) => reconcileBook(current, { declared, previous, source, now, force })));
        declaredObject = declaredNow;
        previous = declared;
      } else {
        adopt(await store.read());
      }
      if (failing) logger.info('The budget book is readable again.');
      failing = false;
    } catch (error) {
      if (force !== undefined) throw error;
      // Keep what was in force; try again at the next request.
      if (!failing) logger.warn(`The budget book could not be read (${(error as Error).message}); the budgets last read stay in force.`);
      failing = true;
    }
  };

  const single = (work: () => Promise<void>): Promise<void> => {
    if (inFlight !== undefined) return inFlight;
    const running = work().finally(() => {
      inFlight = undefined;
    });
    inFlight = running;
    return running;
  };

  return {
    async refresh() {
      const fresh = book !== undefined && clock.now() - readAt < refreshMs && options.declared() === declaredObject;
      if (fresh) return;
      await single(() => run());
    },
    budgets: () => effective ?? options.declared(),
    entry: (provider) => book?.entries.get(provider),
    conflicts: () => conflicts.map((conflict) => ({ ...conflict })),
    async claim(providers) {
      if (inFlight !== undefined) await inFlight.catch(() => {});
      await run(new Set(providers));
    },
    close: () => store.close(),
  };
}

function toMap(budgets: Record<string, ProviderBudget>): Map<string, ProviderBudget> {
  return new Map(Object.entries(budgets));
}
