import { useState } from 'preact/hooks';
import type { ProvidersResponse, ProviderView } from '../../../src/admin/api/api-types.js';
import { api } from '../api-client.js';

/** Models paused after failures, in words with their end time, each with a button that ends the pause. */
export function CooldownList({ provider, onChanged }: { provider: ProviderView; onChanged: (view: ProvidersResponse) => void }) {
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const paused = provider.cooldowns.filter((c) => c.state !== 'closed');
  if (paused.length === 0) return null;
  const clear = async (model: string) => {
    setProblem(undefined);
    try {
      onChanged(await api<ProvidersResponse>('POST', `/providers/${encodeURIComponent(provider.id)}/cooldowns/clear`, { model }));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <div class="cooldowns" data-testid="cooldowns">
      <p class="hint">Paused after failures: requests skip these models until the time shown, then one request tries again.</p>
      <ul>
        {paused.map((c) => (
          <li key={c.model} data-model={c.model}>
            <span class="target">{c.model}</span>{' '}
            {c.state === 'open' ? `paused until ${c.until === undefined ? '–' : new Date(c.until).toLocaleTimeString()}` : 'trying again with one request'}{' '}
            <span class="muted">
              after {c.failures} failure{c.failures === 1 ? '' : 's'}
              {c.lastError === undefined ? '' : ` (last: ${c.lastError})`}
            </span>{' '}
            <button type="button" class="link" aria-label={`End the pause of ${c.model}`} onClick={() => void clear(c.model)}>
              End pause
            </button>
          </li>
        ))}
      </ul>
      {problem !== undefined && (
        <p class="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
