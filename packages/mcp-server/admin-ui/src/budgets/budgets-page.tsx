import { useState } from 'preact/hooks';
import type { BudgetsResponse } from '../../../src/admin/api/api-types.js';
import { api } from '../api-client.js';
import { AlertsList } from '../components/alerts-list.js';
import { useResource } from '../use-resource.js';
import { BudgetBar } from './budget-bar.js';
import { BudgetForm } from './budget-form.js';
import { TagBudgetsCard } from './tag-budgets-card.js';
import { WebhookForm } from './webhook-form.js';

/** How often the bars refresh while the page is open. */
const POLL_MS = 5_000;

/** Budgets: a bar per provider, the limits and thresholds, the alerts fired and the webhook. */
export function BudgetsPage() {
  const budgets = useResource<BudgetsResponse>('/budgets', POLL_MS);
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [adding, setAdding] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const data = budgets.data;
  if (data === undefined) return <div class="page">{budgets.error ?? <p class="loading">Loading…</p>}</div>;

  const statusOf = (provider: string) => data.status.providers.find((p) => p.provider === provider);
  const listed = [...new Set([...Object.keys(data.settings), ...data.status.providers.map((p) => p.provider)])];
  const unbudgeted = data.providers.filter((p) => !Object.hasOwn(data.settings, p));

  const remove = async (provider: string) => {
    try {
      budgets.set(await api<BudgetsResponse>('DELETE', `/budgets/${encodeURIComponent(provider)}`));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <div class="page">
      <div class="page-head">
        <h1>Budgets</h1>
        <p class="muted">
          Period {data.status.period} ({data.status.timeZone}), resets {data.status.resetDate}. A request is admitted only if its worst-case cost fits what is
          left.
        </p>
      </div>
      {problem !== undefined && <p class="form-error">{problem}</p>}
      {(data.status.budgetConflicts ?? []).map((conflict) => (
        <p class="notice-warn" role="status" key={conflict.provider} data-testid="budget-conflict">
          {conflict.message}
        </p>
      ))}
      <div class="grid wide">
        {listed.map((provider) => {
          const status = statusOf(provider);
          const settings = data.settings[provider];
          const envVariable = data.envOverrides[provider];
          return (
            <section class="card" key={provider} data-budget={provider} aria-label={`Budget ${provider}`}>
              <header class="card-head">
                <h2>{provider}</h2>
                {envVariable !== undefined && <span class="muted">limit from {envVariable}</span>}
                {envVariable === undefined && status?.limitSetBy !== undefined && (
                  <span class="muted" data-testid="limit-set-by">
                    set by {status.limitSetBy}
                  </span>
                )}
              </header>
              {status !== undefined ? <BudgetBar status={status} /> : <p class="muted">No spend yet this month.</p>}
              {status !== undefined && status.models.some((m) => m.limit !== undefined) && (
                <ul class="model-budgets">
                  {status.models
                    .filter((m) => m.limit !== undefined)
                    .map((m) => (
                      <li key={m.model}>
                        {m.model}: {m.spent.usd} of {m.limit?.usd} ({m.percent ?? 0}%)
                      </li>
                    ))}
                </ul>
              )}
              {editing === provider ? (
                <BudgetForm
                  provider={provider}
                  settings={settings}
                  defaultThresholds={data.defaultAlertThresholds}
                  envVariable={envVariable}
                  onSaved={(view) => {
                    setEditing(undefined);
                    budgets.set(view);
                  }}
                  onCancel={() => setEditing(undefined)}
                />
              ) : (
                <div class="actions">
                  <button type="button" onClick={() => setEditing(provider)}>
                    {settings === undefined ? 'Set a budget' : 'Edit budget'}
                  </button>
                  {settings !== undefined && (
                    <button type="button" class="danger" onClick={() => void remove(provider)}>
                      Remove budget
                    </button>
                  )}
                </div>
              )}
            </section>
          );
        })}
        {editing !== undefined && !listed.includes(editing) && (
          <section class="card" data-budget={editing} aria-label={`Budget ${editing}`}>
            <header class="card-head">
              <h2>{editing}</h2>
            </header>
            <BudgetForm
              provider={editing}
              settings={undefined}
              defaultThresholds={data.defaultAlertThresholds}
              envVariable={data.envOverrides[editing]}
              onSaved={(view) => {
                setEditing(undefined);
                budgets.set(view);
              }}
              onCancel={() => setEditing(undefined)}
            />
          </section>
        )}
      </div>
      {unbudgeted.length > 0 && (
        <form
          class="card inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (adding !== '') setEditing(adding);
          }}
        >
          <label for="add-budget">Add a budget for</label>
          <select id="add-budget" value={adding} onChange={(e) => setAdding(e.currentTarget.value)}>
            <option value="">choose a provider…</option>
            {unbudgeted.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <button type="submit" disabled={adding === ''}>
            Add budget
          </button>
        </form>
      )}
      <TagBudgetsCard status={data.status.tagBudgets ?? []} settings={data.tagSettings} defaultThresholds={data.defaultAlertThresholds} onSaved={budgets.set} />
      <section class="card">
        <header class="card-head">
          <h2>Alerts fired</h2>
        </header>
        <AlertsList alerts={data.alerts} />
      </section>
      <WebhookForm webhook={data.webhook} delivery={data.status.webhook} onSaved={budgets.set} />
    </div>
  );
}
