import { useState } from 'preact/hooks';
import type { BudgetPatch, BudgetSettings, BudgetsResponse } from '../../../src/admin/api/api-types.js';
import { api, formErrors } from '../api-client.js';
import { Field, FormError } from '../components/field.js';

export interface BudgetFormProps {
  provider: string;
  settings: BudgetSettings | undefined;
  /** What a new budget starts with (the core's default thresholds). */
  defaultThresholds: number[];
  /** MONTHLY_BUDGET_* variable overriding the monthly limit, if set. */
  envVariable: string | undefined;
  onSaved: (view: BudgetsResponse) => void;
  onCancel: () => void;
}

interface ModelRow {
  model: string;
  monthlyUsd: string;
}

/**
 * A provider's budget as typed: the server validates with the core's rules
 * and names the field at fault (a bad amount, a threshold over 100...).
 */
export function BudgetForm({ provider, settings, defaultThresholds, envVariable, onSaved, onCancel }: BudgetFormProps) {
  const [monthlyUsd, setMonthlyUsd] = useState(settings?.monthlyUsd ?? '');
  const [onLimit, setOnLimit] = useState<string>(settings?.onLimit ?? 'block');
  const [thresholds, setThresholds] = useState((settings?.alertThresholds ?? defaultThresholds).join(', '));
  const [models, setModels] = useState<ModelRow[]>(() => Object.entries(settings?.models ?? {}).map(([model, usd]) => ({ model, monthlyUsd: usd })));
  const [errors, setErrors] = useState<ReturnType<typeof formErrors>>({ fields: {} });
  const [busy, setBusy] = useState(false);
  const prefix = `budget-${provider}`;

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setErrors({ fields: {} });
    const patch: BudgetPatch = {
      monthlyUsd,
      onLimit,
      alertThresholds: thresholds.split(',').map((value) => value.trim()),
      models,
    };
    try {
      onSaved(await api<BudgetsResponse>('PUT', `/budgets/${encodeURIComponent(provider)}`, patch));
    } catch (error) {
      setErrors(formErrors(error));
    } finally {
      setBusy(false);
    }
  };
  const described = (field: string) => (errors.fields[field] === undefined ? undefined : `${prefix}-${field}-error`);

  return (
    <form class="budget-form" onSubmit={submit} aria-label={`Budget of ${provider}`}>
      <div class="row">
        <Field
          id={`${prefix}-monthlyUsd`}
          label="Monthly limit (USD)"
          hint={envVariable === undefined ? undefined : `${envVariable} is set in the environment and wins over this value.`}
          error={errors.fields.monthlyUsd}
        >
          <input
            id={`${prefix}-monthlyUsd`}
            inputMode="decimal"
            placeholder="50"
            value={monthlyUsd}
            aria-invalid={errors.fields.monthlyUsd !== undefined}
            aria-describedby={described('monthlyUsd')}
            onInput={(e) => setMonthlyUsd(e.currentTarget.value)}
          />
        </Field>
        <Field id={`${prefix}-onLimit`} label="At the limit" error={errors.fields.onLimit}>
          <select id={`${prefix}-onLimit`} value={onLimit} onChange={(e) => setOnLimit(e.currentTarget.value)}>
            <option value="block">Block the request</option>
            <option value="fallback">Fall back to the next target</option>
          </select>
        </Field>
        <Field id={`${prefix}-alertThresholds`} label="Alert thresholds (%)" hint="Comma-separated, e.g. 50, 80, 100." error={errors.fields.alertThresholds}>
          <input
            id={`${prefix}-alertThresholds`}
            value={thresholds}
            aria-invalid={errors.fields.alertThresholds !== undefined}
            aria-describedby={described('alertThresholds')}
            onInput={(e) => setThresholds(e.currentTarget.value)}
          />
        </Field>
      </div>
      <fieldset class={`field${errors.fields.models === undefined ? '' : ' has-error'}`} data-field={`${prefix}-models`}>
        <legend>Per-model monthly limits (USD)</legend>
        {models.map((row, index) => (
          <div class="header-row" key={index}>
            <input
              aria-label="Model"
              placeholder="qwen-max"
              value={row.model}
              onInput={(e) => setModels(models.map((r, i) => (i === index ? { ...r, model: e.currentTarget.value } : r)))}
            />
            <input
              aria-label={`Limit of ${row.model || 'model'}`}
              inputMode="decimal"
              placeholder="20"
              value={row.monthlyUsd}
              onInput={(e) => setModels(models.map((r, i) => (i === index ? { ...r, monthlyUsd: e.currentTarget.value } : r)))}
            />
            <button type="button" class="icon" title="Remove" onClick={() => setModels(models.filter((_, i) => i !== index))}>
              ✕
            </button>
          </div>
        ))}
        <button type="button" class="link" onClick={() => setModels([...models, { model: '', monthlyUsd: '' }])}>
          + Add a model limit
        </button>
        {errors.fields.models !== undefined && (
          <p class="field-error" role="alert">
            {errors.fields.models}
          </p>
        )}
      </fieldset>
      <FormError message={errors.fields.provider ?? errors.form} list={errors.formList} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save budget'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
