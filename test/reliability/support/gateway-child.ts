/**
 * A gateway in a child process for the kill -9 loop (issue 15, item 3), run
 * with the project's Node 24 as
 * `node --experimental-transform-types --import <core>/ledger/test-support/register-ts-hooks.ts
 * gateway-child.ts '<json>'` (the config sources use parameter properties, which need more than type stripping).
 *
 * Serves `chat` and `stream` requests through the real gateway to the
 * simulator, `concurrency` at a time, until killed. For every answer the
 * caller received (chat resolved, or the stream's `done` event), it prints
 * `ack <record id> <cost>` on stdout: a pipe, written synchronously on Linux,
 * so a line written before a SIGKILL still reaches the parent. The record id
 * is the one the gateway settles for that request (its reservation's id),
 * picked up in the request's own async context (AsyncLocalStorage) when the
 * gateway calls the ledger.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createGateway, createLedger, parseConfig, type Ledger } from '../../../packages/core/src/index.js';
import { createStoresFromConfig } from '../../../packages/core/src/gateway/create-stores-from-config.js';

interface ChildArgs {
  home: string;
  baseURL: string;
  apiKey: string;
  /** Prefix of this child's prompts, so its requests can be told apart in logs. */
  tag: string;
  concurrency: number;
  /** `redis://...`: the Redis store instead of the embedded one. */
  redisUrl?: string;
  keyPrefix?: string;
  /** Monthly budget of the provider, USD: every request is checked against it. */
  budgetUsd: number;
  /** Epoch ms (real time) to start at, so several children begin together. */
  startAt?: number;
  /** Request deadline, ms; with `leaseMarginMs`, how soon a request in flight at the kill is charged. */
  requestTimeoutMs?: number;
  leaseMarginMs?: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const quiet = { info: () => {}, warn: () => {}, error: (message: string, fields?: Record<string, unknown>) => console.error(message, fields) };
const config = parseConfig(
  {
    // maxRequestMs too: the lease outlasts the longer of the two (config/request-life-ms.ts).
    routing: {
      maxRetries: 0,
      ...(args.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: args.requestTimeoutMs, maxRequestMs: args.requestTimeoutMs }),
    },
    budgets: { dashscope: { monthlyUsd: args.budgetUsd } },
    ...(args.redisUrl === undefined ? {} : { store: { url: args.redisUrl, keyPrefix: args.keyPrefix ?? 'aegis:' } }),
  },
  { DASHSCOPE_API_KEY: args.apiKey, DASHSCOPE_BASE_URL: args.baseURL, AEGIS_LLM_HOME: args.home, HOME: args.home },
);
const stores = createStoresFromConfig(config, { clock: { now: () => Date.now() }, logger: quiet, cooldown: false });
const ledger: Ledger = createLedger({
  config,
  store: stores.ledgerStore,
  logger: quiet,
  ...(args.leaseMarginMs === undefined ? {} : { leaseMarginMs: args.leaseMarginMs }),
});

// What the parent needs to check requests in flight at the kill: every
// reservation (printed when it resolves, before its request goes upstream)
// with its worst case, and the releases that charged nothing.
const reserveOriginal = ledger.reserve.bind(ledger);
ledger.reserve = async (request) => {
  const reservation = await reserveOriginal(request);
  process.stdout.write(`rsv ${reservation.id} ${reservation.worstCaseMicroUsd ?? 0}\n`);
  return reservation;
};

/** The record ids the ledger settled for the request running in this async context. */
const settledIds = new AsyncLocalStorage<{ id?: string }>();
for (const name of ['settle', 'release'] as const) {
  const original = ledger[name].bind(ledger);
  ledger[name] = (reservation, report) => {
    // Taken at the call, not when it resolves: the ack must not depend on
    // the gateway waiting for the write (that is what the test checks).
    const slot = settledIds.getStore();
    if (slot !== undefined && report !== undefined) slot.id = reservation.id;
    const finished = original(reservation, report as never);
    if (name === 'release' && report === undefined)
      void finished.then(
        () => process.stdout.write(`rel ${reservation.id}\n`),
        () => undefined,
      );
    return finished;
  };
}
const gateway = createGateway({ config, ledger, logger: quiet });

let next = 0;
async function one(): Promise<void> {
  const n = next++;
  const request = { model: 'dashscope/qwen-plus', prompt: `${args.tag} request ${n} ${'word '.repeat(n % 7)}`, maxTokens: 40 };
  const slot: { id?: string } = {};
  await settledIds.run(slot, async () => {
    if (n % 2 === 0) {
      const result = await gateway.chat(request);
      if (slot.id !== undefined) process.stdout.write(`ack ${slot.id} ${result.costMicroUsd}\n`);
      return;
    }
    for await (const event of gateway.stream(request)) {
      if (event.type === 'done' && slot.id !== undefined) process.stdout.write(`ack ${slot.id} ${event.result.costMicroUsd}\n`);
    }
  });
}

async function worker(): Promise<never> {
  for (;;) {
    try {
      await one();
    } catch (error) {
      process.stdout.write(`fail ${(error as { kind?: string }).kind ?? 'unknown'}\n`);
    }
  }
}

if (args.startAt !== undefined) await new Promise((resolve) => setTimeout(resolve, Math.max(0, args.startAt! - Date.now())));
await Promise.all(Array.from({ length: args.concurrency }, worker));
