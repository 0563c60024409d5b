import type { TagBudgetPatch } from '../api/api-types.js';
import { fieldsUnder, firstKey, type FieldOfPath } from './config-path.js';
import { dropIfEmpty, objectAt, setEntry, type RawConfig } from './raw-config.js';

/** A plain decimal number as typed in a form field. */
const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Writes a tag budget (`tagBudgets["workflow_id=wf_1"]`) from the form, as
 * setBudget does for a provider: the amount stays a decimal string, read
 * exactly by the schema; thresholds become numbers when they look like them,
 * so parseConfig names a bad one in its own words.
 */
export function setTagBudget(draft: RawConfig, scope: string, patch: TagBudgetPatch): void {
  const thresholds = patch.alertThresholds
    .map((value) => value.trim())
    .filter((value) => value !== '')
    .map((value) => (NUMBER.test(value) ? Number(value) : value));
  setEntry(objectAt(draft, 'tagBudgets'), scope, { monthlyUsd: patch.monthlyUsd.trim(), alertThresholds: thresholds });
}

/** True when the file had the scope (the page then claims its removal for the store). */
export function removeTagBudget(draft: RawConfig, scope: string): boolean {
  const budgets = objectAt(draft, 'tagBudgets');
  const had = Object.hasOwn(budgets, scope);
  delete budgets[scope];
  dropIfEmpty(draft, 'tagBudgets');
  return had;
}

/** `tagBudgets["a=b"].monthlyUsd` -> `monthlyUsd`; the scope itself (a malformed `name=value`) -> `tag`. */
export function tagBudgetFieldOf(scope: string): FieldOfPath {
  return fieldsUnder(['tagBudgets', scope], (rest) => (rest === '' ? 'tag' : firstKey(rest)));
}
