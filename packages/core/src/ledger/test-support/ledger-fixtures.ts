/** Small builders shared by the ledger, budget and alert tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderBudget } from '../../config/types.js';
import type { LedgerConfig, RequestReport } from '../ledger.js';
import type { LedgerRecord } from '../ledger-record.js';
import type { Logger } from '../../log/logger.js';

export function tempHome(prefix = 'aegis-ledger-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Temporary directories a test file makes and removes when it is done (`afterAll(homes.removeAll)`). */
export function tempHomes(): { make(): Promise<string>; removeAll(): Promise<void> } {
  const made: string[] = [];
  return {
    async make() {
      const dir = await tempHome();
      made.push(dir);
      return dir;
    },
    async removeAll() {
      await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

export function budget(limitMicroUsd: number, extra: Partial<ProviderBudget> = {}): ProviderBudget {
  return { monthlyLimitMicroUsd: limitMicroUsd, onLimit: 'block', alertThresholds: [50, 80, 100], models: {}, ...extra };
}

export function ledgerConfig(home: string, extra: Partial<LedgerConfig> = {}): LedgerConfig {
  return { home, budgets: {}, alerts: {}, timeZone: 'UTC', routing: { requestTimeoutMs: 55_000 }, ...extra };
}

export function okReport(costMicroUsd: number | undefined, extra: Partial<RequestReport> = {}): RequestReport {
  return {
    usage: { inputTokens: 100, outputTokens: 50, cachedInputTokens: 0, reasoningTokens: 0, estimated: false },
    costMicroUsd,
    latencyMs: 12,
    outcome: 'ok',
    attempts: 1,
    ...extra,
  };
}

export function sampleRecord(id: string, costMicroUsd: number, extra: Partial<LedgerRecord> = {}): LedgerRecord {
  return {
    id,
    time: '2026-11-03T10:00:00.000Z',
    period: '2026-11',
    day: '2026-11-03',
    provider: 'dashscope',
    model: 'qwen-plus',
    inputTokens: 10,
    cachedInputTokens: 0,
    outputTokens: 5,
    reasoningTokens: 0,
    estimated: false,
    costMicroUsd,
    latencyMs: 3,
    outcome: 'ok',
    attempts: 1,
    fallback: false,
    ...extra,
  };
}

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

/** A logger that keeps what it is told, for assertions. */
export function memoryLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    info: (message, fields) => entries.push({ level: 'info', message, fields }),
    warn: (message, fields) => entries.push({ level: 'warn', message, fields }),
    error: (message, fields) => entries.push({ level: 'error', message, fields }),
  };
}

/** A clock the test moves. */
export function manualClock(start: number): { now(): number; set(ms: number): void; advance(ms: number): void } {
  let current = start;
  return {
    now: () => current,
    set: (ms) => {
      current = ms;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
