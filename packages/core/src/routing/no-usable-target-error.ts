/**
 * The error for a request none of whose targets survived planning: one line
 * per target with its reason, and a kind that tells the caller what to fix.
 */
import { AegisError, type ErrorKind } from '../errors.js';
import type { PlannedSkip, SkipCode } from '../error-details.js';
import type { TargetPlan } from './plan-targets.js';

function kindFor(skipped: readonly PlannedSkip[]): ErrorKind {
  const codes = new Set<SkipCode>(skipped.map((s) => s.code));
  const only = (code: SkipCode): boolean => codes.size === 1 && codes.has(code);
  if (only('not_configured')) return 'not_configured';
  if (only('context_too_long')) return 'context_too_long';
  // Cooling down only because the upstream does not serve the model (retired, a wrong id): waiting will not help.
  if (skipped.every((s) => s.code === 'cooldown' && s.cause === 'not_found')) return 'not_found';
  // Some target would serve it after its cooldown: worth retrying later.
  if (codes.has('cooldown')) return 'upstream_unavailable';
  return 'bad_request';
}

const label = (skip: PlannedSkip): string => (skip.provider === '' ? skip.model : skip.model === '' ? skip.provider : `${skip.provider}/${skip.model}`);

export function noUsableTargetError(plan: Pick<TargetPlan, 'skipped' | 'source' | 'task'>): AegisError {
  const where = plan.source === 'task' ? `the "${plan.task}" route` : 'the requested model and fallbacks';
  if (plan.skipped.length === 0) {
    return new AegisError('invalid_config', `No targets to try: ${where} is empty. Add targets to it in the config, or name a model.`, {
      details: { task: plan.task, skipped: [] },
    });
  }
  const kind = kindFor(plan.skipped);
  const lines = plan.skipped.map((skip) => `- ${label(skip)}: ${skip.reason}`);
  const lead =
    kind === 'not_configured' ? `No configured provider can serve ${where}. Configure one of these:` : `No target in ${where} can serve this request:`;
  return new AegisError(kind, [lead, ...lines].join('\n'), {
    // Nothing else in the chain is left to fall back to.
    fallbackable: false,
    retryable: kind === 'upstream_unavailable',
    details: { task: plan.task, skipped: plan.skipped },
  });
}
