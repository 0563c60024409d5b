/**
 * A child process for the no-false-refusal tests (budget-allowances.multi-process.test.ts),
 * run with the project's Node 24 as `node --import ./register-ts-hooks.ts allowance-child.ts '<json>'`:
 * one gateway's ledger on the embedded store (`dir`) or on Redis (`url`),
 * sending `requests` reserve/settle pairs at `concurrency`, spread over
 * `models` of one budgeted provider. Prints one JSON summary line: every
 * settled request with its cost, and every refusal with its figures.
 */
import { isAegisError, type AegisErrorDetails } from '../../errors.js';
import { createLedger } from '../create-ledger.js';
import { openEmbeddedStore } from '../embedded/open-embedded-store.js';
import type { Logger } from '../../log/logger.js';
import { createRedisLedgerStore } from '../redis/create-redis-ledger-store.js';
import { budget, ledgerConfig, okReport } from './ledger-fixtures.js';

interface ChildArgs {
  /** The embedded store's directory, or... */
  dir?: string;
  /** ...a Redis URL and key prefix. */
  url?: string;
  keyPrefix?: string;
  tag: string;
  models: string[];
  concurrency: number;
  requests: number;
  limitMicroUsd: number;
  worstCaseMicroUsd: number;
  /** Simulated upstream time between reserve and settle: latencyMs + n % 3 ms. */
  latencyMs: number;
  /** The clock starts here (epoch ms) and moves with real time: every process in the same month. */
  clockBase: number;
  /** Epoch ms (real time) to start at, so the children begin together. */
  startAt: number;
}

export interface AllowanceChildSummary {
  settled: Array<[string, number]>;
  refusals: Array<{ id: string; kind: string; details?: AegisErrorDetails }>;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const started = Date.now();
const clock = { now: () => args.clockBase + (Date.now() - started) };
const quiet: Logger = { info: () => {}, warn: () => {}, error: (message, fields) => console.error(message, fields) };
const store =
  args.url === undefined
    ? openEmbeddedStore({ dir: args.dir!, clock, logger: quiet, lockStaleMs: 2000 })
    : // Generous timeouts: 12 of these share a loaded 2-core machine, and an unavailable store is not what is tested.
      createRedisLedgerStore({ url: args.url, keyPrefix: args.keyPrefix, clock, logger: quiet, connectTimeoutMs: 10_000, commandTimeoutMs: 10_000 });
const config = ledgerConfig(args.dir ?? '/nonexistent', { budgets: { dashscope: budget(args.limitMicroUsd) } });
const ledger = createLedger({ config, store, clock, logger: quiet });

const summary: AllowanceChildSummary = { settled: [], refusals: [] };
let next = 0;

async function worker(): Promise<void> {
  while (next < args.requests) {
    const n = next++;
    const id = `${args.tag}-${n}`;
    const model = args.models[n % args.models.length]!;
    try {
      const reservation = await ledger.reserve({ id, provider: 'dashscope', model, worstCaseMicroUsd: args.worstCaseMicroUsd });
      await new Promise((resolve) => setTimeout(resolve, args.latencyMs + (n % 3)));
      // Real costs come in under the worst case, so settling hands room back.
      const cost = Math.floor(args.worstCaseMicroUsd / 2) + (n % 3);
      const result = await ledger.settle(reservation, okReport(cost));
      if (result.status !== 'duplicate') summary.settled.push([id, cost]);
    } catch (error) {
      if (!isAegisError(error)) console.error(error);
      summary.refusals.push(isAegisError(error) ? { id, kind: error.kind, details: error.details } : { id, kind: 'other' });
    }
  }
}

await new Promise((resolve) => setTimeout(resolve, Math.max(0, args.startAt - Date.now())));
await Promise.all(Array.from({ length: args.concurrency }, worker));
await ledger.close();
process.stdout.write(`${JSON.stringify(summary)}\n`);
