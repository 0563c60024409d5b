import type { TagBudgetStatus } from '@aegis-llm/core';
import { useState } from 'preact/hooks';
import type { BudgetsResponse, TagBudgetPatch, TagBudgetSettings } from '../../../src/admin/api/api-types.js';
import { api, formErrors } from '../api-client.js';
import { Field, FormError } from '../components/field.js';

interface TagBudgetsCardProps {
  /** Tag budgets in force (the file's and the client keys'), with this month's spend. */
  status: TagBudgetStatus[];
  /** The file's tag budgets: these can be edited here. */
  settings: Record<string, TagBudgetSettings>;
  defaultThresholds: number[];
  onSaved: (view: BudgetsResponse) => void;
}

const scopePath = (scope: string) => `/tag-budgets/${encodeURIComponent(scope)}`;

/**
 * Budgets for one workflow, end user, MCP client... (`name=value`): a table
 * of those in force and a form to set or change one. A client key's budget
 * is set on its key (the keys page) and only shown here.
 */
export function TagBudgetsCard({ status, settings, defaultThresholds, onSaved }: TagBudgetsCardProps) {
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const scopes = [...new Set([...status.map((b) => b.tag), ...Object.keys(settings)])].sort();
  const statusOf = (scope: string) => status.find((b) => b.tag === scope);

  const remove = async (scope: string) => {
    setProblem(undefined);
    try {
      onSaved(await api<BudgetsResponse>('DELETE', scopePath(scope)));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <section class="card" aria-label="Tag budgets" data-testid="tag-budgets">
      <header class="card-head">
        <h2>Tag budgets</h2>
        <span class="muted">one workflow, end user or client, across providers</span>
      </header>
      {problem !== undefined && <p class="form-error">{problem}</p>}
      {scopes.length === 0 ? (
        <p class="muted">None yet. A tag budget holds every request whose tags carry the pair, e.g. workflow_id=abc.</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Tag</th>
                <th scope="col">Spent this month</th>
                <th scope="col">Requests</th>
                <th scope="col">Set by</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {scopes.map((scope) => {
                const row = statusOf(scope);
                const inFile = Object.hasOwn(settings, scope);
                return (
                  <tr key={scope} data-tag-budget={scope}>
                    <td>
                      <code>{scope}</code>
                    </td>
                    <td>{row === undefined ? 'not in force yet' : `${row.spent.usd} of ${row.limit.usd} (${row.percent}%)`}</td>
                    <td>{row?.requests ?? 0}</td>
                    <td class="muted">{row?.limitSetBy ?? (inFile ? 'config file' : '')}</td>
                    <td class="actions">
                      {inFile ? (
                        <>
                          <button type="button" aria-label={`Edit tag budget ${scope}`} onClick={() => setEditing(scope)}>
                            Edit
                          </button>
                          <button type="button" class="danger" aria-label={`Remove tag budget ${scope}`} onClick={() => void remove(scope)}>
                            Remove
                          </button>
                        </>
                      ) : (
                        <span class="muted">{scope.startsWith('client_key=') ? 'set on the Keys page' : 'set elsewhere'}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {editing === undefined ? (
        <div class="actions">
          <button type="button" onClick={() => setEditing('')}>
            Add a tag budget
          </button>
        </div>
      ) : (
        <TagBudgetForm
          key={editing}
          scope={editing}
          settings={Object.hasOwn(settings, editing) ? settings[editing] : undefined}
          defaultThresholds={defaultThresholds}
          onSaved={(view) => {
            setEditing(undefined);
            onSaved(view);
          }}
          onCancel={() => setEditing(undefined)}
        />
      )}
    </section>
  );
}

interface TagBudgetFormProps {
  /** '' for a new one: the tag is typed in the form. */
  scope: string;
  settings: TagBudgetSettings | undefined;
  defaultThresholds: number[];
  onSaved: (view: BudgetsResponse) => void;
  onCancel: () => void;
}

/** One tag budget as typed; the server validates with the core's rules and names the field at fault. */
function TagBudgetForm({ scope, settings, defaultThresholds, onSaved, onCancel }: TagBudgetFormProps) {
  const [tag, setTag] = useState(scope);
  const [monthlyUsd, setMonthlyUsd] = useState(settings?.monthlyUsd ?? '');
  const [thresholds, setThresholds] = useState((settings?.alertThresholds ?? defaultThresholds).join(', '));
  const [errors, setErrors] = useState<ReturnType<typeof formErrors>>({ fields: {} });
  const [busy, setBusy] = useState(false);
  const isNew = scope === '';

  const submit = async (event: Event) => {
    event.preventDefault();
    const typed = tag.trim();
    if (typed === '') {
      setErrors({ fields: { tag: 'Name the tag as name=value, e.g. workflow_id=abc.' } });
      return;
    }
    setBusy(true);
    setErrors({ fields: {} });
    const patch: TagBudgetPatch = { monthlyUsd, alertThresholds: thresholds.split(',').map((value) => value.trim()) };
    try {
      onSaved(await api<BudgetsResponse>('PUT', scopePath(typed), patch));
    } catch (error) {
      setErrors(formErrors(error));
    } finally {
      setBusy(false);
    }
  };
  const described = (field: string) => (errors.fields[field] === undefined ? undefined : `tag-budget-${field}-error`);

  return (
    <form class="budget-form" onSubmit={submit} aria-label={isNew ? 'New tag budget' : `Tag budget ${scope}`} noValidate>
      <div class="row">
        <Field id="tag-budget-tag" label="Tag (name=value)" hint="e.g. workflow_id=abc, end_user=alice, mcp_client=claude" error={errors.fields.tag}>
          <input
            id="tag-budget-tag"
            value={tag}
            readOnly={!isNew}
            placeholder="workflow_id=abc"
            aria-invalid={errors.fields.tag !== undefined}
            aria-describedby={described('tag')}
            onInput={(e) => setTag(e.currentTarget.value)}
          />
        </Field>
        <Field id="tag-budget-monthlyUsd" label="Monthly limit (USD)" error={errors.fields.monthlyUsd}>
          <input
            id="tag-budget-monthlyUsd"
            inputMode="decimal"
            placeholder="5"
            value={monthlyUsd}
            aria-invalid={errors.fields.monthlyUsd !== undefined}
            aria-describedby={described('monthlyUsd')}
            onInput={(e) => setMonthlyUsd(e.currentTarget.value)}
          />
        </Field>
        <Field id="tag-budget-alertThresholds" label="Alert thresholds (%)" hint="Comma-separated, e.g. 50, 80, 100." error={errors.fields.alertThresholds}>
          <input
            id="tag-budget-alertThresholds"
            value={thresholds}
            aria-invalid={errors.fields.alertThresholds !== undefined}
            aria-describedby={described('alertThresholds')}
            onInput={(e) => setThresholds(e.currentTarget.value)}
          />
        </Field>
      </div>
      <p class="hint">At the limit, requests carrying the tag are refused (a tag budget spans providers, so there is no fallback to take).</p>
      <FormError message={errors.form} list={errors.formList} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save tag budget'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
