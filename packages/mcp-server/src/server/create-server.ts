import { createStderrLogger } from '@aegis-llm/core';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerAskForTaskPrompt } from '../prompts/ask-for-task.js';
import { registerCheckBudgetPrompt } from '../prompts/check-budget-before-job.js';
import { budgetResourceConcerns, registerBudgetResource } from '../resources/budget-resource.js';
import { registerBudgetSubscriptions } from '../resources/budget-subscriptions.js';
import { createAnswerPages } from '../tools/answer-pages.js';
import { registerBudgetStatusTool } from '../tools/budget-status.js';
import { registerChatTool } from '../tools/chat.js';
import { registerListModelsTool } from '../tools/list-models.js';
import { registerTestProviderTool } from '../tools/test-provider.js';
import { packageVersion } from './package-version.js';
import { sendBudgetAlerts } from './send-budget-alerts.js';
import type { ServerDeps } from './server-deps.js';

const INSTRUCTIONS = `Aegis LLM: one gateway to DashScope (Qwen), OpenAI, Ollama and OpenAI-compatible endpoints, with retries, fallback, cost tracking and monthly budgets.
Use chat to ask a model; list_models to see models, prices and capabilities; test_provider when a provider fails; budget_status (with an estimate) before a heavy or repeated job.
Resources: budget://status and budget://provider/{provider} (subscribe to hear when spend changes). Prompts: check-budget-before-job, ask-for-task.`;

/**
 * One MCP server over the gateway: the four verbs as tools, the budget as
 * resources a client can subscribe to, two prompts, and completion of their
 * `model`, `task` and `provider` arguments.
 */
export function createServer(deps: ServerDeps): McpServer {
  const logger = deps.logger ?? createStderrLogger();
  const server = new McpServer(
    { name: 'aegis-llm', title: 'Aegis LLM', version: packageVersion() },
    { instructions: INSTRUCTIONS, capabilities: { logging: {} } },
  );
  const pages = createAnswerPages({ pageChars: deps.pageChars ?? 30_000, pageTokens: deps.pageTokens ?? 8_000, now: deps.now ?? Date.now });
  registerChatTool(server, { ...deps, pages, logger });
  registerListModelsTool(server, deps);
  registerTestProviderTool(server, deps);
  registerBudgetStatusTool(server, deps);
  registerBudgetResource(server, deps);
  const isKnownProvider = (id: string) => Object.values(deps.gateway.config.providers).some((p) => p.id === id);
  registerBudgetSubscriptions(server, {
    gateway: deps.gateway,
    logger,
    concerns: (uri, change) => budgetResourceConcerns(uri, change, isKnownProvider),
    windowMs: deps.resourceUpdateWindowMs,
  });
  sendBudgetAlerts(server, deps.gateway, logger);
  registerCheckBudgetPrompt(server, deps);
  registerAskForTaskPrompt(server, deps);
  // The SDK declares listChanged for what is registered; this server's tools, resources and prompts never change while it runs.
  server.server.registerCapabilities({ tools: { listChanged: false }, resources: { listChanged: false }, prompts: { listChanged: false } });
  return server;
}
