/**
 * Delivered means recorded (issue 15, item 3): three gateway processes on one
 * store serve chat and stream requests through the simulator and are killed
 * with SIGKILL at random moments. Every answer a caller received (chat
 * resolved, or `done` yielded), reported to this process over a pipe right
 * after, with the id of its record and its cost, must be in the ledger
 * exactly once with that cost, after every round. Embedded store, and Redis
 * when redis-server is installed.
 *
 * Unlike crash-loop.test.ts (raw ledger calls), the children are whole
 * gateways (test/reliability/support/gateway-child.ts). After the last
 * round, once every lease has run out, the requests the kills caught in
 * flight must be charged (expiry-charge.ts): every reservation a child made
 * (printed before its request went upstream) with no record of its own was
 * in flight at a kill, and the expiry charges must cover their worst cases. 3 rounds per store
 * by default; `AEGIS_SOAK=full` runs 3/5 of `AEGIS_SOAK_CRASH_ROUNDS` (30).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRedisLedgerStore, type LedgerRecord } from '@aegis-llm/core';
import { openEmbeddedStore } from '../../packages/core/src/ledger/embedded/open-embedded-store.js';
import { startSimulator, type Simulator } from '@aegis-llm/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisServer, startRedisServer, type RedisServer } from '../../packages/core/src/test-support/start-redis-server.js';
import { createPrng } from './support/prng.ts';
import { soakMode } from './support/soak-mode.ts';
import { writeFigures } from './support/write-figures.ts';

const mode = soakMode();
const ROUNDS = Math.max(3, Math.round((mode.crashRounds * 3) / 5));
const HOOKS = pathToFileURL(fileURLToPath(new URL('../../packages/core/src/ledger/test-support/register-ts-hooks.ts', import.meta.url))).href;
const CHILD = fileURLToPath(new URL('./support/gateway-child.ts', import.meta.url));
const KEY = 'sk-crash-gateway-0123456789';
const quiet = { info() {}, warn() {}, error() {} };
/** Short deadlines and leases in the children, so the requests in flight at a kill are charged within the test. */
const REQUEST_TIMEOUT_MS = 2_000;
const LEASE_MARGIN_MS = 4_000;

interface Child {
  process: ChildProcess;
  acked: Map<string, number>;
  /** Reservation id -> worst case, printed before the request went upstream. */
  reserved: Map<string, number>;
  /** Reservations released with nothing to charge (the request ended before any usage). */
  releasedEmpty: Set<string>;
  firstAck: Promise<void>;
  failures: Map<string, number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function startChild(args: Record<string, unknown>): Child {
  const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--import', HOOKS, CHILD, JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked = new Map<string, number>();
  const reserved = new Map<string, number>();
  const releasedEmpty = new Set<string>();
  const failures = new Map<string, number>();
  let onFirst: () => void = () => {};
  const firstAck = new Promise<void>((resolve) => (onFirst = resolve));
  let buffer = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline;
    while ((newline = buffer.indexOf('\n')) !== -1) {
      const [word, id, cost] = buffer.slice(0, newline).split(' ');
      buffer = buffer.slice(newline + 1);
      if (word === 'ack' && id !== undefined) {
        acked.set(id, Number(cost));
        onFirst();
      } else if (word === 'rsv' && id !== undefined) reserved.set(id, Number(cost));
      else if (word === 'rel' && id !== undefined) releasedEmpty.add(id);
      else if (word === 'fail' && id !== undefined) failures.set(id, (failures.get(id) ?? 0) + 1);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { process: child, acked, reserved, releasedEmpty, failures, firstAck, exited };
}

/**
 * Every record of the embedded ledger in `home`, from its logs, as the next
 * process to open it finds them: opening folds what the dead processes left
 * in their journals (appends written without the lock) into the logs.
 */
async function embeddedRecords(home: string): Promise<LedgerRecord[]> {
  const dir = join(home, 'ledger');
  const store = openEmbeddedStore({ dir, logger: quiet });
  try {
    await store.open();
  } finally {
    await store.close();
  }
  return readdirSync(dir)
    .filter((name) => /^ledger-\d{4}-\d{2}\.jsonl$/.test(name))
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n'))
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as LedgerRecord];
      } catch {
        // A torn line a dead writer left (cut by the next commit): not a record.
        return [];
      }
    });
}

async function redisRecords(url: string, keyPrefix: string): Promise<LedgerRecord[]> {
  const store = createRedisLedgerStore({ url, keyPrefix, logger: quiet, maxRecent: 1_000_000 });
  try {
    return await store.listRecent(1_000_000);
  } finally {
    await store.close();
  }
}

/**
 * Runs one store operation on the ledger (any operation ends the leases that
 * ran out: the embedded store in its commit, after taking over a dead
 * child's lock; Redis in the script, then charges them in the background),
 * then waits until nothing is held. Returns the period's figures.
 */
async function expireLeases(name: 'embedded' | 'redis', home: string, keyPrefix: string): Promise<{ spentMicroUsd: number; reservedMicroUsd: number }> {
  const store =
    name === 'redis' ? createRedisLedgerStore({ url: redis!.url, keyPrefix, logger: quiet }) : openEmbeddedStore({ dir: join(home, 'ledger'), logger: quiet });
  try {
    await store.retireAllowance('probe', 0);
    const period = new Date().toISOString().slice(0, 7);
    const until = Date.now() + 15_000;
    for (;;) {
      const usage = (await store.readPeriod(period)).providers.dashscope;
      const figures = { spentMicroUsd: usage?.total.spentMicroUsd ?? 0, reservedMicroUsd: usage?.reservedMicroUsd ?? 0 };
      if (figures.reservedMicroUsd === 0 || Date.now() > until) return figures;
      await new Promise((resolve) => setTimeout(resolve, 100));
      await store.retireAllowance('probe', 0);
    }
  } finally {
    await store.close();
  }
}

let sim: Simulator;
let redis: RedisServer | undefined;
const redisEnabled = hasRedisServer();

beforeAll(async () => {
  // Answers take a while (chunks 15 ms apart), so every kill lands on requests in flight.
  sim = await startSimulator({ apiKey: KEY, defaultScenario: { chunks: 6, chunkIntervalMs: 15, latencyMs: 5 } });
  if (redisEnabled) redis = await startRedisServer();
}, 30_000);
afterAll(async () => {
  await sim?.close();
  await redis?.stop();
});

const stores = [{ name: 'embedded' as const }, ...(redisEnabled ? [{ name: 'redis' as const }] : [])];

describe.each(stores)(`kill -9 of three gateway processes on one $name store, ${ROUNDS} rounds (${mode.name})`, ({ name }) => {
  const home = mkdtempSync(join(tmpdir(), `aegis-crash-gw-${name}-`));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it(
    'every answer a caller received is in the ledger exactly once, at the cost the caller saw',
    async () => {
      const startedAt = Date.now();
      const rng = createPrng(mode.seed + (name === 'redis' ? 1 : 0));
      const keyPrefix = `crash-${Date.now()}:`;
      const acknowledged = new Map<string, number>();
      const reserved = new Map<string, number>();
      const releasedEmpty = new Set<string>();
      const problems: string[] = [];
      const failures = new Map<string, number>();
      let kills = 0;
      let recordsInLedger = 0;

      for (let round = 0; round < ROUNDS && problems.length === 0; round += 1) {
        const startAt = Date.now() + 1_000;
        const children = ['a', 'b', 'c'].map((tag) =>
          startChild({
            home,
            baseURL: sim.baseURL,
            apiKey: KEY,
            tag: `${name}-r${round}${tag}`,
            concurrency: 8,
            budgetUsd: 1_000,
            startAt,
            requestTimeoutMs: REQUEST_TIMEOUT_MS,
            leaseMarginMs: LEASE_MARGIN_MS,
            ...(name === 'redis' ? { redisUrl: redis!.url, keyPrefix } : {}),
          }),
        );
        try {
          await Promise.all(
            children.map(async (child) => {
              await Promise.race([child.firstAck, child.exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
              await new Promise((resolve) => setTimeout(resolve, rng.int(200, 1200)));
              child.process.kill('SIGKILL');
            }),
          );
          for (const child of children) {
            const { code, signal, stderr } = await child.exited;
            if (signal !== 'SIGKILL') problems.push(`round ${round}: a gateway ended by itself (code ${code}): ${stderr.slice(0, 500)}`);
            else kills += 1;
            if (child.acked.size === 0) problems.push(`round ${round}: a gateway acknowledged no answer: ${stderr.slice(0, 500)}`);
            for (const [id, cost] of child.acked) acknowledged.set(id, cost);
            for (const [id, worst] of child.reserved) reserved.set(id, worst);
            for (const id of child.releasedEmpty) releasedEmpty.add(id);
            for (const [kind, n] of child.failures) failures.set(kind, (failures.get(kind) ?? 0) + n);
          }
        } finally {
          for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
        }

        const records = name === 'redis' ? await redisRecords(redis!.url, keyPrefix) : await embeddedRecords(home);
        recordsInLedger = records.length;
        const count = new Map<string, number>();
        const cost = new Map<string, number | undefined>();
        for (const r of records) {
          count.set(r.id, (count.get(r.id) ?? 0) + 1);
          cost.set(r.id, r.costMicroUsd);
        }
        // An expiry charge is made by whichever process commits first; if a
        // stalled holder's lock was taken over mid-commit, two may log the same
        // one. The ledger counts a repeated id once (recover-logs.ts), so such
        // lines are allowed when identical; every other id must be there once.
        const abandonedLines = new Map<string, Set<string>>();
        for (const r of records)
          if (r.outcome === 'abandoned') abandonedLines.set(r.id, (abandonedLines.get(r.id) ?? new Set()).add(JSON.stringify({ ...r, time: '' })));
        const twice = [...count].filter(([id, n]) => n > 1 && (abandonedLines.get(id)?.size ?? 2) !== 1).map(([id]) => id);
        if (twice.length > 0) problems.push(`round ${round}: ${twice.length} ids recorded more than once: ${twice.slice(0, 5).join(', ')}`);
        const missing = [...acknowledged].filter(([id]) => !count.has(id)).map(([id]) => id);
        if (missing.length > 0) problems.push(`round ${round}: ${missing.length} answers received but not in the ledger: ${missing.slice(0, 5).join(', ')}`);
        const changed = [...acknowledged].filter(([id, c]) => count.has(id) && cost.get(id) !== c).map(([id]) => id);
        if (changed.length > 0) problems.push(`round ${round}: ${changed.length} answers recorded at another cost than the caller saw`);
      }

      // Requests in flight at the kills: once every lease has run out, each is
      // charged (at its worst case, or within its allowance's cover), none
      // dropped. A reservation with no record of its own (and not released
      // empty) was in flight at a kill: the expiry charges must pay for at
      // least the sum of their worst cases.
      await new Promise((resolve) => setTimeout(resolve, 2 * (REQUEST_TIMEOUT_MS + LEASE_MARGIN_MS) + 500));
      const afterExpiry = await expireLeases(name, home, keyPrefix);
      const final = name === 'redis' ? await redisRecords(redis!.url, keyPrefix) : await embeddedRecords(home);
      const abandoned = final.filter((r) => r.outcome === 'abandoned');
      const recordedIds = new Set(final.filter((r) => r.outcome !== 'abandoned').map((r) => r.id));
      const inFlight = [...reserved].filter(([id]) => !recordedIds.has(id) && !releasedEmpty.has(id));
      const owedMicroUsd = inFlight.reduce((sum, [, worst]) => sum + worst, 0);
      const chargedAtExpiryMicroUsd = [...new Map(abandoned.map((r) => [r.id, r.costMicroUsd ?? 0])).values()].reduce((sum, cost) => sum + cost, 0);
      // Each id once, as the ledger counts it.
      const recordedMicroUsd = [...new Map(final.map((r) => [r.id, r.costMicroUsd ?? 0])).values()].reduce((sum, cost) => sum + cost, 0);
      if (afterExpiry.reservedMicroUsd !== 0) problems.push(`${afterExpiry.reservedMicroUsd} micro-USD still held after every lease ended`);
      if (afterExpiry.spentMicroUsd !== recordedMicroUsd)
        problems.push(`spend ${afterExpiry.spentMicroUsd} is not the sum of the records, ${recordedMicroUsd}`);
      if (chargedAtExpiryMicroUsd < owedMicroUsd) {
        problems.push(
          `${inFlight.length} requests in flight at the kills hold ${owedMicroUsd} micro-USD of worst case, but the expiry charges are ${chargedAtExpiryMicroUsd}`,
        );
      }

      writeFigures(
        `crash-loop-gateway-${name}`,
        mode,
        {
          suite: `Crash loop, gateways (${name})`,
          checks: `kill -9 of three gateway processes serving chat and stream through the simulator, ${ROUNDS} rounds`,
          figures: {
            rounds: ROUNDS,
            crashesSurvived: kills,
            answersReceived: acknowledged.size,
            recordsInLedger,
            answersMissing: problems.filter((p) => p.includes('not in the ledger')).length,
            inFlightAtKills: inFlight.length,
            inFlightWorstCaseUsd: owedMicroUsd / 1e6,
            chargedAtExpiry: abandoned.length,
            chargedAtExpiryUsd: chargedAtExpiryMicroUsd / 1e6,
            failedRequests: [...failures.values()].reduce((a, b) => a + b, 0),
            leaksFound: problems.length,
          },
          findings: problems,
        },
        startedAt,
      );
      expect(problems).toEqual([]);
      expect(acknowledged.size).toBeGreaterThan(ROUNDS * 3);
    },
    90_000 + ROUNDS * 20_000,
  );
});
