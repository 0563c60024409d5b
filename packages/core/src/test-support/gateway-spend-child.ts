/**
 * A child process for the multi-process spend test
 * (gateway/multi-process-spend.test.ts), run with the project's Node 24 as
 * `node --import ../ledger/test-support/register-ts-hooks.ts gateway-spend-child.ts '<json>'`:
 * a whole gateway on a shared store (one embedded home, or Redis) sends
 * `requests` requests without max_tokens, half chat and half stream, at
 * `concurrency`, to the simulator, and prints one JSON summary line. It
 * prints `ready` once loaded and starts at the first line on stdin, so that
 * every child begins together however long loading took.
 */
import { parseConfig } from '../config/parse-config.js';
import { createGateway } from '../gateway/create-gateway.js';
import { collectResult } from '../gateway/collect-result.js';
import type { Logger } from '../log/logger.js';
import type { ChatRequest, ChatResult } from '../types.js';

interface ChildArgs {
  home: string;
  baseURL: string;
  apiKey: string;
  /** The budget this process declares; absent: none (it enforces whatever the store's budget book holds). */
  limitUsd?: number;
  model: string;
  requests: number;
  concurrency: number;
  /** Redis store URL and key prefix; absent: the embedded store in `home`. */
  redisUrl?: string;
  keyPrefix?: string;
}

export interface SpendSummary {
  answered: Array<{ cost: number; outputTokens: number; suspect: boolean }>;
  refused: number;
  /** Other failures, as `kind: message`. */
  failed: string[];
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const quiet: Logger = { info: () => {}, warn: () => {}, error: (message, fields) => console.error(message, fields) };
const config = parseConfig(
  {
    ...(args.limitUsd === undefined ? {} : { budgets: { dashscope: { monthlyUsd: args.limitUsd } } }),
    ...(args.redisUrl === undefined ? {} : { store: { url: args.redisUrl, keyPrefix: args.keyPrefix } }),
  },
  { DASHSCOPE_API_KEY: args.apiKey, DASHSCOPE_BASE_URL: args.baseURL, AEGIS_LLM_HOME: args.home, HOME: args.home },
);
const gateway = createGateway({ config, logger: quiet });
const summary: SpendSummary = { answered: [], refused: 0, failed: [] };

// Touches the ledger before `ready`: a process declaring a budget has written it into the store's book by then.
await gateway.budgetStatus();
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.pause();
let next = 0;
const worker = async (): Promise<void> => {
  while (next < args.requests) {
    const n = next++;
    // No maxTokens: as MCP and n8n callers send.
    const request: ChatRequest = { model: args.model, prompt: `request ${n}: write as much as you can` };
    try {
      const result: ChatResult = n % 2 === 0 ? await gateway.chat(request) : await collectResult(gateway.stream(request));
      summary.answered.push({ cost: result.costMicroUsd ?? -1, outputTokens: result.usage.outputTokens, suspect: result.usage.suspect !== undefined });
    } catch (error) {
      const kind = (error as { kind?: string }).kind;
      if (kind === 'budget_exceeded') summary.refused += 1;
      else summary.failed.push(`${kind}: ${(error as Error).message}`);
    }
  }
};
await Promise.all(Array.from({ length: args.concurrency }, worker));
await gateway.close();
process.stdout.write(`${JSON.stringify(summary)}\n`);
