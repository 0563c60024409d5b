import type { BudgetChange } from '@aegis-llm/core';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { completeProvider } from '../completions/complete-provider.js';
import type { ServerDeps } from '../server/server-deps.js';

export const BUDGET_URI = 'budget://status';
/** One provider's budget: `budget://provider/dashscope`. */
export const PROVIDER_BUDGET_PREFIX = 'budget://provider/';

/**
 * The provider a `budget://provider/{provider}` URI names, read from the URI
 * itself (percent-decoded), or undefined for any other URI.
 */
export function providerOfBudgetUri(uri: string): string | undefined {
  if (!uri.startsWith(PROVIDER_BUDGET_PREFIX)) return undefined;
  try {
    const provider = decodeURIComponent(uri.slice(PROVIDER_BUDGET_PREFIX.length));
    return provider === '' || provider.includes('/') ? undefined : provider;
  } catch {
    return undefined;
  }
}

/**
 * Whether a change concerns a budget resource: `budget://status` every
 * change, one provider's its own spend and any limits change; undefined for
 * a URI that is not a budget resource, or names a provider `isKnown` does
 * not know (it cannot be read, so it cannot be subscribed to).
 */
export function budgetResourceConcerns(uri: string, change: BudgetChange, isKnown: (provider: string) => boolean = () => true): boolean | undefined {
  if (uri === BUDGET_URI) return true;
  const provider = providerOfBudgetUri(uri);
  if (provider === undefined || !isKnown(provider)) return undefined;
  return change.reason === 'limits' || change.provider === provider;
}

const json = (uri: string, value: unknown) => ({ contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }] });

/**
 * The same answer as budget_status without arguments, for clients that
 * attach resources as context, and one provider's part of it as a template
 * whose `provider` completes from the configuration.
 */
export function registerBudgetResource(server: McpServer, { gateway }: ServerDeps): void {
  server.registerResource(
    'budget-status',
    BUDGET_URI,
    {
      title: 'Budget status',
      description:
        "This month's spend per provider against its monthly budget (JSON, as the budget_status tool returns it). Subscribe to be told when it changes.",
      mimeType: 'application/json',
    },
    async (uri) => json(uri.href, await gateway.budgetStatus()),
  );
  server.registerResource(
    'provider-budget',
    new ResourceTemplate(`${PROVIDER_BUDGET_PREFIX}{provider}`, {
      list: async () => ({
        resources: Object.values(gateway.config.providers)
          .filter((p) => p.configured)
          .map((p) => ({
            uri: `${PROVIDER_BUDGET_PREFIX}${encodeURIComponent(p.id)}`,
            name: `${p.id}-budget`,
            title: `${p.id} budget`,
            mimeType: 'application/json',
          })),
      }),
      complete: { provider: (value) => completeProvider(gateway, value) },
    }),
    {
      title: "A provider's budget",
      description:
        "One provider's spend this month against its budget, per model (JSON, as budget_status with `provider`). Subscribe to be told when it changes.",
      mimeType: 'application/json',
    },
    async (uri) => {
      const provider = providerOfBudgetUri(uri.href);
      if (provider === undefined) throw new Error(`Not a provider budget URI: ${uri.href} (budget://provider/<provider id>).`);
      return json(uri.href, await gateway.budgetStatus({ provider }));
    },
  );
}
