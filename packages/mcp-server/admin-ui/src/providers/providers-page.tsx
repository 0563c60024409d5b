import { useState } from 'preact/hooks';
import type { ProvidersResponse } from '../../../src/admin/api/api-types.js';
import { useResource } from '../use-resource.js';
import { ProviderCard } from './provider-card.js';
import { ProviderForm } from './provider-form.js';

/** Providers: the four built-in ones and any extra OpenAI-compatible endpoints. */
export function ProvidersPage() {
  const providers = useResource<ProvidersResponse>('/providers', 15_000);
  const [adding, setAdding] = useState(false);
  const data = providers.data;

  return (
    <div class="page">
      <div class="page-head">
        <h1>Providers</h1>
        <p class="muted">Changes are written to the config file and take effect at once. Keys can be set or replaced, never read back.</p>
      </div>
      {providers.error !== undefined && <p class="form-error">{providers.error}</p>}
      {data === undefined ? (
        <p class="loading">Loading…</p>
      ) : (
        <div class="grid">
          {data.providers.map((provider) => (
            <ProviderCard key={provider.id} provider={provider} onChanged={providers.set} onTested={() => void providers.reload()} />
          ))}
          <section class="card add-endpoint" aria-label="Add an endpoint">
            <header class="card-head">
              <h2>Add an OpenAI-compatible endpoint</h2>
              <span class="muted">AnyLLM: vLLM, LM Studio, OpenRouter, Groq, a LiteLLM proxy…</span>
            </header>
            {adding ? (
              <ProviderForm
                provider={undefined}
                kind={data.endpointKind}
                onSaved={(view) => {
                  setAdding(false);
                  providers.set(view);
                }}
                onCancel={() => setAdding(false)}
              />
            ) : (
              <div class="actions">
                <button type="button" class="primary" onClick={() => setAdding(true)}>
                  Add endpoint
                </button>
              </div>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
