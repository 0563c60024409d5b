import { AegisError } from '../errors.js';
import type { RequestReport } from '../ledger/ledger.js';
import type { RequestKind } from '../ledger/ledger-record.js';
import type { RoutedRun } from '../routing/fallback-run.js';
import type { TargetPlan } from '../routing/plan-targets.js';
import type { RoutedStreamPart } from '../routing/run-stream-with-fallback.js';
import type { ChatRequest, ChatResult } from '../types.js';
import { buildResult, type Progress } from './build-result.js';
import { explainSkips } from './explain-skips.js';
import { failedAttemptReports } from './failed-attempt-reports.js';
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
  /** RequestAccountOptions.kind: undefined for traffic. */
  readonly kind: RequestKind | undefined;
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
   * Records the request and charges it, and resolves once the record has
   * landed in the store (issue 15, "delivered means recorded"): `chat`
   * resolves, and a stream yields `done`, only after it, so a process killed
   * at any moment has recorded every answer its callers received. The
   * embedded store's group commit (ledger/embedded/create-commit-queue.ts)
   * makes concurrent requests share one commit, so the wait is one commit, not
   * one per request ahead. A store that cannot be written at that moment does
   * not fail the answer: the ledger keeps the record and retries it (see
   * createLedger), and refuses budgeted requests meanwhile.
   */
  charge(outcome: RequestReport['outcome']): Promise<ChatResult>;
  /** A failure as the typed error to report, charged (and recorded, as charge) unless the request already was. */
  fail(thrown: unknown): Promise<{ error: AegisError; result: ChatResult }>;
}

export interface RequestAccountOptions {
  /** What the request is for, when not traffic (`test`: a connection test, counted apart). */
  kind?: RequestKind;
}

export function createRequestAccount(ctx: GatewayContext, request: ChatRequest, options: RequestAccountOptions = {}): RequestAccount {
  const started = ctx.clock.now();
  const requestId = ctx.newId();
  const progress: Progress = { text: '', reasoning: '', toolCalls: new Map() };
  let settled = false;

  const account: RequestAccount = {
    requestId,
    started,
    kind: options.kind,
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
        case 'tool-call-delta': {
          const call = progress.toolCalls.get(part.index) ?? { id: `call_${part.index}`, name: '', arguments: '' };
          if (part.id && call.id === `call_${part.index}`) call.id = part.id;
          if (part.name && call.name !== part.name) call.name += part.name;
          call.arguments += part.argumentsDelta;
          progress.toolCalls.set(part.index, call);
          break;
        }
        case 'tool-call':
          progress.toolCalls.set(part.index, { ...part.toolCall });
          break;
        case 'usage':
          progress.usage = part.usage;
          break;
        case 'finish':
          progress.finishReason = part.finishReason;
          break;
        case 'start':
        case 'fallback':
          // Not parts of the answer: run-request passes them on as events, and
          // which target served is the router's to say (account.routed).
          break;
      }
    },
    partial: () => buildResult(ctx, { ...account, responseFormat: request.responseFormat }),
    async charge(outcome) {
      settled = true;
      const result = account.partial();
      const { plan, routed } = account;
      // A request refused before any target was tried (bad input, nothing
      // usable) cost nothing and is not a provider request: not recorded.
      if (!routed) return result;
      const report: RequestReport = {
        task: request.task,
        tags: request.tags,
        usage: result.usage,
        costMicroUsd: result.costMicroUsd,
        latencyMs: result.latencyMs,
        ttftMs: result.timeToFirstTokenMs,
        outcome,
        attempts: result.attempts.length,
        // The first target given up on, when another one served (fallbacks-taken.ts).
        fallbackFrom: routed.target === undefined ? undefined : result.fallbacks[0]?.from,
      };
      if (options.kind !== undefined) report.kind = options.kind;
      // Each target's failed attempts, recorded against that target (not hidden by a fallback that served).
      const recordId = progress.reservation?.id ?? requestId;
      for (const attempt of failedAttemptReports(result.attempts, recordId, started, request.task)) {
        ctx.ledger.record(attempt).catch((error: unknown) =>
          ctx.logger.error('could not record failed attempts in the ledger', {
            id: attempt.id,
            error: ctx.redact(error instanceof Error ? error.message : String(error)),
          }),
        );
      }
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
      // A request that delivered nothing costs nothing: its record need not
      // hold up the error (a ledger locked for 30 s must not delay every
      // refusal by as much). Anything delivered is awaited.
      if (!progress.reservation) {
        writing.catch((error: unknown) =>
          ctx.logger.error('could not record a request in the ledger', {
            id: requestId,
            error: ctx.redact(error instanceof Error ? error.message : String(error)),
          }),
        );
        return result;
      }
      try {
        await writing;
      } catch (error) {
        // Only a record the ledger refused as malformed gets here: store
        // failures are kept and retried by the ledger itself.
        ctx.logger.error('could not record a request in the ledger', {
          id: requestId,
          error: ctx.redact(error instanceof Error ? error.message : String(error)),
        });
      }
      return result;
    },
    async fail(thrown) {
      const error = explainSkips(
        thrown instanceof AegisError ? thrown : new AegisError('upstream_unavailable', `Unexpected failure: ${ctx.redact(String(thrown))}`),
        account.routed ? (account.plan?.skipped ?? []) : [],
      );
      progress.finishReason = error.kind === 'cancelled' ? 'cancelled' : 'error';
      const result = settled ? account.partial() : await account.charge(error.kind);
      return { error, result };
    },
  };
  return account;
}
