/**
 * A one-off micro-measure of the embedded ledger (not a test; issue 8's
 * `pnpm bench` will own the figures):
 *   node --import ./register-ts-hooks.ts measure-ledger.ts [historyRecords...]
 * For each history size it synthesises a ledger (JSONL log + document with
 * matching sums and cursor), then times recording on top of it, throughput at
 * concurrency 64, and budgetStatus.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { chargeRecord } from '../document/charge-record.js';
import { createEmptyDocument } from '../document/ledger-document.js';
import { createLedger } from '../create-ledger.js';
import { openEmbeddedStore } from '../embedded/open-embedded-store.js';
import type { LedgerRecord } from '../ledger-record.js';
import type { Logger } from '../../log/logger.js';
import { budget, ledgerConfig, okReport, sampleRecord, tempHome } from './ledger-fixtures.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const PROVIDERS = ['dashscope', 'openai', 'anyllm'];
const MODELS = ['model-a', 'model-b', 'model-c', 'model-d'];
const quiet: Logger = { info: () => {}, warn: () => {}, error: (m, f) => console.error(m, f) };

/** History spread over `months` months ending with the current one, every day, every provider and model. */
async function synthesise(dir: string, records: number, months: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const doc = createEmptyDocument('synthetic');
  const streams = new Map<string, ReturnType<typeof createWriteStream>>();
  for (let i = 0; i < records; i += 1) {
    const monthBack = i % months;
    const monthIndex = 2026 * 12 + 10 - monthBack;
    const period = `${Math.floor(monthIndex / 12)}-${String((monthIndex % 12) + 1).padStart(2, '0')}`;
    const day = `${period}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const record: LedgerRecord = sampleRecord(`h${i}`, 1 + (i % 500), {
      period,
      day,
      time: `${day}T10:00:00.000Z`,
      provider: PROVIDERS[i % PROVIDERS.length]!,
      model: MODELS[(i >> 2) % MODELS.length]!,
    });
    chargeRecord(doc, record);
    let stream = streams.get(period);
    if (stream === undefined) streams.set(period, (stream = createWriteStream(join(dir, `ledger-${period}.jsonl`))));
    if (!stream.write(`${JSON.stringify(record)}\n`)) await once(stream, 'drain');
  }
  for (const [period, stream] of streams) {
    stream.end();
    await once(stream, 'finish');
    doc.logs[period] = { offset: (await stat(join(dir, `ledger-${period}.jsonl`))).size };
  }
  await writeFile(join(dir, 'ledger.json'), JSON.stringify(doc));
}

function summary(samples: number[]): { p50: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(3));
  return { p50: at(0.5), p99: at(0.99), mean: Number((samples.reduce((a, b) => a + b, 0) / samples.length).toFixed(3)) };
}

async function measure(history: number, months: number): Promise<Record<string, unknown>> {
  const home = await tempHome('aegis-measure-');
  const dir = join(home, 'ledger');
  const t = performance.now();
  await synthesise(dir, history, months);
  const synthMs = Math.round(performance.now() - t);
  const started = Date.now();
  const clock = { now: () => NOW + (Date.now() - started) };
  const store = openEmbeddedStore({ dir, clock, logger: quiet });
  const ledger = createLedger({
    config: ledgerConfig(home, { budgets: { dashscope: budget(1e15), openai: budget(1e15) } }),
    store,
    clock,
    logger: quiet,
  });
  await store.open();
  const docBytes = (await stat(join(dir, 'ledger.json'))).size;

  // Sequential: one caller, each record awaited (one commit per record).
  const recordMs: number[] = [];
  for (let i = 0; i < 1500; i += 1) {
    const s = performance.now();
    await ledger.record({ id: `s${i}`, provider: 'dashscope', model: 'model-a', ...okReport(100) });
    if (i >= 300) recordMs.push(performance.now() - s);
  }
  const pairMs: number[] = [];
  for (let i = 0; i < 800; i += 1) {
    const s = performance.now();
    const r = await ledger.reserve({ id: `p${i}`, provider: 'dashscope', model: 'model-a', worstCaseMicroUsd: 500 });
    await ledger.settle(r, okReport(100));
    if (i >= 100) pairMs.push(performance.now() - s);
  }

  // Sustained: 64 callers recording as fast as they can for ~3 s.
  const throughput = async (pairs: boolean): Promise<number> => {
    let done = 0;
    let next = 0;
    const until = performance.now() + 3000;
    const worker = async (): Promise<void> => {
      while (performance.now() < until) {
        const id = `${pairs ? 'c' : 'r'}${next++}`;
        if (pairs) {
          const r = await ledger.reserve({ id, provider: 'openai', model: 'model-b', worstCaseMicroUsd: 500 });
          await ledger.settle(r, okReport(100));
        } else {
          await ledger.record({ id, provider: 'openai', model: 'model-b', ...okReport(100) });
        }
        done += 1;
      }
    };
    const s = performance.now();
    await Promise.all(Array.from({ length: 64 }, worker));
    return Math.round(done / ((performance.now() - s) / 1000));
  };
  const recordsPerSecond = await throughput(false);
  const pairsPerSecond = await throughput(true);

  const statusMs: number[] = [];
  for (let i = 0; i < 500; i += 1) {
    const s = performance.now();
    await ledger.budgetStatus({ estimate: { provider: 'dashscope', model: 'model-a', calls: 10, costPerCallMicroUsd: 100 } });
    if (i >= 50) statusMs.push(performance.now() - s);
  }
  const recentMs: number[] = [];
  for (let i = 0; i < 100; i += 1) {
    const s = performance.now();
    await ledger.listRecent(50);
    recentMs.push(performance.now() - s);
  }
  await ledger.close();
  await rm(home, { recursive: true, force: true });
  return {
    history,
    months,
    synthMs,
    docBytes,
    recordMs: summary(recordMs),
    reserveSettleMs: summary(pairMs),
    recordsPerSecondAt64: recordsPerSecond,
    reserveSettlePairsPerSecondAt64: pairsPerSecond,
    budgetStatusMs: summary(statusMs),
    listRecent50Ms: summary(recentMs),
  };
}

const runs = (process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['1000:1', '1000000:1', '1000000:25']).map((arg) => {
  const [records, months] = arg.split(':').map(Number);
  return { records: records!, months: months ?? 1 };
});
for (const run of runs) console.log(JSON.stringify(await measure(run.records, run.months)));
