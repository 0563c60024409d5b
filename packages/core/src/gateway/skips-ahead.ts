import type { TargetPlan } from '../routing/plan-targets.js';
import type { SkippedTarget, Target } from '../types.js';

/**
 * The planned skips that explain an answer: those that stood ahead of the
 * target that answered in the chain (why the answer came from a later
 * model). A skip behind it changed nothing and is left out, so a task route
 * answered by its first model does not list every unconfigured provider
 * after it (issue 20: results carry `skipped` only where it explains
 * something). Without a target, or one the plan does not hold, all of them.
 */
export function skipsAhead(plan: TargetPlan | undefined, served: Target | undefined): SkippedTarget[] {
  if (plan === undefined) return [];
  const at = served === undefined ? -1 : plan.targets.findIndex((t) => t.provider === served.provider && t.model === served.model);
  if (at < 0 || plan.skippedAhead === undefined) return [...plan.skipped];
  return plan.skipped.filter((_, i) => (plan.skippedAhead?.[i] ?? 0) <= at);
}
