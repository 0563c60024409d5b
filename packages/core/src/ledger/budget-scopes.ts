/**
 * Provider budgets and tag budgets (`name=value` scopes) side by side in one
 * budget book: a provider id never holds `=`, a tag scope always does. The
 * book (shared-budgets/) shares both with every process on the store under
 * the same rules; the ledger reads them apart.
 */
import type { ProviderBudget, TagBudget } from '../config/types.js';
import { getOwn, setOwn } from '../util/own-entry.js';

export interface BudgetScopes {
  providers: Record<string, ProviderBudget>;
  tags: Record<string, TagBudget>;
}

export function isTagScope(key: string): boolean {
  return key.includes('=');
}

/** The declared budgets as the book holds them: providers, then tag scopes as block-at-limit budgets. */
export function toBookBudgets(providers: Record<string, ProviderBudget>, tags: Record<string, TagBudget>): Record<string, ProviderBudget> {
  const out: Record<string, ProviderBudget> = {};
  for (const [provider, budget] of Object.entries(providers)) setOwn(out, provider, budget);
  for (const [scope, budget] of Object.entries(tags)) {
    setOwn(out, scope, { monthlyLimitMicroUsd: budget.monthlyLimitMicroUsd, onLimit: 'block', alertThresholds: budget.alertThresholds, models: {} });
  }
  return out;
}

/**
 * The declared budgets as the book holds them (toBookBudgets over the
 * merged tag budgets), remembering the last result while its three sources
 * are the same objects: the book is reconciled (a locked write) whenever
 * the declared object changes, and it is asked for on every request.
 */
export function createDeclaredBook(): (
  providers: Record<string, ProviderBudget>,
  configTags: Record<string, TagBudget> | undefined,
  surfaceTags: Record<string, TagBudget> | undefined,
) => { book: Record<string, ProviderBudget>; tags: Record<string, TagBudget> } {
  let last: { providers: unknown; configTags: unknown; surfaceTags: unknown } | undefined;
  let result = { book: {} as Record<string, ProviderBudget>, tags: {} as Record<string, TagBudget> };
  return (providers, configTags, surfaceTags) => {
    if (last !== undefined && last.providers === providers && last.configTags === configTags && last.surfaceTags === surfaceTags) return result;
    const tags = mergeTagBudgets(configTags, surfaceTags);
    result = { book: toBookBudgets(providers, tags), tags };
    last = { providers, configTags, surfaceTags };
    return result;
  };
}

/** Tag budgets from several sources (config, client keys); the first source that names a scope wins. */
export function mergeTagBudgets(...sources: ReadonlyArray<Record<string, TagBudget> | undefined>): Record<string, TagBudget> {
  const out: Record<string, TagBudget> = {};
  for (const source of sources) {
    for (const [scope, budget] of Object.entries(source ?? {})) if (getOwn(out, scope) === undefined) setOwn(out, scope, budget);
  }
  return out;
}

/**
 * Splits the book's budgets into providers and tag scopes, remembering the
 * last split: the book's object changes only when it is read again, and the
 * split runs on every request.
 */
export function createScopeSplitter(): (all: Record<string, ProviderBudget>) => BudgetScopes {
  let last: Record<string, ProviderBudget> | undefined;
  let split: BudgetScopes = { providers: {}, tags: {} };
  return (all) => {
    if (all === last) return split;
    const next: BudgetScopes = { providers: {}, tags: {} };
    for (const [key, budget] of Object.entries(all)) {
      if (isTagScope(key)) setOwn(next.tags, key, { monthlyLimitMicroUsd: budget.monthlyLimitMicroUsd, alertThresholds: budget.alertThresholds });
      else setOwn(next.providers, key, budget);
    }
    last = all;
    split = next;
    return split;
  };
}
