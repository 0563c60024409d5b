import { DEFAULT_ROUTES, mergeRoutes, parseTarget, type Gateway } from '@aegis-llm/core';
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { completeTask } from '../completions/complete-task.js';
import type { ServerDeps } from '../server/server-deps.js';

/**
 * "Ask by task": a request to answer with the `chat` tool and a task type,
 * with the task's route spelled out (which models, in which order, which
 * are skipped because their provider is not configured), so the right model
 * for the work answers at its price.
 */
export function registerAskForTaskPrompt(server: McpServer, { gateway }: ServerDeps): void {
  server.registerPrompt(
    'ask-for-task',
    {
      title: 'Ask with a task type',
      description:
        "Answers a request with the chat tool routed by task type (summarize, extract, code, vision, reasoning...): the task's models in order, skipping unconfigured providers.",
      argsSchema: {
        task: completable(
          z.string().trim().min(1).describe('The task type: a built-in one (chat, summarize, extract, code, ...) or a route of the config file.'),
          (value) => completeTask(gateway, value),
        ),
        prompt: z.string().min(1).describe('What to ask.'),
      },
    },
    async ({ task, prompt }) => {
      const route = routeOf(gateway, task);
      if (route === undefined) {
        throw new McpError(ErrorCode.InvalidParams, `Unknown task type "${task}". Known task types: ${completeTask(gateway, '').join(', ')}.`);
      }
      const shown = route.map(({ spec, configured }) => (configured ? spec : `${spec} (skipped: provider not configured)`));
      const text = [
        `Answer this with the Aegis LLM \`chat\` tool, \`task: "${task}"\` and no \`model\`, so the task's route picks the model. The route, in order: ${shown.join(' -> ')}.`,
        '',
        prompt,
      ].join('\n');
      return { description: `A ${task} request through its route`, messages: [{ role: 'user', content: { type: 'text', text } }] };
    },
  );
}

function routeOf(gateway: Gateway, task: string): Array<{ spec: string; configured: boolean }> | undefined {
  const routes = mergeRoutes(DEFAULT_ROUTES, gateway.config.routes);
  if (!Object.hasOwn(routes, task)) return undefined;
  const providers = Object.values(gateway.config.providers);
  return routes[task]!.map((spec) => {
    const target = parseTarget(
      spec,
      providers.map((p) => p.id),
    );
    // A bare model id is resolved through the catalog when the request is planned: not skipped here.
    return { spec, configured: target === undefined || providers.some((p) => p.id === target.provider && p.configured) };
  });
}
