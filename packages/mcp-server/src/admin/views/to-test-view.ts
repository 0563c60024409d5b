import type { ProviderTestResult } from '@aegis-llm/core';
import type { ProviderTestView } from '../api/api-types.js';

/**
 * A connection test as the page shows it, with one verdict: `ok` when the
 * model answered; `failed` when unreachable or the key was refused;
 * `warning` when reachable but no answer came (unknown model, say).
 */
export function toTestView(result: ProviderTestResult, now: Date): ProviderTestView {
  const { cooldowns: _cooldowns, ...rest } = result;
  const verdict: ProviderTestView['verdict'] = !result.configured
    ? 'not_configured'
    : result.modelAnswered === true
      ? 'ok'
      : !result.reachable || result.keyAccepted === false
        ? 'failed'
        : 'warning';
  return { ...rest, testedAt: now.toISOString(), verdict };
}
