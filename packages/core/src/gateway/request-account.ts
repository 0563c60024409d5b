import { AegisError } from '../errors.js';
import type { RequestReport } from '../ledger/ledger.js';
import type { RoutedRun } from '../routing/fallback-run.js';
import { formatTarget } from '../routing/parse-target.js';
import type { TargetPlan } from '../routing/plan-targets.js';
import type { RoutedStreamPart } from '../routing/run-stream-with-fallback.js';
import type { ChatRequest, ChatResult, Target } from '../types.js';
import { buildResult, type Progress } from './build-result.js';
import { explainSkips } from './explain-skips.js';
import type { GatewayContext } from './gateway-context.js';

/**
 * One request's account: what was delivered, and its one charge to the
 * ledger. Both ways a request is served (`stream` events, `chat`'s answer)
 * keep it, so budget settlement and the ledger record live here once.
 */
export interface RequestAccount {
  readonly requestId: string;
  /** Clock time the request began. */
  readonly started: number;
  readonly progress: Progress;
  plan: TargetPlan | undefined;
  /** Set once a target is about to be tried: from then on the request is recorded. */
  routed: RoutedRun | undefined;
  promptTokens: number;
  /** Charged already (charge is called once). */
  readonly settled: boolean;
  /** Takes in a part the consumer received. */
  record(part: RoutedStreamPart): void;
  /** The answer so far (the result of a charged request). */
  partial(): ChatResult;
  /**
   * Records the request and charges it. The write is started, not awaited:
   * the answer does not wait for the disk (the ledger's own reads wait for
   * its writes, and close() for all of them); a failed write is logged.
   */
  charge(outcome: RequestReport['outcome']): ChatResult;
  /** A failure as the typed error to report, charged unless the request already was. */
  fail(thrown: unknown): { error: AegisError; result: ChatResult };
}

export function createRequestAccount(ctx: GatewayContext, request: ChatRequest): RequestAccount {
  const started = ctx.clock.now();
  const requestId = ctx.newId();
  const progress: Progress = { text: '', reasoning: '' };
  let settled = false;

  const account: RequestAccount = {
    requestId,
    started,
    progress,
    plan: undefined,
    routed: undefined,
    promptTokens: 0,
    get settled() {
      return settled;
    },
    record(part) {
      switch (part.type) {
        case 'text-delta':
          progress.text += part.delta;
          break;
        case 'reasoning-delta':
          progress.reasoning += part.delta;
          break;
        case 'usage':
          progress.usage = part.usage;
          break;
        case 'finish':
          progress.finishReason = part.finishReason;
          break;
      }
    },
    partial: () => buildResult(ctx, account),
    charge(outcome) {
      settled = true;
      const result = account.partial();
      const { plan, routed } = account;
      // A request refused before any target was tried (bad input, nothing
      // usable) cost nothing and is not a provider request: not recorded.
      if (!routed) return result;
      const report: RequestReport = {
        task: request.task,
        usage: result.usage,
        costMicroUsd: result.costMicroUsd,
        latencyMs: result.latencyMs,
        ttftMs: result.timeToFirstTokenMs,
        outcome,
        attempts: result.attempts.length,
        fallbackFrom: fallbackFrom(plan, routed.target),
      };
      const last = routed.attempts.at(-1) ?? plan?.targets[0] ?? plan?.skipped[0];
      const writing = progress.reservation
        ? outcome === 'ok'
          ? ctx.ledger.settle(progress.reservation, report)
          : ctx.ledger.release(progress.reservation, report)
        : // Nothing was delivered by any target: record the failed request at no cost.
          ctx.ledger.record({
            ...report,
            usage: undefined,
            costMicroUsd: 0,
            id: requestId,
            provider: last?.provider ?? 'none',
            model: last?.model ?? 'none',
            startedAt: started,
          });
      writing.catch((error: unknown) =>
        ctx.logger.error('could not record a request in the ledger', {
          id: requestId,
          error: ctx.redact(error instanceof Error ? error.message : String(error)),
        }),
      );
      return result;
    },
    fail(thrown) {
      const error = explainSkips(
        thrown instanceof AegisError
          ? thrown
          : new AegisError('upstream_unavailable', `Unexpected failure: ${ctx.redact(String(thrown))}`),
        account.routed ? (account.plan?.skipped ?? []) : [],
      );
      progress.finishReason = error.kind === 'cancelled' ? 'cancelled' : 'error';
      const result = settled ? account.partial() : account.charge(error.kind);
      return { error, result };
    },
  };
  return account;
}

function fallbackFrom(plan: TargetPlan | undefined, served: Target | undefined): string | undefined {
  const first = plan?.targets[0];
  if (!first || !served) return undefined;
  return first.provider === served.provider && first.model === served.model ? undefined : formatTarget(first);
}
