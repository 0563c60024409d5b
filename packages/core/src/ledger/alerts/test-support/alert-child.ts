/**
 * A short-lived process on an embedded ledger, as a CLI command or an n8n
 * execution is, for alert-delivery.test.ts. Run with the project's Node 24:
 * `node --import ../../test-support/register-ts-hooks.ts alert-child.ts '<json>'`.
 *
 * - `fire-and-close`: one charge that crosses the 50 % threshold, then close();
 * - `fire-and-exit`: the same charge, then process.exit(0) at once: no close;
 * - `open-and-close`: reads the budget status (a CLI `budget`), then close().
 * Prints the period's fired alerts, with their delivery, as JSON after closing.
 */
import { createLedger } from '../../create-ledger.js';
import { openEmbeddedStore } from '../../embedded/open-embedded-store.js';
import type { Logger } from '../../../log/logger.js';
import { budget, ledgerConfig, okReport } from '../../test-support/ledger-fixtures.js';

interface ChildArgs {
  mode: 'fire-and-close' | 'fire-and-exit' | 'open-and-close';
  dir: string;
  url: string;
  tag: string;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
// Log lines go to stderr for the test to check (the URL must never be in them).
const logger: Logger = {
  info: () => {},
  warn: (message, fields) => console.error('warn', message, JSON.stringify(fields ?? {})),
  error: (message, fields) => console.error('error', message, JSON.stringify(fields ?? {})),
};
const store = openEmbeddedStore({ dir: args.dir, logger, lockStaleMs: 2000 });
const config = ledgerConfig(args.dir, { budgets: { dashscope: budget(1_000_000, { alertThresholds: [50] }) }, alerts: { webhookUrl: args.url } });
const ledger = createLedger({ config, store, logger, webhook: { baseDelayMs: 50, timeoutMs: 500 } });

if (args.mode !== 'open-and-close') {
  const reservation = await ledger.reserve({ id: `${args.tag}-1`, provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: 700_000 });
  await ledger.settle(reservation, okReport(600_000));
  if (args.mode === 'fire-and-exit') process.exit(0);
}
await ledger.budgetStatus();
await ledger.close();
// The state close() left, as the next process (or budget_status) sees it.
const after = openEmbeddedStore({ dir: args.dir, logger });
const period = new Date().toISOString().slice(0, 7);
process.stdout.write(`${JSON.stringify((await after.readPeriod(period)).alerts)}\n`);
await after.close();
