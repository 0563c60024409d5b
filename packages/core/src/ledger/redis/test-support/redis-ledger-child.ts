/**
 * A child process for the multi-process Redis ledger tests, run with the
 * project's Node 24 as `node --import ../../test-support/register-ts-hooks.ts
 * redis-ledger-child.ts '<json>'`: the real store code, in its own process.
 *
 * - `budget`: `requests` reserve/settle pairs at `concurrency` against one budget.
 * - `steady`: reserve/settle pairs at `concurrency` until `stopFile` exists
 *   (the parent restarts Redis meanwhile).
 * Prints one JSON summary line: every settled request with its cost (the
 * ones the ledger acknowledged), and the refusals by kind.
 */
import { existsSync } from 'node:fs';
import { createLedger } from '../../create-ledger.js';
import type { Logger } from '../../../log/logger.js';
import { budget, ledgerConfig, okReport } from '../../test-support/ledger-fixtures.js';
import { createRedisLedgerStore, type StoreUnavailablePolicy } from '../create-redis-ledger-store.js';

interface ChildArgs {
  mode: 'budget' | 'steady';
  url: string;
  keyPrefix: string;
  /** Prefix of this child's request ids. */
  tag: string;
  concurrency: number;
  /** The clock starts here (epoch ms) and moves with real time. */
  clockBase: number;
  limitMicroUsd: number;
  worstCaseMicroUsd: number;
  latencyMs: number;
  requests?: number;
  stopFile?: string;
  onUnavailable?: StoreUnavailablePolicy;
  fallbackDir?: string;
  /** Most worst cases a budget allowance holds (createLedger's allowanceWorstCases). */
  allowanceWorstCases?: number;
  /** Epoch ms (real time) to start at, so the children begin together. */
  startAt?: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const started = Date.now();
const clock = { now: () => args.clockBase + (Date.now() - started) };
const quiet: Logger = { info: () => {}, warn: () => {}, error: (message, fields) => console.error(message, fields) };
const store = createRedisLedgerStore({
  url: args.url,
  keyPrefix: args.keyPrefix,
  clock,
  logger: quiet,
  onUnavailable: args.onUnavailable,
  localFallbackDir: args.fallbackDir,
});
const config = ledgerConfig('/nonexistent', { budgets: { dashscope: budget(args.limitMicroUsd) } });
const ledger = createLedger({ config, store, clock, logger: quiet, allowanceWorstCases: args.allowanceWorstCases });

const settled: Array<[string, number]> = [];
const refused: Record<string, number> = {};
let next = 0;
const more = (): boolean => (args.stopFile === undefined ? next < (args.requests ?? 0) : !existsSync(args.stopFile));

async function worker(): Promise<void> {
  while (more()) {
    const n = next++;
    const id = `${args.tag}-${n}`;
    try {
      const reservation = await ledger.reserve({ id, provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: args.worstCaseMicroUsd });
      await new Promise((resolve) => setTimeout(resolve, args.latencyMs));
      // Real costs come in under the worst case, so settling hands room back.
      const cost = Math.floor(args.worstCaseMicroUsd / 2) + (n % 3);
      const result = await ledger.settle(reservation, okReport(cost));
      if (result.status !== 'duplicate') settled.push([id, cost]);
    } catch (error) {
      const kind = (error as { kind?: string }).kind ?? 'other';
      if (kind === 'other') console.error(error);
      refused[kind] = (refused[kind] ?? 0) + 1;
      // A refused request's caller would back off; so does this one, a little.
      if (kind === 'store_unavailable') await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

if (args.startAt !== undefined) await new Promise((resolve) => setTimeout(resolve, Math.max(0, args.startAt! - Date.now())));
await Promise.all(Array.from({ length: args.concurrency }, worker));
await ledger.close();
process.stdout.write(`${JSON.stringify({ settled, refused })}\n`);
