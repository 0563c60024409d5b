import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, parseConfig, type Gateway, type Logger } from '@aegis-llm/core';

export const BENCH_KEY = 'sk-bench-0000';
/** The simulator serves it; the gateway names it `dashscope/qwen-plus`. */
export const BENCH_MODEL = 'qwen-plus';

/** Warnings and errors are counted, not printed per request; errors still reach stderr once each kind. */
export function createCountingLogger(): Logger & { warnings: number; errors: number } {
  const seen = new Set<string>();
  const logger = {
    warnings: 0,
    errors: 0,
    info: () => {},
    warn: (message: string) => {
      logger.warnings += 1;
      if (!seen.has(message)) console.error(`[bench] gateway warning: ${message}`);
      seen.add(message);
    },
    error: (message: string, fields?: Record<string, unknown>) => {
      logger.errors += 1;
      if (!seen.has(message)) console.error(`[bench] gateway error: ${message}`, fields ?? '');
      seen.add(message);
    },
  };
  return logger;
}

export interface BenchGateway {
  gateway: Gateway;
  home: string;
  logger: ReturnType<typeof createCountingLogger>;
  close(): Promise<void>;
}

/**
 * A gateway whose DashScope provider is the simulator, with the full request
 * path on: a monthly budget (so every request reserves its worst case and
 * settles), the embedded ledger in a fresh temp home, cost from the catalog.
 */
export async function createBenchGateway(options: {
  baseURL: string;
  streamUpstream: boolean;
  /** The DashScope budget; by default far above what a run spends. */
  monthlyBudgetUsd?: string;
}): Promise<BenchGateway> {
  const home = await mkdtemp(join(tmpdir(), 'aegis-bench-'));
  const config = parseConfig(
    { routing: { streamUpstream: options.streamUpstream } },
    {
      DASHSCOPE_API_KEY: BENCH_KEY,
      DASHSCOPE_BASE_URL: options.baseURL,
      AEGIS_LLM_HOME: home,
      // Far above what a run spends: every request is checked, none refused.
      MONTHLY_BUDGET_DASHSCOPE: options.monthlyBudgetUsd ?? '1000000',
    },
  );
  const logger = createCountingLogger();
  const gateway = createGateway({ config, logger });
  return {
    gateway,
    home,
    logger,
    async close() {
      await gateway.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
