/**
 * A child process for the multi-process ledger tests, run with the project's
 * Node 24 as `node --import ./register-ts-hooks.ts ledger-child.ts '<json>'`.
 *
 * - `storm`: reserve + settle (and some plain records and bare releases) as
 *   fast as it can with `concurrency` workers until killed; prints
 *   `ack <id> <cost>` after each charge is committed.
 * - `budget`: `requests` reserve/settle pairs at `concurrency` against one
 *   budget; prints one JSON summary line and exits.
 */
import { createLedger } from '../create-ledger.js';
import { openEmbeddedStore } from '../embedded/open-embedded-store.js';
import type { Logger } from '../../log/logger.js';
import { budget, ledgerConfig, okReport } from './ledger-fixtures.js';

interface ChildArgs {
  mode: 'storm' | 'budget';
  dir: string;
  /** Prefix of this child's request ids (unique per process and round). */
  tag: string;
  concurrency: number;
  /** The clock starts here (epoch ms) and moves with real time: every run lands in the same month. */
  clockBase: number;
  requests?: number;
  limitMicroUsd?: number;
  worstCaseMicroUsd?: number;
  /** Simulated upstream time between reserve and settle, `budget` mode. */
  latencyMs?: number;
  /** Epoch ms (real time) to start at, so several children begin together. */
  startAt?: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const started = Date.now();
const clock = { now: () => args.clockBase + (Date.now() - started) };
const quiet: Logger = { info: () => {}, warn: () => {}, error: (message, fields) => console.error(message, fields) };
const store = openEmbeddedStore({ dir: args.dir, clock, logger: quiet, lockStaleMs: 2000 });
const config = ledgerConfig(args.dir, {
  budgets: args.limitMicroUsd === undefined ? {} : { dashscope: budget(args.limitMicroUsd) },
});
const ledger = createLedger({ config, store, clock, logger: quiet });

async function storm(): Promise<void> {
  let next = 0;
  const worker = async (): Promise<never> => {
    for (;;) {
      const n = next++;
      const id = `${args.tag}-${n}`;
      const cost = 1 + (n % 97);
      if (n % 10 === 9) {
        await ledger.record({ id, provider: 'openai', model: 'gpt-4o-mini', ...okReport(cost) });
        process.stdout.write(`ack ${id} ${cost}\n`);
        continue;
      }
      const reservation = await ledger.reserve({ id, provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: 100, leaseMs: 1000 });
      if (n % 10 === 4) {
        await ledger.release(reservation);
        continue;
      }
      await ledger.settle(reservation, okReport(cost));
      process.stdout.write(`ack ${id} ${cost}\n`);
    }
  };
  await Promise.all(Array.from({ length: args.concurrency }, worker));
}

async function budgetRun(): Promise<void> {
  const admitted: Array<[string, number]> = [];
  let refused = 0;
  let next = 0;
  const total = args.requests ?? 100;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const n = next++;
      const id = `${args.tag}-${n}`;
      try {
        const reservation = await ledger.reserve({
          id,
          provider: 'dashscope',
          model: 'qwen-plus',
          worstCaseMicroUsd: args.worstCaseMicroUsd ?? 100,
        });
        await new Promise((resolve) => setTimeout(resolve, args.latencyMs ?? 0));
        // Real costs come in under the worst case, so settling hands room back.
        const cost = Math.floor((args.worstCaseMicroUsd ?? 100) / 2) + (n % 3);
        await ledger.settle(reservation, okReport(cost));
        admitted.push([id, cost]);
      } catch (error) {
        if ((error as { kind?: string }).kind !== 'budget_exceeded') throw error;
        refused += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: args.concurrency }, worker));
  process.stdout.write(`${JSON.stringify({ admitted, refused })}\n`);
  await ledger.close();
}

if (args.startAt !== undefined) await new Promise((resolve) => setTimeout(resolve, Math.max(0, args.startAt! - Date.now())));
await (args.mode === 'storm' ? storm() : budgetRun());
