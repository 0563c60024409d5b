import type { Ledger, UnreservedReport } from '@aegis-llm/core';

const PROVIDERS = ['dashscope', 'openai', 'anyllm'] as const;
const MODELS = ['qwen-plus', 'qwen-max', 'qwen-turbo', 'qwen-flash'] as const;
/** Records per group commit (the embedded store's default maxBatch). */
const BATCH = 1000;
const DAY_MS = 86_400_000;

/**
 * Fills a ledger with `count` past requests through its own `record()`, so
 * the files are exactly what the store writes (no copy of its format here).
 * Records are sent a batch at a time, and the store's group commit writes each
 * batch in one commit, which is what makes 10^6 affordable.
 *
 * What "history" costs the embedded store: the per-request JSONL log of the
 * month only grows (appended, never read when recording), and the lowdb
 * document holds sums per month (13 kept) and per day (40 kept) per provider
 * and model, rewritten on every commit. So the history is spread to make the
 * document as big as it gets: half of it over the 12 months before this one
 * (28 days each), half over the current month's days so far, 3 providers x 4
 * models throughout. In time order, as history happens (the ledger's
 * calendar keeps the last day it computed, as live traffic would hit it).
 */
export async function synthesizeHistory(ledger: Ledger, count: number, now: number): Promise<void> {
  const today = new Date(now);
  const year = today.getUTCFullYear();
  const month = today.getUTCMonth();
  const daysSoFar = today.getUTCDate();
  const past = Math.floor(count / 2);
  const reportAt = (i: number): UnreservedReport => {
    let dayStart: number;
    let slotSize: number;
    let indexInSlot: number;
    if (i < past) {
      const slots = 12 * 28;
      const slot = Math.floor((i * slots) / past);
      dayStart = Date.UTC(year, month - 12 + Math.floor(slot / 28), 1 + (slot % 28));
      slotSize = past / slots;
      indexInSlot = i - Math.ceil(slot * slotSize);
    } else {
      const slot = Math.floor(((i - past) * daysSoFar) / (count - past));
      dayStart = Date.UTC(year, month, 1 + slot);
      slotSize = (count - past) / daysSoFar;
      indexInSlot = i - past - Math.ceil(slot * slotSize);
    }
    // Spread over the day (and never after now).
    const startedAt = Math.min(now - 1000, dayStart + Math.floor((Math.max(0, indexInSlot) / Math.max(1, slotSize)) * (DAY_MS - 1)));
    return {
      id: `history-${i}`,
      provider: PROVIDERS[i % PROVIDERS.length]!,
      model: MODELS[(i >> 2) % MODELS.length]!,
      startedAt,
      usage: { inputTokens: 200 + (i % 300), outputTokens: 50 + (i % 200), cachedInputTokens: 0, reasoningTokens: 0, estimated: false },
      costMicroUsd: 20 + (i % 500),
      latencyMs: 300 + (i % 700),
      ttftMs: 100 + (i % 200),
      outcome: 'ok',
      attempts: 1,
      task: 'chat',
    };
  };
  for (let start = 0; start < count; start += BATCH) {
    const end = Math.min(count, start + BATCH);
    const writes: Promise<unknown>[] = [];
    for (let i = start; i < end; i += 1) writes.push(ledger.record(reportAt(i)));
    await Promise.all(writes);
  }
}
