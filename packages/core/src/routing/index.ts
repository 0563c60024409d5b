/** Routing: task routes, target planning, retries, fallback and cooldown. */
export { type Clock, type Random, type Sleep, systemClock, systemRandom, systemSleep } from '../time/clock.js';
export {
  type Awaitable,
  type CooldownChange,
  type CooldownRecord,
  type CooldownStore,
  createMemoryCooldownStore,
} from './cooldown-store.js';
export {
  COOLDOWN_KINDS,
  type CooldownPermit,
  type CooldownReport,
  type CooldownState,
  type CooldownStatus,
  type CooldownTracker,
  type CooldownTrackerOptions,
  createCooldownTracker,
} from './cooldown-tracker.js';
export { DEFAULT_ROUTES, DEFAULT_TASK, mergeRoutes, THINKING_TASKS, type Routes } from './default-routes.js';
export { checkRouteTargets, type RouteCheckContext, type RouteWarning, type RouteWarningCode } from './check-route-targets.js';
export { noUsableTargetError } from './no-usable-target-error.js';
export { formatTarget, parseTarget } from './parse-target.js';
export {
  type PlanContext,
  type PlanProvider,
  type PlanRequest,
  planTargets,
  type TargetPlan,
} from './plan-targets.js';
export { backoffDelay, type BackoffOptions } from './retry-delay.js';
export { type HeaderSource, parseRetryAfter } from '../transport/parse-retry-after.js';
export type { AttemptContext, RunOptions } from './run-options.js';
export {
  type OpenStreamFn,
  type RoutedStream,
  type RoutedStreamPart,
  runStreamWithFallback,
} from './run-stream-with-fallback.js';
