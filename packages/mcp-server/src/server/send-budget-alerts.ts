import type { Gateway, Logger } from '@aegis-llm/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

/**
 * Budget alerts reach the client as `notifications/message` (level
 * `warning`, logger `aegis-llm`): HTTP clients never see the server's
 * stderr, where the alert is logged too. Each alert this process fires
 * (whichever surface's request crossed the threshold) goes to this
 * session once it is initialized, at the level the session set with
 * `logging/setLevel`; the gateway is no longer listened to once the session
 * closes.
 */
export function sendBudgetAlerts(server: McpServer, gateway: Gateway, logger: Logger): void {
  let stop: (() => void) | undefined;
  const initialized = server.server.oninitialized;
  server.server.oninitialized = () => {
    initialized?.();
    stop ??= gateway.onBudgetAlert((alert) => {
      // The session id is the key the client's logging level is kept under (undefined over stdio).
      server
        .sendLoggingMessage({ level: 'warning', logger: 'aegis-llm', data: alert.text }, server.server.transport?.sessionId)
        .catch((error: unknown) => logger.warn('a budget alert could not be sent to an MCP client', { error: String(error) }));
    });
  };
  const closed = server.server.onclose;
  server.server.onclose = () => {
    closed?.();
    stop?.();
    stop = undefined;
  };
}
