import { useState } from 'preact/hooks';
import type { KindView, ProvidersResponse, ProviderView } from '../../../src/admin/api/api-types.js';
import { api, formErrors } from '../api-client.js';
import { Field, FormError } from '../components/field.js';
import { HeaderEditor } from './header-editor.js';
import { KeyEditor } from './key-editor.js';
import { initialFormState, toPatch, type ProviderFormState } from './provider-form-state.js';

export interface ProviderFormProps {
  /** The provider edited; undefined: a new OpenAI-compatible endpoint. */
  provider: ProviderView | undefined;
  /** The provider's kind (for a new endpoint: the endpoint kind). */
  kind: KindView;
  onSaved: (view: ProvidersResponse) => void;
  onCancel: () => void;
}

/**
 * Edits what the config file says about one provider (or adds an endpoint).
 * Saving validates on the server with the core's own rules; a refusal comes
 * back with the field at fault and is shown beside it.
 */
export function ProviderForm({ provider, kind, onSaved, onCancel }: ProviderFormProps) {
  const [state, setState] = useState<ProviderFormState>(() => initialFormState(provider));
  const [errors, setErrors] = useState<ReturnType<typeof formErrors>>({ fields: {} });
  const [busy, setBusy] = useState(false);
  const update = (change: Partial<ProviderFormState>) => setState((s) => ({ ...s, ...change }));

  const isNew = provider === undefined;
  const prefix = isNew ? 'new-endpoint' : `provider-${provider.id}`;
  const regions = kind.regions ?? [];
  const hasRegion = kind.regions !== undefined;
  const hasKey = kind.keyNeed !== 'none';
  const overridden = (field: string) => provider?.envOverrides.find((o) => o.field === field)?.variable;
  const envNote = (field: string) => {
    const variable = overridden(field);
    return variable === undefined ? undefined : `${variable} is set in the environment and wins over this value.`;
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setErrors({ fields: {} });
    try {
      const patch = toPatch(state, { region: hasRegion, key: hasKey });
      const view = isNew
        ? await api<ProvidersResponse>('POST', '/endpoints', { name: state.name, ...patch })
        : await api<ProvidersResponse>('PUT', `/providers/${encodeURIComponent(provider.id)}`, patch);
      onSaved(view);
    } catch (error) {
      setErrors(formErrors(error));
    } finally {
      setBusy(false);
    }
  };

  // Empty means "not in the file": the placeholder shows what then applies (default or environment).
  const inForce = { name: undefined, baseURL: provider?.baseURL || undefined, defaultModel: provider?.defaultModel };
  const text = (field: 'name' | 'baseURL' | 'defaultModel', label: string, hint?: string, placeholder?: string) => (
    <Field id={`${prefix}-${field}`} label={label} hint={envNote(field) ?? hint} error={errors.fields[field]}>
      <input
        id={`${prefix}-${field}`}
        value={state[field]}
        placeholder={inForce[field] ?? placeholder}
        aria-invalid={errors.fields[field] !== undefined}
        aria-describedby={errors.fields[field] === undefined ? undefined : `${prefix}-${field}-error`}
        onInput={(e) => update({ [field]: e.currentTarget.value })}
      />
    </Field>
  );

  return (
    <form class="provider-form" onSubmit={submit} aria-label={isNew ? 'New endpoint' : `Edit ${provider.id}`}>
      {isNew && text('name', 'Name (becomes the provider id)', 'Lowercase letters, digits, - and _, e.g. "groq" or "local-vllm".', 'local-vllm')}
      {hasRegion && (
        <Field
          id={`${prefix}-region`}
          label="Region"
          hint={envNote('region') ?? 'Keys are region-bound: pick the region the key was made in.'}
          error={errors.fields.region}
        >
          <select id={`${prefix}-region`} value={state.region} onChange={(e) => update({ region: e.currentTarget.value })}>
            <option value="">default ({kind.defaultRegion})</option>
            {regions.map((region) => (
              <option key={region} value={region}>
                {region}
              </option>
            ))}
          </select>
        </Field>
      )}
      {text('baseURL', 'Base URL', kind.baseURLHint, kind.exampleBaseURL)}
      {provider?.file.baseURLHasHiddenParts === true && (
        <p class="hint">The file's URL holds credentials that are not shown; they are kept unless you change the URL.</p>
      )}
      {text('defaultModel', 'Default model', 'Used by the connection test and when a request names only this provider.')}
      {hasKey && (
        <KeyEditor idPrefix={prefix} keyState={provider?.file.key} state={state} update={update} error={errors.fields.key} envVariable={overridden('key')} />
      )}
      <HeaderEditor idPrefix={prefix} rows={state.headers} onChange={(headers) => update({ headers })} error={errors.fields.headers} />
      <FormError message={errors.form} list={errors.formList} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : isNew ? 'Add endpoint' : 'Save'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
