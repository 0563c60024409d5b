import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerDeps } from '../server/server-deps.js';

export const BUDGET_URI = 'budget://status';

/** The same answer as budget_status without arguments, for clients that attach resources as context. */
export function registerBudgetResource(server: McpServer, { gateway }: ServerDeps): void {
  server.registerResource(
    'budget-status',
    BUDGET_URI,
    {
      title: 'Budget status',
      description: "This month's spend per provider against its monthly budget (JSON, as the budget_status tool returns it).",
      mimeType: 'application/json',
    },
    async (uri) => ({
      contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(await gateway.budgetStatus(), null, 2) }],
    }),
  );
}
