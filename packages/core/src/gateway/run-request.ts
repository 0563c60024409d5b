import { isDelta } from '../routing/part-source.js';
import { runStreamWithFallback, type RoutedStreamPart } from '../routing/run-stream-with-fallback.js';
import { relay, type RelayingGenerator, withRelay } from '../streams/with-relay.js';
import type { ChatRequest, StreamEvent } from '../types.js';
import type { GatewayContext } from './gateway-context.js';
import { createRequestAccount } from './request-account.js';
import { routeRequest } from './route-request.js';

/**
 * One request from plan to ledger, as public stream events (the gateway's
 * `stream`; `chat` reads the same request to its end with runChat). Budget,
 * fallback and accounting are request-account.ts and route-request.ts.
 */
export function runRequest(ctx: GatewayContext, request: ChatRequest, streaming: boolean): AsyncIterableIterator<StreamEvent> {
  return withRelay(requestEvents(ctx, request, streaming));
}

async function* requestEvents(ctx: GatewayContext, request: ChatRequest, streaming: boolean): RelayingGenerator<RoutedStreamPart, StreamEvent> {
  const account = createRequestAccount(ctx, request);
  const { progress } = account;
  let parts: AsyncIterator<RoutedStreamPart> | undefined;
  // True while `parts` is open: neither finished nor failed.
  let reading = false;

  const forwardDelta = (step: IteratorResult<RoutedStreamPart>): IteratorResult<StreamEvent> | undefined => {
    if (step.done || step.value.type === 'start' || step.value.type === 'fallback' || !isDelta(step.value)) return undefined;
    account.record(step.value);
    return step as IteratorResult<StreamEvent>;
  };

  try {
    const route = routeRequest(ctx, request, streaming, account);
    const routed = runStreamWithFallback(route.targets, route.open, route.options);
    account.routed = routed;

    parts = routed[Symbol.asyncIterator]();
    reading = true;
    const source = parts;
    let given: IteratorResult<RoutedStreamPart> | undefined;
    for (;;) {
      const step = given ?? (await source.next());
      given = undefined;
      if (step.done) break;
      const part = step.value;
      switch (part.type) {
        case 'start':
          yield { type: 'start', provider: part.target.provider, model: part.target.model };
          break;
        case 'fallback':
          yield part;
          break;
        case 'text-delta':
        case 'reasoning-delta':
        case 'tool-call-delta':
        case 'tool-call': {
          account.record(part);
          yield part;
          // Deltas go straight through from here, without resuming this
          // generator per part (streams/with-relay.ts); anything else comes back.
          const end = yield relay<RoutedStreamPart, StreamEvent>({ read: () => source.next(), forward: forwardDelta });
          if (end === undefined) throw new Error('withRelay resumes a relay with how it ended.');
          if ('error' in end) throw end.error;
          given = end.step;
          break;
        }
        case 'usage':
        case 'finish':
          account.record(part);
          break;
      }
    }
    reading = false;
    // `done` only once the record landed (request-account.ts).
    const result = await account.charge('ok');
    yield { type: 'usage', usage: result.usage };
    yield { type: 'done', result };
  } catch (thrown) {
    // The routed stream threw (or never started): nothing left to close.
    reading = false;
    const { error, result } = await account.fail(thrown);
    yield { type: 'error', error, partial: result };
  } finally {
    try {
      // The consumer stopped reading early: end the routed stream first (it
      // records its last attempt, which the charge reports), as the
      // `for await` this loop replaces did.
      if (reading) await parts?.return?.();
    } finally {
      // What was delivered is still charged.
      // (A reservation is only made once routed.)
      if (!account.settled && account.routed) {
        progress.finishReason = 'cancelled';
        await account.charge('cancelled');
      }
    }
  }
}
