import { useState } from 'preact/hooks';
import type { BudgetsResponse, WebhookState } from '../../../src/admin/api/api-types.js';
import { api, formErrors } from '../api-client.js';
import { Field, FormError } from '../components/field.js';

/** The alert webhook: write-only like a key (its path is usually the secret), shown by origin. */
export function WebhookForm({ webhook, onSaved }: { webhook: WebhookState; onSaved: (view: BudgetsResponse) => void }) {
  const [url, setUrl] = useState('');
  const [errors, setErrors] = useState<ReturnType<typeof formErrors>>({ fields: {} });
  const save = async (webhookUrl: string) => {
    setErrors({ fields: {} });
    try {
      onSaved(await api<BudgetsResponse>('PUT', '/alerts', { webhookUrl }));
      setUrl('');
    } catch (error) {
      setErrors(formErrors(error));
    }
  };
  const state = webhook.set ? `Set: ${webhook.origin ?? 'a URL'}/…` : 'Not set: alerts show here only.';
  return (
    <form
      class="card webhook"
      aria-label="Alert webhook"
      // The server's validation (the core's) speaks for every field, not the browser's.
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save(url);
      }}
    >
      <header class="card-head">
        <h2>Alert webhook</h2>
        <span class="muted">{state}</span>
      </header>
      {webhook.fromEnv !== undefined && <p class="hint">{webhook.fromEnv} is set in the environment and wins over the file.</p>}
      <Field id="webhookUrl" label={webhook.set ? 'Replace with' : 'URL that receives alerts as JSON POSTs'} error={errors.fields.webhookUrl}>
        <input
          id="webhookUrl"
          type="url"
          placeholder="https://hooks.example.com/aegis"
          value={url}
          aria-describedby={errors.fields.webhookUrl === undefined ? undefined : 'webhookUrl-error'}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
      </Field>
      <FormError message={errors.form} />
      <div class="actions">
        <button type="submit" class="primary" disabled={url.trim() === ''}>
          Save webhook
        </button>
        {webhook.set && (
          <button type="button" onClick={() => void save('')}>
            Remove
          </button>
        )}
      </div>
    </form>
  );
}
