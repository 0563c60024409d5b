import { useState } from 'preact/hooks';
import type { ProvidersResponse, ProviderTestView, ProviderView } from '../../../src/admin/api/api-types.js';
import { api, ApiFailure } from '../api-client.js';
import { Badge } from '../components/badge.js';
import { CooldownList } from './cooldown-list.js';
import { ProviderForm } from './provider-form.js';
import { TestResult } from './test-result.js';

export interface ProviderCardProps {
  provider: ProviderView;
  onChanged: (view: ProvidersResponse) => void;
  onTested: () => void;
}

/** One provider: state (configured, reachable, cooldowns), where its key comes from, test and edit. */
export function ProviderCard({ provider, onChanged, onTested }: ProviderCardProps) {
  const [editing, setEditing] = useState(false);
  const [testing, setTesting] = useState(false);
  const [test, setTest] = useState<ProviderTestView | undefined>(provider.lastTest);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  /** The routes that still use this endpoint, when a removal was refused for them: offered to remove it from them too. */
  const [usedBy, setUsedBy] = useState<string[] | undefined>(undefined);
  // The newer of this card's own run and the server's record (another tab may have tested since).
  const shown = test === undefined || (provider.lastTest !== undefined && provider.lastTest.testedAt > test.testedAt) ? provider.lastTest : test;
  const openCooldowns = provider.cooldowns.filter((c) => c.state !== 'closed');

  const runTest = async () => {
    setTesting(true);
    setProblem(undefined);
    try {
      setTest(await api<ProviderTestView>('POST', `/providers/${encodeURIComponent(provider.id)}/test`));
      onTested();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setTesting(false);
    }
  };

  const remove = async (alsoRemoveUses: boolean) => {
    if (!alsoRemoveUses && !window.confirm(`Remove the endpoint "${provider.id}" from the config file?`)) return;
    setProblem(undefined);
    setUsedBy(undefined);
    try {
      const query = alsoRemoveUses ? '?alsoRemoveUses=true' : '';
      onChanged(await api<ProvidersResponse>('DELETE', `/providers/${encodeURIComponent(provider.id)}${query}`));
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      if (error instanceof ApiFailure && error.status === 409) setUsedBy(error.usedBy?.routes ?? []);
    }
  };

  const key = provider.file.key;
  const keyEnv = provider.envOverrides.find((o) => o.field === 'key')?.variable;
  const keyText = provider.keyless
    ? 'no key needed'
    : keyEnv !== undefined
      ? `key from $${keyEnv}`
      : key.inFile === 'inline'
        ? 'key set in file'
        : key.inFile === 'env-ref'
          ? `key from $${key.envName ?? '?'}${key.effective ? '' : ' (unset)'}`
          : 'no key';

  return (
    <section class="card provider" data-provider={provider.id} aria-label={`Provider ${provider.id}`}>
      <header class="card-head">
        <h2>{provider.id}</h2>
        <span class="muted">
          {provider.kindInfo.label}
          {provider.builtin ? '' : ' endpoint'}
        </span>
        <span class="badges">
          {provider.configured ? <Badge tone="ok">configured</Badge> : <Badge tone="muted">not configured</Badge>}
          {/* One verdict, the test result's: never a green badge beside "Connection failed". */}
          {shown === undefined ? (
            <Badge tone="muted">not tested</Badge>
          ) : shown.verdict === 'ok' ? (
            <Badge tone="ok">reachable</Badge>
          ) : shown.verdict === 'warning' ? (
            <Badge tone="warn">reachable, no answer</Badge>
          ) : shown.reachable ? (
            <Badge tone="bad">{shown.keyAccepted === false ? 'key refused' : 'test failed'}</Badge>
          ) : (
            <Badge tone="bad">unreachable</Badge>
          )}
          {openCooldowns.length > 0 && (
            <Badge tone="warn">
              {openCooldowns.length} model{openCooldowns.length === 1 ? '' : 's'} paused
            </Badge>
          )}
        </span>
      </header>
      <dl class="facts">
        <dt>Base URL</dt>
        <dd>{provider.baseURL || '–'}</dd>
        {provider.region !== undefined && (
          <>
            <dt>Region</dt>
            <dd>{provider.region}</dd>
          </>
        )}
        <dt>Default model</dt>
        <dd>{provider.defaultModel ?? '–'}</dd>
        <dt>Key</dt>
        <dd>{keyText}</dd>
      </dl>
      {!provider.configured && provider.notConfiguredHint !== undefined && <p class="hint">{provider.notConfiguredHint}</p>}
      {provider.envOverrides.length > 0 && (
        <p class="hint">Set by the environment (wins over the file): {provider.envOverrides.map((o) => `${o.field} ← ${o.variable}`).join(', ')}.</p>
      )}
      <CooldownList provider={provider} onChanged={onChanged} />
      {shown !== undefined && <TestResult test={shown} />}
      {problem !== undefined && (
        <div class="form-error" role="alert">
          <p>{problem}</p>
          {usedBy !== undefined && (
            <button type="button" class="danger" onClick={() => void remove(true)}>
              {usedBy.length > 0
                ? `Remove from ${usedBy.length === 1 ? 'that route' : `those ${usedBy.length} routes`} too, and the endpoint`
                : 'Remove it with its uses'}
            </button>
          )}
        </div>
      )}
      {editing ? (
        <ProviderForm
          provider={provider}
          kind={provider.kindInfo}
          onSaved={(view) => {
            setEditing(false);
            // The last test was of the old settings: not shown beside the new ones.
            setTest(undefined);
            onChanged(view);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <div class="actions">
          <button type="button" class="primary" onClick={runTest} disabled={testing || !provider.configured}>
            {testing ? 'Testing…' : 'Test connection'}
          </button>
          <button type="button" onClick={() => setEditing(true)}>
            Edit
          </button>
          {!provider.builtin && (
            <button type="button" class="danger" onClick={() => void remove(false)}>
              Remove
            </button>
          )}
        </div>
      )}
    </section>
  );
}
