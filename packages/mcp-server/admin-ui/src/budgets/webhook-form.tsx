import type { WebhookStatus } from '@aegis-llm/core';
import { useState } from 'preact/hooks';
import type { BudgetsResponse, TestAlertResponse, WebhookState } from '../../../src/admin/api/api-types.js';
import { api, formErrors } from '../api-client.js';
import { Field, FormError } from '../components/field.js';

interface WebhookFormProps {
  webhook: WebhookState;
  /** Delivery as every process on the store sees it (budgetStatus().webhook). */
  delivery: WebhookStatus;
  onSaved: (view: BudgetsResponse) => void;
}

/**
 * The alert webhook: write-only like a key (its path is usually the secret),
 * shown by origin, with its delivery status and a test that posts through
 * the same outbox as a real alert.
 */
export function WebhookForm({ webhook, delivery, onSaved }: WebhookFormProps) {
  const [url, setUrl] = useState('');
  const [errors, setErrors] = useState<ReturnType<typeof formErrors>>({ fields: {} });
  const [testing, setTesting] = useState(false);
  const [testOutcome, setTestOutcome] = useState<string | undefined>(undefined);
  const sendTest = async () => {
    setTesting(true);
    setTestOutcome(undefined);
    setErrors({ fields: {} });
    try {
      const answer = await api<TestAlertResponse>('POST', '/alerts/test');
      onSaved(answer.view);
      const outcome = answer.delivery;
      setTestOutcome(
        outcome.state === 'delivered'
          ? 'Test alert delivered: the webhook answered 2xx.'
          : `Test alert not delivered${outcome.lastError === undefined ? ' yet' : `: ${outcome.lastError}`}. It stays queued and is retried like any alert.`,
      );
    } catch (error) {
      setErrors(formErrors(error));
    } finally {
      setTesting(false);
    }
  };
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
      <DeliveryStatus delivery={delivery} />
      {testOutcome !== undefined && (
        <p class="delivery" role="status" data-testid="test-alert-outcome">
          {testOutcome}
        </p>
      )}
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
      <FormError message={errors.form} list={errors.formList} />
      <div class="actions">
        <button type="submit" class="primary" disabled={url.trim() === ''}>
          Save webhook
        </button>
        {webhook.set && (
          <button type="button" onClick={() => void save('')}>
            Remove
          </button>
        )}
        {webhook.set && (
          <button type="button" disabled={testing} onClick={() => void sendTest()}>
            {testing ? 'Sending…' : 'Send test alert'}
          </button>
        )}
      </div>
    </form>
  );
}

/** Last success, last failure and why, what waits: times shown in the browser's locale. */
function DeliveryStatus({ delivery }: { delivery: WebhookStatus }) {
  if (!delivery.configured) return null;
  const when = (iso: string) => new Date(iso).toLocaleString();
  return (
    <ul class="delivery muted" data-testid="webhook-delivery">
      <li>{delivery.signed ? 'POSTs are signed (X-Aegis-Signature).' : 'POSTs are not signed: set alerts.webhookSecretEnv to sign them.'}</li>
      <li>{delivery.lastSuccess === undefined ? 'No delivery yet.' : `Last delivered ${when(delivery.lastSuccess.at)} (${delivery.lastSuccess.type}).`}</li>
      {delivery.lastFailure !== undefined && (
        <li class="field-warning">
          Last failure {when(delivery.lastFailure.at)}: {delivery.lastFailure.error} ({delivery.lastFailure.type}, now {delivery.lastFailure.state}).
        </li>
      )}
      {(delivery.pending > 0 || delivery.failed > 0) && (
        <li>
          {delivery.pending} waiting for a retry, {delivery.failed} given up.
        </li>
      )}
    </ul>
  );
}
