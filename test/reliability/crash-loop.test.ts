/**
 * Crash loop (issue 9): two processes storm one embedded ledger with
 * reserve/settle, bare releases and plain records, and each is killed with
 * SIGKILL at its own random moment. After every round the ledger must open
 * (recovering what the dead writers left), hold every id once, count exactly
 * what its log holds, and keep every record a writer had acknowledged: only
 * records still in flight at the kill may be missing.
 *
 * Reuses the ledger's own child (packages/core/src/ledger/test-support/
 * ledger-child.ts, `storm` mode), every other round under a budget so the
 * reservations live in the store. 5 rounds by default; `AEGIS_SOAK=full` runs 50.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createLedger, type LedgerRecord } from '@aegis-llm/core';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../packages/core/src/ledger/embedded/open-embedded-store.js';
import { createPrng } from './support/prng.ts';
import { soakMode } from './support/soak-mode.ts';
import { writeFigures } from './support/write-figures.ts';

const mode = soakMode();
const ROUNDS = mode.crashRounds;
const SUPPORT = fileURLToPath(new URL('../../packages/core/src/ledger/test-support/', import.meta.url));
const HOOKS = pathToFileURL(join(SUPPORT, 'register-ts-hooks.ts')).href;
const CHILD = join(SUPPORT, 'ledger-child.ts');
/** The children's clock starts here, so every round lands in the same month. */
const T0 = Date.parse('2026-11-10T12:00:00Z');
const PERIOD = '2026-11';

interface Writer {
  child: ChildProcess;
  /** Ids the writer acknowledged (committed), with their cost. */
  acked: Map<string, number>;
  /** Resolves once the first record is acknowledged (the storm is on). */
  firstAck: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function startWriter(dir: string, tag: string, startAt: number, budgeted: boolean): Writer {
  // A limit no storm reaches: the reservations are held in the store and checked against it.
  const budget = budgeted ? { limitMicroUsd: 1e12 } : {};
  const child = spawn(
    process.execPath,
    ['--import', HOOKS, CHILD, JSON.stringify({ mode: 'storm', dir, tag, concurrency: 8, clockBase: T0, startAt, ...budget })],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const acked = new Map<string, number>();
  let stderr = '';
  let buffer = '';
  let onFirst: () => void = () => {};
  const firstAck = new Promise<void>((resolve) => (onFirst = resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline;
    while ((newline = buffer.indexOf('\n')) !== -1) {
      const [word, id, cost] = buffer.slice(0, newline).split(' ');
      buffer = buffer.slice(newline + 1);
      if (word === 'ack' && id !== undefined) {
        acked.set(id, Number(cost));
        onFirst();
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, acked, firstAck, exited };
}

/** Opens the ledger as a new process would, then checks it against its log line by line. */
async function openAndCheck(dir: string, acknowledged: ReadonlyMap<string, number>) {
  const warnings: string[] = [];
  const logger = { info() {}, warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m) };
  const clock = { now: () => T0 };
  const store = openEmbeddedStore({ dir, logger, lockStaleMs: 2_000, clock });
  const ledger = createLedger({ config: { home: dir, budgets: {}, alerts: {}, timeZone: 'UTC', routing: { requestTimeoutMs: 55_000 } }, store, clock, logger });
  // "Always opens": open() recovers a torn tail and counts what a dead writer logged.
  await store.open();
  const usage = await ledger.usage({ months: 1 });
  await ledger.close();

  const text = readFileSync(join(dir, `ledger-${PERIOD}.jsonl`), 'utf8');
  const doc = JSON.parse(readFileSync(join(dir, 'ledger.json'), 'utf8')) as {
    logs: Record<string, { offset: number }>;
    reservations?: Record<string, unknown>;
  };
  const records = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LedgerRecord);
  const problems: string[] = [];
  if (!(text === '' || text.endsWith('\n'))) problems.push('the log ends in a torn line after recovery');
  if (doc.logs[PERIOD]?.offset !== Buffer.byteLength(text))
    problems.push(`the cursor (${doc.logs[PERIOD]?.offset}) does not cover the log (${Buffer.byteLength(text)} bytes)`);
  const ids = new Set(records.map((r) => r.id));
  if (ids.size !== records.length) problems.push(`${records.length - ids.size} ids are in the log twice`);
  const logSums: Record<string, [number, number]> = {};
  for (const r of records) {
    const sum = (logSums[r.provider] ??= [0, 0]);
    sum[0] += r.costMicroUsd ?? 0;
    sum[1] += 1;
  }
  const counted = Object.fromEntries(Object.entries(usage.months[PERIOD] ?? {}).map(([p, u]) => [p, [u.total.spentMicroUsd, u.total.requests]]));
  if (JSON.stringify(Object.entries(counted).sort()) !== JSON.stringify(Object.entries(logSums).sort())) {
    problems.push(`counted ${JSON.stringify(counted)} but the log holds ${JSON.stringify(logSums)}`);
  }
  const stillHeld = records.filter((r) => Object.hasOwn(doc.reservations ?? {}, r.id)).length;
  if (stillHeld > 0) problems.push(`${stillHeld} recorded requests still hold their reservation`);
  const byId = new Map(records.map((r) => [r.id, r]));
  // A settle that came after its 1 s lease ran out (a writer stalled on the
  // lock a dead one held) finds its reservation charged its worst case at
  // expiry (expiry-charge.ts): the record is that charge, never less.
  const lost = [...acknowledged]
    .filter(([id, cost]) => {
      const record = byId.get(id);
      if (record?.outcome === 'abandoned') return (record.costMicroUsd ?? 0) < cost;
      return record?.costMicroUsd !== cost;
    })
    .map(([id]) => id);
  if (lost.length > 0) problems.push(`${lost.length} acknowledged records lost or changed: ${lost.slice(0, 5).join(', ')}`);
  return { records, problems, warnings };
}

describe(`crash loop: kill -9 two writers at random moments, ${ROUNDS} rounds (${mode.name})`, () => {
  const home = mkdtempSync(join(tmpdir(), 'aegis-crash-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it(
    'the ledger always opens, counts nothing twice and loses only records in flight',
    async () => {
      const startedAt = Date.now();
      const rng = createPrng(mode.seed);
      const dir = join(home, 'ledger');
      const acknowledged = new Map<string, number>();
      const figures = { rounds: 0, kills: 0, replayedAfterCrash: 0, tornTailsCut: 0, records: 0, inFlightKept: 0, chargedAtExpiry: 0 };
      const problems: string[] = [];

      for (let round = 0; round < ROUNDS && problems.length === 0; round += 1) {
        // Both begin the storm together, whatever each one's start-up takes.
        const startAt = Date.now() + 700;
        // Every other round under a budget: reservations held in the store, not only in memory.
        const writers = ['a', 'b'].map((w) => startWriter(dir, `r${round}${w}`, startAt, round % 2 === 0));
        try {
          await Promise.all(
            writers.map(async (writer) => {
              // A writer that dies before its first ack (a broken ledger) must not hang the loop.
              await Promise.race([writer.firstAck, writer.exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
              await new Promise((resolve) => setTimeout(resolve, rng.int(0, 300)));
              writer.child.kill('SIGKILL');
            }),
          );
          for (const writer of writers) {
            const { code, signal, stderr } = await writer.exited;
            if (signal !== 'SIGKILL') problems.push(`round ${round}: a writer ended by itself (code ${code}): ${stderr.slice(0, 500)}`);
            else figures.kills += 1;
            for (const [id, cost] of writer.acked) acknowledged.set(id, cost);
          }
        } finally {
          for (const writer of writers) if (writer.child.exitCode === null && writer.child.signalCode === null) writer.child.kill('SIGKILL');
        }

        const checked = await openAndCheck(dir, acknowledged);
        for (const problem of checked.problems) problems.push(`round ${round}: ${problem}`);
        figures.rounds += 1;
        figures.records = checked.records.length;
        figures.inFlightKept = checked.records.length - acknowledged.size;
        figures.chargedAtExpiry = checked.records.filter((r) => r.outcome === 'abandoned').length;
        if (checked.warnings.some((w) => w.includes('crashed writer'))) figures.replayedAfterCrash += 1;
        if (checked.warnings.some((w) => w.includes('torn'))) figures.tornTailsCut += 1;
      }

      writeFigures(
        'crash-loop',
        mode,
        {
          suite: 'Crash loop',
          checks: `kill -9 of two writers of one embedded ledger during a write storm, ${ROUNDS} rounds`,
          figures: {
            rounds: figures.rounds,
            crashesSurvived: figures.kills,
            acknowledgedRecords: acknowledged.size,
            recordsInLedger: figures.records,
            inFlightRecordsKept: figures.inFlightKept,
            chargedAtExpiry: figures.chargedAtExpiry,
            roundsWithReplay: figures.replayedAfterCrash,
            roundsWithTornTail: figures.tornTailsCut,
            leaksFound: problems.length,
          },
          findings: problems,
        },
        startedAt,
      );
      expect(problems).toEqual([]);
      expect(figures.rounds).toBe(ROUNDS);
      expect(acknowledged.size).toBeGreaterThan(ROUNDS);
    },
    60_000 + ROUNDS * 10_000,
  );
});
