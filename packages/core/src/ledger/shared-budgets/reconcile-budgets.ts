/**
 * Who wins when surfaces disagree about a budget (README "Budgets live in the
 * store"). The book in the store is what every process enforces. A process
 * writes its declared budgets (config file `budgets`, `MONTHLY_BUDGET_*`, an
 * n8n credential) into the book:
 * - for a provider the book has no budget for (first start: migration of an
 *   existing config's `budgets`);
 * - over an entry its own source wrote (the same config file, the same
 *   credential): editing that source changes the limit for everyone;
 * - over anyone's entry when the user asked for it explicitly (the admin
 *   page's save, `force`).
 * Otherwise the stored entry wins and the process is told (findConflicts):
 * a warning in its log, in `budget_status` and in the n8n node's output.
 * A declaration only writes when it changed since this process last looked
 * (or at its start), so two processes declaring different limits do not
 * overwrite each other in turn: the first to write keeps it.
 * A declaration removed from its source while the process runs (the admin
 * page's delete, a reconfigure) removes the entry that source wrote; a
 * process that starts without it removes nothing (the admin page does).
 */
import type { ProviderBudget } from '../../config/types.js';
import { sameBudget, type BookEntry, type BudgetBook } from './budget-book.js';

export interface ReconcileInput {
  /** This process's declared budgets now. */
  declared: ReadonlyMap<string, ProviderBudget>;
  /** What it declared when it last reconciled; undefined at its first reconcile. */
  previous?: ReadonlyMap<string, ProviderBudget>;
  /** Who this process is as a writer (BookEntry.source). */
  source: string;
  /** ISO time of the write. */
  now: string;
  /** Providers whose declaration is written whoever wrote the stored entry (an explicit save). */
  force?: ReadonlySet<string>;
}

/** The next book, or undefined when nothing is to be written. */
export function reconcileBook(book: BudgetBook, input: ReconcileInput): BudgetBook | undefined {
  const { declared, previous, source, now } = input;
  const force = input.force ?? new Set<string>();
  // An entry is removed only by a declaration removed while the process runs
  // (a reconfigure) or by an explicit save: a process starting without a
  // budget removes none, though it may share a source name with the writer
  // (two processes on `environment`), so no limit vanishes by a restart.
  const providers = new Set<string>([...declared.keys(), ...(previous?.keys() ?? []), ...force]);
  const entries = new Map(book.entries);
  let changed = false;
  for (const provider of providers) {
    const mine = declared.get(provider);
    const forced = force.has(provider);
    if (!forced && previous !== undefined && sameBudget(mine, previous.get(provider))) continue;
    const stored = entries.get(provider);
    if (mine === undefined) {
      if (stored !== undefined && (forced || stored.source === source)) {
        entries.delete(provider);
        changed = true;
      }
      continue;
    }
    if (stored !== undefined && !forced && stored.source !== source) continue;
    if (stored !== undefined && stored.source === source && sameBudget(stored.budget, mine)) continue;
    entries.set(provider, { budget: mine, source, updatedAt: now });
    changed = true;
  }
  return changed ? { rev: book.rev, entries } : undefined;
}

/** A declared budget that is not the one enforced, said to the process that declared it. */
export interface BudgetConflict {
  provider: string;
  /** This process's source. */
  declaredBy: string;
  /** The entry enforced instead; undefined when the store holds none for the provider (it was removed elsewhere). */
  enforced?: BookEntry;
  message: string;
}

export function findConflicts(book: BudgetBook, declared: ReadonlyMap<string, ProviderBudget>, source: string): BudgetConflict[] {
  const out: BudgetConflict[] = [];
  for (const [provider, mine] of declared) {
    const stored = book.entries.get(provider);
    if (stored !== undefined && sameBudget(stored.budget, mine)) continue;
    const message =
      stored === undefined
        ? `The ${provider} budget declared by ${source} (${describe(mine)}) is not in the shared store: it was removed there, so no limit applies. Save it again from the admin page to restore it.`
        : `The ${provider} budget declared by ${source} (${describe(mine)}) is not the one enforced: the shared store holds ${describe(stored.budget)}, set by ${stored.source} at ${stored.updatedAt}, and every process on the store enforces that. Change it where it was set, or save it from the admin page to take it over.`;
    out.push(stored === undefined ? { provider, declaredBy: source, message } : { provider, declaredBy: source, enforced: stored, message });
  }
  return out;
}

function describe(budget: ProviderBudget): string {
  const usd = (budget.monthlyLimitMicroUsd / 1_000_000).toFixed(budget.monthlyLimitMicroUsd % 10_000 === 0 ? 2 : 6);
  const models = Object.keys(budget.models).length;
  return `$${usd}/month, ${budget.onLimit}${models > 0 ? `, ${models} model limit${models === 1 ? '' : 's'}` : ''}`;
}
