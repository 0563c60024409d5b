import type { Attempt, FallbackTaken, Target } from '../types.js';
import { formatTarget } from '../routing/parse-target.js';

/**
 * The fallbacks a request took, from its attempts in order: each time an
 * attempt failed and the next one tried another target. The one rule behind
 * `ChatResult.fallbacks`, the ledger's `fallbackFrom` and every surface.
 * `serving`: the target serving now, while its own attempt is still open
 * (not yet among `attempts`).
 */
export function fallbacksTaken(attempts: readonly Attempt[], serving?: Target): FallbackTaken[] {
  const taken: FallbackTaken[] = [];
  for (let i = 1; i < attempts.length; i += 1) {
    const from = attempts[i - 1]!;
    const to = attempts[i]!;
    if (from.outcome === 'ok' || (from.provider === to.provider && from.model === to.model)) continue;
    taken.push({ from: formatTarget(from), to: formatTarget(to), reason: from.outcome });
  }
  const last = attempts.at(-1);
  if (serving !== undefined && last !== undefined && last.outcome !== 'ok' && (last.provider !== serving.provider || last.model !== serving.model)) {
    taken.push({ from: formatTarget(last), to: formatTarget(serving), reason: last.outcome });
  }
  return taken;
}
