import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAegisError } from '../errors.js';
import { createLedger } from './create-ledger.js';
import { ledgerConfig, manualClock, memoryLogger, okReport } from './test-support/ledger-fixtures.js';
import { USAGE_RANGE_MAX_DAYS, usageRangeDays } from './usage-range.js';

function refusedField(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (isAegisError(error) && error.kind === 'bad_request') return error.details?.field;
    throw error;
  }
  throw new Error('expected a bad_request');
}

describe('usageRangeDays', () => {
  it('lists every day from..to across a month end, both included', () => {
    expect(usageRangeDays('2026-11-29', '2026-12-02', '2026-12-04')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(usageRangeDays('2026-12-04', '2026-12-04', '2026-12-04')).toEqual(['2026-12-04']);
  });

  it('takes 40 days back, today included, and refuses the 41st', () => {
    expect(usageRangeDays('2026-10-26', '2026-12-04', '2026-12-04')).toHaveLength(USAGE_RANGE_MAX_DAYS);
    expect(refusedField(() => usageRangeDays('2026-10-25', '2026-12-04', '2026-12-04'))).toBe('from');
  });

  it('refuses a missing end, an unreal day, a reversed range and a future end, naming the field', () => {
    expect(refusedField(() => usageRangeDays('2026-12-01', undefined, '2026-12-04'))).toBe('to');
    expect(refusedField(() => usageRangeDays(undefined, '2026-12-01', '2026-12-04'))).toBe('from');
    expect(refusedField(() => usageRangeDays('2026-11-31', '2026-12-01', '2026-12-04'))).toBe('from');
    expect(refusedField(() => usageRangeDays('2026-12-01', '2026-13-01', '2026-12-04'))).toBe('to');
    expect(refusedField(() => usageRangeDays('0050-01-01', '2026-12-01', '2026-12-04'))).toBe('from');
    expect(refusedField(() => usageRangeDays('20261201', '2026-12-02', '2026-12-04'))).toBe('from');
    expect(refusedField(() => usageRangeDays('2026-12-03', '2026-12-02', '2026-12-04'))).toBe('from');
    expect(refusedField(() => usageRangeDays('2026-12-03', '2026-12-05', '2026-12-04'))).toBe('to');
  });
});

describe('ledger.usage with a date range', () => {
  const homes: string[] = [];
  afterAll(() => homes.forEach((home) => rmSync(home, { recursive: true, force: true })));

  it('gives the day sums of the range, a month end crossed, from the embedded store', async () => {
    const home = mkdtempSync(join(tmpdir(), 'aegis-range-'));
    homes.push(home);
    const clock = manualClock(Date.parse('2026-11-29T10:00:00Z'));
    const ledger = createLedger({ config: ledgerConfig(home), clock, logger: memoryLogger() });
    const spend = async (id: string, micro: number) => {
      const held = await ledger.reserve({ id, provider: 'dashscope', model: 'qwen-plus', worstCaseMicroUsd: micro });
      await ledger.settle(held, okReport(micro));
    };
    await spend('a', 100);
    clock.set(Date.parse('2026-11-30T10:00:00Z'));
    await spend('b', 200);
    clock.set(Date.parse('2026-12-02T10:00:00Z'));
    await spend('c', 400);

    const report = await ledger.usage({ from: '2026-11-30', to: '2026-12-02' });
    expect(report.range).toEqual({ from: '2026-11-30', to: '2026-12-02', days: ['2026-11-30', '2026-12-01', '2026-12-02'] });
    expect(Object.keys(report.days).sort()).toEqual(['2026-11-30', '2026-12-02']);
    expect(report.days['2026-11-30']?.dashscope?.models['qwen-plus']?.spentMicroUsd).toBe(200);
    expect(report.days['2026-12-02']?.dashscope?.total.spentMicroUsd).toBe(400);
    // Without a range: this month's days only.
    const plain = await ledger.usage();
    expect(plain.range).toBeUndefined();
    expect(Object.keys(plain.days)).toEqual(['2026-12-02']);
    await expect(ledger.usage({ from: '2026-12-03', to: '2026-12-03' })).rejects.toMatchObject({ kind: 'bad_request', details: { field: 'to' } });
    await ledger.close();
  });
});
