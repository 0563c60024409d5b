import type { ProviderTestView } from '../../../src/admin/api/api-types.js';
import { Badge, type Tone } from '../components/badge.js';
import { ms, time } from '../format.js';

const VERDICTS: Record<ProviderTestView['verdict'], { tone: Tone; label: string }> = {
  ok: { tone: 'ok', label: 'Connection OK' },
  warning: { tone: 'warn', label: 'Reachable, but no answer' },
  failed: { tone: 'bad', label: 'Connection failed' },
  not_configured: { tone: 'muted', label: 'Not configured' },
};

/** The verdict of the last connection test, its latency and what to do next. */
export function TestResult({ test }: { test: ProviderTestView }) {
  const verdict = VERDICTS[test.verdict];
  return (
    <div class={`test-result verdict-${test.verdict}`} data-testid="test-result" role="status">
      <Badge tone={verdict.tone}>{verdict.label}</Badge>
      {test.latencyMs !== undefined && <span class="latency">{ms(test.latencyMs)}</span>}
      {test.model !== undefined && <span class="muted">model {test.model}</span>}
      {test.keyAccepted === false && <span>key refused</span>}
      <span class="muted">tested {time(test.testedAt)}</span>
      {test.error !== undefined && <p class="error-text">{test.error.message}</p>}
      {test.hint !== undefined && <p class="hint">{test.hint}</p>}
    </div>
  );
}
