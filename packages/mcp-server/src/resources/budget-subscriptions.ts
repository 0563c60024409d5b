import type { BudgetChange, Gateway, Logger } from '@aegis-llm/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, SubscribeRequestSchema, UnsubscribeRequestSchema } from '@modelcontextprotocol/sdk/types.js';

export interface BudgetSubscriptionsOptions {
  gateway: Gateway;
  logger: Logger;
  /**
   * Whether a URI can be subscribed to, and whether a change concerns it
   * (`budget://status`: every change; one provider's: that provider's spend and any limits change).
   */
  concerns(uri: string, change: BudgetChange): boolean | undefined;
  /**
   * Changes within this window after the first are sent as one
   * `notifications/resources/updated` per URI: a burst of requests makes one
   * notification, and a subscriber re-reads at most once a window.
   * @default 1000
   */
  windowMs?: number;
}

/**
 * `resources/subscribe` and `unsubscribe` for the budget resources, and
 * `notifications/resources/updated` to this session once spend or a limit
 * changes (the gateway's onBudgetChange: a chat or embed recorded by any
 * surface of this process, a budget saved). One server is one session (a
 * stdio process, or one HTTP session), so the subscriptions are this
 * server's own; the gateway is listened to only while one is held, and
 * no longer once the session closes.
 */
export function registerBudgetSubscriptions(server: McpServer, options: BudgetSubscriptionsOptions): void {
  const { gateway, logger, concerns } = options;
  const windowMs = options.windowMs ?? 1000;
  const subscribed = new Set<string>();
  /** URIs with a change not yet sent, while the window is open. */
  const due = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let stopListening: (() => void) | undefined;

  const send = () => {
    timer = undefined;
    for (const uri of due) {
      server.server.sendResourceUpdated({ uri }).catch((error: unknown) => logger.warn('a resource update could not be sent', { uri, error: String(error) }));
    }
    due.clear();
  };
  const onChange = (change: BudgetChange) => {
    for (const uri of subscribed) if (concerns(uri, change) === true) due.add(uri);
    if (due.size > 0 && timer === undefined) timer = setTimeout(send, windowMs);
  };
  const stop = () => {
    stopListening?.();
    stopListening = undefined;
    clearTimeout(timer);
    timer = undefined;
    due.clear();
  };

  server.server.registerCapabilities({ resources: { subscribe: true } });
  server.server.setRequestHandler(SubscribeRequestSchema, ({ params }) => {
    if (concerns(params.uri, { reason: 'limits' }) === undefined) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `No resource to subscribe to at ${params.uri}: budget://status and budget://provider/{provider} (a known provider) can be.`,
      );
    }
    subscribed.add(params.uri);
    stopListening ??= gateway.onBudgetChange(onChange);
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, ({ params }) => {
    subscribed.delete(params.uri);
    due.delete(params.uri);
    if (subscribed.size === 0) stop();
    return {};
  });
  const previous = server.server.onclose;
  server.server.onclose = () => {
    previous?.();
    subscribed.clear();
    stop();
  };
}
