/**
 * Several OS processes on one ledger: the budget holds and totals are exact;
 * and kill -9 at random moments of a write storm never leaves a ledger that
 * fails to open, counts twice or loses an acknowledged record.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { LedgerRecord } from '../ledger-record.js';
import type { PeriodSnapshot } from '../store.js';
import { memoryLogger, tempHomes } from '../test-support/ledger-fixtures.js';
import { openEmbeddedStore } from './open-embedded-store.js';

const homes = tempHomes();
afterAll(() => homes.removeAll());

const here = dirname(fileURLToPath(import.meta.url));
const hooks = pathToFileURL(join(here, '../test-support/register-ts-hooks.ts')).href;
const childScript = join(here, '../test-support/ledger-child.ts');
const T0 = Date.parse('2026-11-10T12:00:00Z');
const PERIOD = '2026-11';
/** Issue 9's soak can raise this. */
const KILL_ROUNDS = Number(process.env.AEGIS_LEDGER_KILL_ROUNDS ?? 20);

function startChild(args: Record<string, unknown>): { child: ChildProcess; lines: AsyncIterable<string>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', hooks, childScript, JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) console.error(stderr);
      resolve(code);
    }),
  );
  async function* lines(): AsyncIterable<string> {
    let buffer = '';
    for await (const chunk of child.stdout!) {
      buffer += (chunk as Buffer).toString();
      let newline;
      while ((newline = buffer.indexOf('\n')) !== -1) {
        yield buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
      }
    }
  }
  return { child, lines: lines(), exited };
}

interface LedgerFiles {
  records: LedgerRecord[];
  doc: { logs: Record<string, { offset: number }>; reservations: Record<string, unknown> };
  period: PeriodSnapshot;
}

/** Opens the ledger (recovering whatever a dead writer left), then checks sums against the log line by line. */
async function openAndCheck(dir: string): Promise<LedgerFiles & { warnings: string[] }> {
  const logger = memoryLogger();
  const store = openEmbeddedStore({ dir, logger, lockStaleMs: 2000, clock: { now: () => T0 } });
  await store.open();
  const period = await store.readPeriod(PERIOD);
  await store.close();
  const doc = JSON.parse(await readFile(join(dir, 'ledger.json'), 'utf8')) as LedgerFiles['doc'];
  const text = await readFile(join(dir, `ledger-${PERIOD}.jsonl`), 'utf8');
  // Recovered: no torn tail, and the cursor covers the whole log.
  expect(text === '' || text.endsWith('\n')).toBe(true);
  expect(doc.logs[PERIOD]?.offset).toBe(Buffer.byteLength(text));
  const records = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LedgerRecord);
  // Nothing twice: ids are unique in the log, and the sums are exactly the log's.
  expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
  const sums: Record<string, { spentMicroUsd: number; requests: number }> = {};
  for (const r of records) {
    const sum = (sums[r.provider] ??= { spentMicroUsd: 0, requests: 0 });
    sum.spentMicroUsd += r.costMicroUsd ?? 0;
    sum.requests += 1;
  }
  const counted = Object.fromEntries(
    Object.entries(period.providers).map(([provider, usage]) => [provider, { spentMicroUsd: usage.total.spentMicroUsd, requests: usage.total.requests }]),
  );
  expect(counted).toEqual(sums);
  // A settled request holds no reservation any more.
  for (const r of records) expect(Object.hasOwn(doc.reservations, r.id)).toBe(false);
  return { records, doc, period, warnings: logger.entries.map((e) => e.message) };
}

describe('the embedded ledger across processes', () => {
  it('two processes sharing one budget: never above the limit, totals exact', async () => {
    const dir = await homes.make();
    const worstCase = 1000;
    // Fits 100 at worst case; each process alone asks for 150 at half of it
    // (more than one could spend), 300 together (more than both may).
    const limit = 100 * worstCase;
    const startAt = Date.now() + 2000;
    const children = ['a', 'b'].map((tag) =>
      startChild({
        mode: 'budget',
        dir,
        tag,
        concurrency: 20,
        requests: 150,
        clockBase: T0,
        limitMicroUsd: limit,
        worstCaseMicroUsd: worstCase,
        latencyMs: 10,
        startAt,
      }),
    );
    const summaries = await Promise.all(
      children.map(async ({ lines, exited }) => {
        let summary: { admitted: Array<[string, number]>; refused: number } | undefined;
        for await (const line of lines) summary = JSON.parse(line);
        expect(await exited).toBe(0);
        return summary!;
      }),
    );
    const admitted = summaries.flatMap((s) => s.admitted);
    const spent = admitted.reduce((sum, [, cost]) => sum + cost, 0);
    expect(admitted.length + summaries.reduce((n, s) => n + s.refused, 0)).toBe(300);
    // Settling below the worst case hands room back: more than 100 fit, and some were refused.
    expect(admitted.length).toBeGreaterThan(100);
    expect(admitted.length).toBeLessThan(300);
    // Neither process could have spent the budget alone: both got in.
    for (const s of summaries) expect(s.admitted.length).toBeGreaterThan(0);

    const { records, period } = await openAndCheck(dir);
    expect(spent).toBeLessThanOrEqual(limit);
    expect(period.providers.dashscope?.total.spentMicroUsd).toBe(spent);
    expect(Object.fromEntries(records.map((r) => [r.id, r.costMicroUsd]))).toEqual(Object.fromEntries(admitted));
  }, 60_000);

  it(
    `kill -9 during a write storm, ${KILL_ROUNDS} rounds: opens, nothing counted twice, no acknowledged record lost`,
    async () => {
      const dir = await homes.make();
      const acknowledged = new Map<string, number>();
      const figures = { rounds: 0, replayed: 0, torn: 0, records: 0 };
      for (let round = 0; round < KILL_ROUNDS; round += 1) {
        const { child, lines, exited } = startChild({ mode: 'storm', dir, tag: `r${round}`, concurrency: 8, clockBase: T0 });
        const killAfterMs = 20 + Math.random() * 250;
        let timer: ReturnType<typeof setTimeout> | undefined;
        for await (const line of lines) {
          const [, id, cost] = line.split(' ');
          acknowledged.set(id!, Number(cost));
          // Kill at a random moment once the child is writing.
          timer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        }
        expect(await exited).toBe(null);

        const { records, warnings } = await openAndCheck(dir);
        const logged = new Map(records.map((r) => [r.id, r.costMicroUsd]));
        for (const [id, cost] of acknowledged) expect(logged.get(id)).toBe(cost);
        figures.rounds += 1;
        figures.records = records.length;
        if (warnings.some((w) => w.includes('crashed writer'))) figures.replayed += 1;
        if (warnings.some((w) => w.includes('torn'))) figures.torn += 1;
      }
      console.info('kill -9 loop', { ...figures, acknowledged: acknowledged.size });
      expect(figures.records).toBeGreaterThan(KILL_ROUNDS);
    },
    40_000 + KILL_ROUNDS * 6_000,
  );
});
