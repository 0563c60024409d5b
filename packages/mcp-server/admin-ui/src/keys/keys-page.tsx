import { useState } from 'preact/hooks';
import type { ClientKeysResponse, CreatedClientKeyResponse } from '../../../src/admin/api/api-types.js';
import { api, formErrors } from '../api-client.js';
import { Field, FormError } from '../components/field.js';
import { useResource } from '../use-resource.js';

const list = (text: string): string[] | undefined => {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return items.length === 0 ? undefined : items;
};

/**
 * Client keys of the OpenAI-compatible endpoint (/v1): the list, a form to
 * create one (its secret shown here once, never again) and revoke buttons.
 */
export function KeysPage() {
  const keys = useResource<ClientKeysResponse>('/keys');
  const [name, setName] = useState('');
  const [models, setModels] = useState('');
  const [providers, setProviders] = useState('');
  const [budget, setBudget] = useState('');
  const [created, setCreated] = useState<{ id: string; secret: string } | undefined>(undefined);
  const [errors, setErrors] = useState<ReturnType<typeof formErrors>>({ fields: {} });

  const create = async () => {
    setErrors({ fields: {} });
    try {
      const body = {
        name,
        ...(list(models) ? { allowedModels: list(models) } : {}),
        ...(list(providers) ? { allowedProviders: list(providers) } : {}),
        ...(budget.trim() === '' ? {} : { monthlyBudgetUsd: Number(budget) }),
      };
      const answer = await api<CreatedClientKeyResponse>('POST', '/keys', body);
      keys.set({ keys: answer.keys });
      setCreated({ id: answer.created.id, secret: answer.secret });
      setName('');
      setModels('');
      setProviders('');
      setBudget('');
    } catch (error) {
      setErrors(formErrors(error));
    }
  };
  const revoke = async (id: string) => {
    if (!window.confirm(`Revoke ${id}? Clients using it are refused from their next request.`)) return;
    keys.set(await api<ClientKeysResponse>('DELETE', `/keys/${encodeURIComponent(id)}`));
  };

  return (
    <section class="page keys">
      <h1>Client keys</h1>
      <p class="hint">
        API keys for OpenAI clients of this server's <code>/v1</code> endpoint. Only a hash is stored; spend is tagged <code>client_key=&lt;id&gt;</code>.
      </p>
      {created && (
        <div class="card created-key" role="status">
          <h2>Key {created.id} created</h2>
          <p>Copy the secret now: it is shown once and never stored.</p>
          <code class="secret">{created.secret}</code>
          <div class="actions">
            <button type="button" onClick={() => setCreated(undefined)}>
              Done
            </button>
          </div>
        </div>
      )}
      {keys.error && <p class="form-error">{keys.error}</p>}
      <div class="table-scroll">
        <table class="keys-table">
          <thead>
            <tr>
              <th>ID</th>
              <th>Name</th>
              <th>Status</th>
              <th>Key</th>
              <th>Allowed</th>
              <th>Budget / month</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(keys.data?.keys ?? []).map((k) => (
              <tr key={k.id} data-key={k.id}>
                <td>{k.id}</td>
                <td>{k.name}</td>
                <td>{k.status}</td>
                <td>{k.hint}</td>
                <td>{[...(k.allowedProviders ?? []).map((p) => `${p}/*`), ...(k.allowedModels ?? [])].join(', ') || 'any'}</td>
                <td>{k.monthlyBudgetUsd === undefined ? '-' : `$${k.monthlyBudgetUsd}`}</td>
                <td>
                  {k.status === 'active' && (
                    <button type="button" onClick={() => void revoke(k.id)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form
        class="card"
        aria-label="New client key"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <h2>New key</h2>
        <Field id="name" label="Name (who or what it is for)" error={errors.fields.name}>
          <input id="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field id="allowedModels" label="Allowed models (provider/model, comma-separated; empty: any)" error={errors.fields.allowedModels}>
          <input id="allowedModels" value={models} onInput={(e) => setModels(e.currentTarget.value)} />
        </Field>
        <Field id="allowedProviders" label="Allowed providers (comma-separated; empty: any)" error={errors.fields.allowedProviders}>
          <input id="allowedProviders" value={providers} onInput={(e) => setProviders(e.currentTarget.value)} />
        </Field>
        <Field id="monthlyBudgetUsd" label="Monthly budget, USD (empty: none)" error={errors.fields.monthlyBudgetUsd}>
          <input id="monthlyBudgetUsd" inputMode="decimal" value={budget} onInput={(e) => setBudget(e.currentTarget.value)} />
        </Field>
        <FormError message={errors.form} list={errors.formList} />
        <div class="actions">
          <button type="submit" class="primary" disabled={name.trim() === ''}>
            Create key
          </button>
        </div>
      </form>
    </section>
  );
}
