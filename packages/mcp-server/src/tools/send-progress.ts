import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { OnDelta } from './run-chat.js';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * Partial output as `notifications/progress` when the client sent a progress
 * token. `progress` counts characters delivered so far, so it always grows;
 * `message` carries the new answer text. Reasoning advances the count without
 * a message: it keeps clients that reset their timeout on progress waiting
 * while a thinking model thinks. A failed send (client gone) stops sending and
 * never fails the call.
 */
export function progressSender(extra: Extra): OnDelta | undefined {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return undefined;
  let delivered = 0;
  let broken = false;
  return async (kind, delta) => {
    if (broken || delta.length === 0) return;
    delivered += delta.length;
    try {
      await extra.sendNotification({
        method: 'notifications/progress',
        params: { progressToken, progress: delivered, ...(kind === 'text' ? { message: delta } : {}) },
      });
    } catch {
      broken = true;
    }
  };
}
