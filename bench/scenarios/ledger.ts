/**
 * Issue 8, item 4 (and issue 4's figure): the embedded ledger's cost of
 * recording with 10^3 vs 10^6 records of history, sustained records per
 * second, and budgetStatus latency at 10^6. Ledgers are made with the
 * public createLedger on temp homes; history is written through the
 * ledger's own record() (lib/synthesize-history.ts).
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedger, parseConfig, type Ledger, type UnreservedReport } from '@aegis-llm/core';
import { createCountingLogger } from '../lib/bench-gateway.ts';
import { atLeast, atMost, ms, perSecond, times, type Row } from '../lib/report.ts';
import type { ScenarioContext } from '../lib/scenario.ts';
import { median, summarize, type Summary } from '../lib/stats.ts';
import { synthesizeHistory } from '../lib/synthesize-history.ts';

const SMALL = 1_000;
const LARGE = 1_000_000;
const ROUNDS = 5;
const RECORDS_PER_ROUND = 300;
const SUSTAINED_CALLERS = 64;
const SUSTAINED_MS = 3000;
const STATUS_CALLS = 300;

interface OpenLedger {
  ledger: Ledger;
  home: string;
  history: number;
  logger: ReturnType<typeof createCountingLogger>;
}

export interface LedgerData {
  history: { small: number; large: number; synthesisSeconds: number; largeFiles: { logBytes: number; documentBytes: number } };
  recordMs: { small: Summary; large: Summary; roundsRatioP50: number[] };
  reserveSettleMs: { small: Summary; large: Summary };
  sustainedRecordsPerSecond: number;
  budgetStatusMs: { afterWrite: Summary; unchanged: Summary };
}

let sequence = 0;
const liveReport = (provider = 'dashscope'): UnreservedReport => ({
  id: `bench-${process.pid}-${sequence++}`,
  provider,
  model: 'qwen-plus',
  usage: { inputTokens: 120, outputTokens: 40, cachedInputTokens: 0, reasoningTokens: 0, estimated: false },
  costMicroUsd: 96,
  latencyMs: 2,
  ttftMs: 1,
  outcome: 'ok',
  attempts: 1,
  task: 'chat',
});

async function openLedger(history: number): Promise<OpenLedger> {
  const home = await mkdtemp(join(tmpdir(), 'aegis-bench-ledger-'));
  const config = parseConfig(
    {},
    { AEGIS_LLM_HOME: home, MONTHLY_BUDGET_DASHSCOPE: '1000000', MONTHLY_BUDGET_OPENAI: '1000000', MONTHLY_BUDGET_ANYLLM: '1000000' },
  );
  const logger = createCountingLogger();
  return { ledger: createLedger({ config, logger }), home, history, logger };
}

async function timeEach(times: number, op: () => Promise<unknown>, before?: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i += 1) {
    if (before) await before();
    const t0 = performance.now();
    await op();
    samples.push(performance.now() - t0);
  }
  return samples;
}

async function filesOf(home: string): Promise<{ logBytes: number; documentBytes: number }> {
  const dir = join(home, 'ledger');
  let logBytes = 0;
  let documentBytes = 0;
  for (const name of await readdir(dir)) {
    const { size } = await stat(join(dir, name));
    if (name.endsWith('.jsonl')) logBytes += size;
    if (name === 'ledger.json') documentBytes = size;
  }
  return { logBytes, documentBytes };
}

export async function benchLedger(ctx: ScenarioContext): Promise<{ rows: Row[]; data: LedgerData }> {
  const large = ctx.quick ? LARGE / 10 : LARGE;
  const small = await openLedger(SMALL);
  const big = await openLedger(large);
  try {
    const t0 = performance.now();
    ctx.progress(`ledger: writing ${SMALL.toLocaleString('en-US')} and ${large.toLocaleString('en-US')} records of history through record()`);
    await synthesizeHistory(small.ledger, SMALL, Date.now());
    await synthesizeHistory(big.ledger, large, Date.now());
    const synthesisSeconds = (performance.now() - t0) / 1000;
    const largeFiles = await filesOf(big.home);
    ctx.progress(
      `ledger: history written in ${Math.round(synthesisSeconds)} s (10^6: ${Math.round(largeFiles.logBytes / 2 ** 20)} MiB of logs, a ${Math.round(largeFiles.documentBytes / 1024)} KiB document)`,
    );

    // Record latency, one awaited at a time, the two ledgers interleaved round by round.
    const record = (l: OpenLedger) => () => l.ledger.record(liveReport());
    await timeEach(200, record(small));
    await timeEach(200, record(big));
    const recordSamples = { small: [] as number[], large: [] as number[] };
    const roundsRatioP50: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? [small, big] : [big, small];
      const p50 = new Map<OpenLedger, number>();
      for (const l of order) {
        const samples = await timeEach(RECORDS_PER_ROUND, record(l));
        (l === small ? recordSamples.small : recordSamples.large).push(...samples);
        p50.set(l, summarize(samples).p50);
      }
      roundsRatioP50.push(p50.get(big)! / p50.get(small)!);
    }
    const recordRatio = median(roundsRatioP50);

    // A gateway request's own pair: reserve the worst case, then settle.
    const pair = (l: OpenLedger) => async () => {
      const reservation = await l.ledger.reserve({ id: `pair-${sequence++}`, provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: 5000 });
      await l.ledger.settle(reservation, liveReport());
    };
    const pairSmall = await timeEach(RECORDS_PER_ROUND, pair(small));
    const pairLarge = await timeEach(RECORDS_PER_ROUND, pair(big));

    // Sustained: many callers at once; the group commit batches them.
    let recorded = 0;
    const until = performance.now() + SUSTAINED_MS;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: SUSTAINED_CALLERS }, async () => {
        while (performance.now() < until) {
          await big.ledger.record(liveReport(recorded % 2 === 0 ? 'dashscope' : 'openai'));
          recorded += 1;
        }
      }),
    );
    const sustained = (recorded / (performance.now() - started)) * 1000;

    // budgetStatus at 10^6: after a write (the document changed: read and parse it again) and with nothing new.
    const status = () => big.ledger.budgetStatus();
    await timeEach(50, status);
    const afterWrite = summarize(await timeEach(STATUS_CALLS, status, record(big)));
    const unchanged = summarize(await timeEach(STATUS_CALLS, status));

    const recordSmall = summarize(recordSamples.small);
    const recordLarge = summarize(recordSamples.large);
    const label = large === LARGE ? '10^6' : large.toLocaleString('en-US');
    const rows: Row[] = [
      { item: 4, measure: 'ledger record(), 10^3 records of history', value: ms(recordSmall.p50), p99: ms(recordSmall.p99), verdict: 'info' },
      { item: 4, measure: `ledger record(), ${label} records of history`, value: ms(recordLarge.p50), p99: ms(recordLarge.p99), verdict: 'info' },
      {
        item: 4,
        measure: `ledger record cost, ${label} / 10^3 history (p50, paired rounds)`,
        value: times(recordRatio),
        target: '<= 1.5x',
        verdict: atMost(recordRatio, 1.5),
      },
      {
        item: 4,
        measure: `ledger reserve + settle, ${label} history`,
        value: ms(summarize(pairLarge).p50),
        p99: ms(summarize(pairLarge).p99),
        verdict: 'info',
      },
      {
        item: 4,
        measure: `ledger sustained records, ${SUSTAINED_CALLERS} callers, ${label} history`,
        value: perSecond(sustained),
        target: '>= 5,000/s',
        verdict: atLeast(sustained, 5000),
      },
      {
        item: 4,
        measure: `budgetStatus at ${label} records, after a write`,
        value: ms(afterWrite.p50),
        p99: ms(afterWrite.p99),
        target: '<= 5 ms',
        verdict: atMost(afterWrite.p50, 5),
      },
      {
        item: 4,
        measure: `budgetStatus at ${label} records, nothing new`,
        value: ms(unchanged.p50),
        p99: ms(unchanged.p99),
        target: '<= 5 ms',
        verdict: atMost(unchanged.p50, 5),
      },
    ];
    const warnings = small.logger.warnings + big.logger.warnings + small.logger.errors + big.logger.errors;
    if (warnings > 0) ctx.progress(`ledger: the ledgers logged ${warnings} warnings/errors`);
    return {
      rows,
      data: {
        history: { small: SMALL, large, synthesisSeconds, largeFiles },
        recordMs: { small: recordSmall, large: recordLarge, roundsRatioP50 },
        reserveSettleMs: { small: summarize(pairSmall), large: summarize(pairLarge) },
        sustainedRecordsPerSecond: sustained,
        budgetStatusMs: { afterWrite, unchanged },
      },
    };
  } finally {
    for (const l of [small, big]) {
      await l.ledger.close();
      await rm(l.home, { recursive: true, force: true });
    }
  }
}
