import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './cli-io.js';

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface Command {
  name: string;
  summary: string;
  /** The usage line(s) and option descriptions, for --help. */
  help: string;
  options: Options;
  /** Names the positionals accept; more is a usage error. */
  positionals: number;
  /** Loads its implementation lazily, so `aegis-llm mcp` starts without loading the HTTP stack. */
  run(values: Values, positionals: string[], io: CliIo): Promise<number>;
}

const CONFIG_OPTION = {
  config: { type: 'string', short: 'c' },
} as const satisfies Options;

type OptionHelp = [flags: string, text: string];

const COMMON_HELP: OptionHelp[] = [
  ['-c, --config <file>', 'Config file (default: AEGIS_LLM_CONFIG, else ./aegis-llm.config.json if present)'],
  ['-h, --help', 'Show this help'],
];

/** Option lines in two aligned columns; the common options come last. */
function optionsHelp(rows: OptionHelp[]): string {
  const all = [...rows, ...COMMON_HELP];
  const width = Math.max(...all.map(([flags]) => flags.length));
  return all.map(([flags, text]) => `  ${flags.startsWith('--') ? `    ${flags}` : flags}`.padEnd(width + 6) + text).join('\n');
}

export const COMMANDS: Command[] = [
  {
    name: 'mcp',
    summary: 'MCP server over stdio (the default; for Claude Desktop, Claude Code, Cursor, VS Code)',
    help: `Usage: aegis-llm [mcp] [options]

Runs the MCP server over stdio: MCP messages on stdin/stdout, logs on stderr.
Tools: chat, list_models, test_provider, budget_status; resource budget://status.

Options:
${optionsHelp([])}`,
    options: { ...CONFIG_OPTION },
    positionals: 0,
    run: async (values, _positionals, io) => (await import('./run-stdio.js')).runStdio(values, io),
  },
  {
    name: 'serve',
    summary: 'MCP over Streamable HTTP at /mcp, plus the admin page',
    help: `Usage: aegis-llm serve [--port N] [--host H] [options]

Serves MCP over Streamable HTTP at http://HOST:PORT/mcp (bearer token required)
and the admin page at http://HOST:PORT/. The token comes from AEGIS_LLM_TOKEN,
or a new one is generated and printed at start.

Options:
${optionsHelp([
  ['-p, --port <n>', 'Port (default 8787; 0 picks a free one)'],
  ['--host <h>', 'Address to bind (default 127.0.0.1)'],
  ['--allowed-host <h>', 'Another Host name to answer to, e.g. when reached by name (repeatable)'],
  ['--allowed-origin <o>', "A browser origin other than the server's own that may call it (repeatable)"],
])}`,
    options: {
      ...CONFIG_OPTION,
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      'allowed-origin': { type: 'string', multiple: true },
    },
    positionals: 0,
    run: async (values, _positionals, io) => (await import('./run-serve.js')).runServe(values, io),
  },
  {
    name: 'models',
    summary: 'List models: context, prices, capabilities, configured or not',
    help: `Usage: aegis-llm models [--provider P] [--capability C] [--offline] [--json]

Options:
${optionsHelp([
  ['--provider <p>', 'Only this provider (dashscope, openai, ollama, anyllm, or an endpoint name)'],
  ['--capability <c>', 'Only models with this capability: vision, thinking, thinking-only, streaming-only, tools'],
  ['--offline', "Catalog only: do not ask providers' /models"],
  ['--json', 'JSON for scripts'],
])}`,
    options: {
      ...CONFIG_OPTION,
      provider: { type: 'string' },
      capability: { type: 'string' },
      offline: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    positionals: 0,
    run: async (values, _positionals, io) => (await import('./run-models.js')).runModels(values, io),
  },
  {
    name: 'test',
    summary: 'Test provider connections (reachable, key, latency, one-token answer)',
    help: `Usage: aegis-llm test [provider] [--json]

Tests one provider, or every provider. Each configured provider's default model
is asked for one token (a real call, recorded in the ledger).
Exit code: 0 when the provider (or, without one, at least one provider) answered; 1 otherwise.

Options:
${optionsHelp([['--json', 'JSON for scripts']])}`,
    options: { ...CONFIG_OPTION, json: { type: 'boolean' } },
    positionals: 1,
    run: async (values, positionals, io) => (await import('./run-test.js')).runTest(values, positionals[0], io),
  },
  {
    name: 'budget',
    summary: "This month's spend against each provider's budget",
    help: `Usage: aegis-llm budget [--provider P] [--tag NAME] [--json]

Spend, limit and alerts per provider, then spend per request tag
(workflow_name, mcp_client, end_user, ...), largest first.

Options:
${optionsHelp([
  ['--provider <p>', 'Only this provider'],
  ['--tag <name>', 'Only the spend of this tag name (e.g. workflow_name)'],
  ['--json', 'JSON for scripts'],
])}`,
    options: { ...CONFIG_OPTION, provider: { type: 'string' }, tag: { type: 'string' }, json: { type: 'boolean' } },
    positionals: 0,
    run: async (values, _positionals, io) => (await import('./run-budget.js')).runBudget(values, io),
  },
  {
    name: 'alerts',
    summary: 'Alert webhook status, alerts fired this month, and a test alert',
    help: `Usage: aegis-llm alerts [status] [--provider P] [--json]
       aegis-llm alerts test [--json]

status (the default): whether the webhook is set and signed, its last delivery
and last failure (and why), the queue of alerts pending or given up, and each
budget's thresholds and the alerts fired this month with their delivery.
test: POSTs an aegis-llm.test-alert to the webhook, signed like every alert,
and waits for the first attempt. Exit code 0 when the webhook answered 2xx;
1 when it did not (the alert stays queued and is retried) or none is set.
The webhook comes from AEGIS_LLM_ALERT_WEBHOOK or alerts.webhookUrl; its URL
and secret are never printed.

Options:
${optionsHelp([
  ['--provider <p>', 'status: only this provider'],
  ['--json', 'JSON for scripts'],
])}`,
    options: { ...CONFIG_OPTION, provider: { type: 'string' }, json: { type: 'boolean' } },
    positionals: 1,
    run: async (values, positionals, io) => (await import('./run-alerts.js')).runAlerts(values, positionals[0], io),
  },
  {
    name: 'keys',
    summary: 'Client keys for the OpenAI-compatible endpoint: create, list, revoke',
    help: `Usage: aegis-llm keys create --name NAME [--model P/M]... [--provider P]... [--monthly-budget-usd N] [--json]
       aegis-llm keys list [--json]
       aegis-llm keys revoke ID [--json]

Client keys are the API keys OpenAI clients send to aegis-llm serve's /v1 endpoint.
Only a hash is stored (in AEGIS_LLM_HOME); the secret is printed once, at creation.
Spend is tagged client_key=<id>. A running server sees changes at its next request.

Options:
${optionsHelp([
  ['--name <n>', 'create: who or what the key is for'],
  ['--model <p/m>', 'create: a provider/model the key may use (repeatable; default any)'],
  ['--provider <p>', 'create: a provider the key may use (repeatable; default any)'],
  ['--monthly-budget-usd <n>', "create: monthly limit on the key's spend, in USD"],
  ['--json', 'JSON for scripts (create: includes the secret)'],
])}`,
    options: {
      ...CONFIG_OPTION,
      name: { type: 'string' },
      model: { type: 'string', multiple: true },
      provider: { type: 'string', multiple: true },
      'monthly-budget-usd': { type: 'string' },
      json: { type: 'boolean' },
    },
    positionals: 2,
    run: async (values, positionals, io) => (await import('./run-keys.js')).runKeys(values, positionals, io),
  },
  {
    name: 'store',
    summary: 'Store maintenance: import the embedded ledger into Redis',
    help: `Usage: aegis-llm store import [--from DIR] [--json]

Copies the embedded ledger (every record, the monthly and daily sums they make,
and the budget alerts already fired) into the Redis store named by
AEGIS_LLM_STORE or store.url. Stop the servers using the embedded ledger first.
Safe to run again: records Redis already has are skipped (within store.recordRetentionDays).

Options:
${optionsHelp([
  ['--from <dir>', 'Embedded ledger directory (default: <AEGIS_LLM_HOME>/ledger)'],
  ['--json', 'JSON for scripts'],
])}`,
    options: { ...CONFIG_OPTION, from: { type: 'string' }, json: { type: 'boolean' } },
    positionals: 1,
    run: async (values, positionals, io) => (await import('./run-store-import.js')).runStoreImport(values, positionals[0], io),
  },
];

export function mainHelp(version: string): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `aegis-llm ${version}: one gateway to DashScope (Qwen), OpenAI, Ollama and any OpenAI-compatible LLM, with fallback, cost tracking and budgets.

Usage: aegis-llm [command] [options]

Commands:
${lines.join('\n')}

Without a command: mcp. "aegis-llm <command> --help" shows a command's options.

Configuration: environment variables (DASHSCOPE_API_KEY, OPENAI_API_KEY, OLLAMA_BASE_URL,
ANYLLM_BASE_URL, MONTHLY_BUDGET_ALIBABA_CLOUD, ...) and ./aegis-llm.config.json.
`;
}
